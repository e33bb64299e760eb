"""Briefs are inert in every format, whatever the documents hold (the output-safety issue, for briefs)."""

import json

from click.testing import CliRunner

from c5brief.cli import cli
from safety import markdown_problems, raw_controls, shown_text

HOSTILE = """---
title: "[Click](javascript:alert(1)) <script>alert(2)</script>"
source: "Evil *Wire* <img src=x onerror=alert(3)>"
url: "javascript:alert(4)"
date: 2025-11-07
---

Kazakhstan and the *US* firm [Steppe](javascript:alert(5)) signed a $1.1 billion joint venture
on Thursday <script>x()</script>, officials said.

“We want **finished** metal in Kazakhstan, not ore alone,” Kassym-Jomart Tokayev said in Astana
\x1b]52;c;aGk=\x07 on Thursday.

Kazakhstan is expected to sign a second memorandum with _Steppe_ \u202eevil\u202c next year.
"""


def run_brief(tmp_path, fmt):
    doc = tmp_path / "hostile.md"
    doc.write_text(HOSTILE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["country", "kazakhstan", "--no-seeds", "--corpus", str(doc), "-f", fmt,
                                      "--color", "never"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_a_hostile_document_gives_an_inert_markdown_brief(tmp_path):
    md = run_brief(tmp_path, "md")
    assert markdown_problems(md) == []
    assert "signed a $1.1 billion joint venture" in shown_text(md)  # escaped, but reads as written
    assert raw_controls(md) == []


def test_a_hostile_document_gives_inert_text_rich_and_json_briefs(tmp_path):
    for fmt in ("text", "rich", "json"):
        assert raw_controls(run_brief(tmp_path, fmt)) == [], fmt
    data = json.loads(run_brief(tmp_path, "json"))
    assert any("<script>" in p["text"] for p in data["key_points"])  # JSON keeps the stored text
