"""The command line, through CliRunner and as a real subprocess."""

import json
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from c5brief import __version__
from c5brief.cli import all_commands, cli

from conftest import FIXTURES, ROOT


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_ask_json_shape_and_exit_code():
    result = run("ask", "Jackson-Vanik", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["query"] == "Jackson-Vanik"
    assert "Jackson-Vanik" in data["results"][0]["text"]
    assert data["results"][0]["id"].endswith(".p15")


def test_piped_default_is_markdown():
    result = run("ask", "Jackson-Vanik", "-k", "2")
    assert result.stdout.startswith("# Jackson-Vanik")
    assert "## Sources" in result.stdout and "\x1b" not in result.stdout


def test_limit_option_and_env_default():
    assert len(json.loads(run("ask", "Central Asia", "-f", "json", "-k", "3").stdout)["results"]) == 3
    env = {"C5BRIEF_LIMIT": "2", "C5BRIEF_FORMAT": "json"}
    assert len(json.loads(run("ask", "Central Asia", env=env).stdout)["results"]) == 2


def test_nothing_found_exits_1_with_a_message():
    result = run("ask", "zanzibar", "-f", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["results"] == []
    assert "nothing found" in result.stderr and "zanzibar" in result.stderr


def test_unmatched_words_are_named_on_stderr():
    result = run("ask", "Caspian zanzibar")
    assert result.exit_code == 0
    assert "no passage contains: zanzibar" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["ask", "the of"], "nothing to search for"),
    (["ask", "Caspian", "--corpus", "/no/such/path"], "/no/such/path: no such file or folder"),
    (["ask", "Caspian", "-k", "0"], "Invalid value for '--limit'"),
    (["ask", "Caspian", "--format", "xml"], "Invalid value for '--format'"),
    (["ask"], "Missing argument 'QUESTION'"),
    (["nosuchcommand"], "No such command"),
])
def test_usage_and_input_errors_exit_2_in_one_line(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_corpus_option_and_env_var_add_documents(tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("Other\n\nThe Aral Sea shrank dramatically.\n")
    by_option = run("ask", "Aral", "-f", "json", "--corpus", str(FIXTURES / "wrapped.txt"), "--corpus", str(other))
    assert json.loads(by_option.stdout)["results"][0]["title"] == "Other"
    env = {"C5BRIEF_CORPUS": os.pathsep.join([str(FIXTURES / "wrapped.txt"), str(other)])}
    assert json.loads(run("ask", "Aral", "-f", "json", env=env).stdout)["results"][0]["title"] == "Other"
    aktau = run("ask", "Aktau", "-f", "json", env=env)
    assert {r["title"] for r in json.loads(aktau.stdout)["results"]} >= {"A Hard-Wrapped Report"}


def test_no_seeds():
    result = run("ask", "Jackson-Vanik", "--no-seeds", "--corpus", str(FIXTURES / "wrapped.txt"))
    assert result.exit_code == 1


def test_markup_in_documents_is_printed_literally():
    result = run("ask", "Samarkand", "--no-seeds", "--corpus", str(FIXTURES / "markup.txt"), "-f", "text")
    assert "[bold red]Samarkand[/bold red]" in result.stdout
    assert "[link=https://evil.example]a link[/link]" in result.stdout


def test_control_characters_in_documents_never_reach_the_terminal():
    for fmt in ("md", "text", "rich"):
        result = run("ask", "Samarkand bell", "--no-seeds", "--corpus", str(FIXTURES / "control.txt"), "-f", fmt)
        assert "\x1b[31m" not in result.stdout and "\x07" not in result.stdout
        assert "\\x1b[31mred" in result.stdout


def test_internal_errors_are_one_line_unless_debugging(monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr("c5brief.retrieve.ask", boom)
    result = CliRunner().invoke(cli, ["ask", "Caspian"])
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: internal error: RuntimeError: kaboom")
    assert "Traceback" not in result.stderr
    debug = CliRunner().invoke(cli, ["--debug", "ask", "Caspian"])
    assert isinstance(debug.exception, RuntimeError)


def test_country_brief_markdown_and_json():
    md = run("country", "kazakhstan")
    assert md.exit_code == 0
    assert md.stdout.startswith("# Republic of Kazakhstan")
    assert "## Sources" in md.stdout and "[1]" in md.stdout and "\x1b" not in md.stdout
    data = json.loads(run("country", "KZ", "--format", "json").stdout)
    assert data["subject"] == "Kazakhstan" and data["kind"] == "country"
    assert data["header"]["leaders"] == ["President Kassym-Jomart Tokayev"]
    point = data["sections"][0]["points"][0]
    assert point["text"] and point["citations"]
    assert {c for s in data["sections"] for p in s["points"] for c in p["citations"]} == {s["id"] for s in data["sources"]}


def test_brief_command_matches_its_shortcuts():
    assert run("brief", "--country", "kyrgyz", "-f", "json").stdout == run("country", "Kirghizia", "-f", "json").stdout
    assert run("brief", "--topic", "minerals", "-f", "json").stdout == run("topic", "minerals", "-f", "json").stdout


@pytest.mark.parametrize("args, message", [
    (["country", "kazakhsta"], "did you mean kazakhstan?"),
    (["topic", "astrology"], "unknown topic 'astrology'"),
    (["brief"], "give exactly one of --country NAME or --topic NAME"),
    (["brief", "--country", "KZ", "--topic", "minerals"], "give exactly one"),
    (["country", "KZ", "--length", "5"], "Invalid value for '--length'"),
    (["country", "KZ", "--gazetteer", "/no/such.json"], "cannot read"),
])
def test_brief_usage_errors_exit_2(args, message):
    result = run(*args)
    assert result.exit_code == 2 and message in result.stderr


def test_brief_on_a_subject_nobody_covers_exits_1():
    result = run("country", "GB", "--no-seeds", "--corpus", str(FIXTURES / "wrapped.txt"), "-f", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["sections"] == []
    assert "no passage mentions United Kingdom" in result.stderr


def test_listings_and_matrix():
    countries = json.loads(run("countries", "-f", "json").stdout)["countries"]
    assert {"id": "TM", "name": "Turkmenistan", "passages": 1, "sources": 1, "leaders": []} in countries
    topics = run("topics", "-f", "text").stdout
    assert "minerals" in topics and "Critical minerals and rare earths" in topics
    md = run("matrix", "-f", "md").stdout
    assert md.startswith("| country | minerals |") and "| Turkmenistan |" in md
    rich = run("matrix", "-f", "rich").stdout
    assert "·" in rich  # empty cells are shown, not hidden


def test_ask_reports_corrections_on_stderr_and_in_json():
    result = run("ask", "Jackson Vanick", "-f", "json")
    assert "searched for 'vanik' instead of 'Vanick'" in result.stderr
    assert json.loads(result.stdout)["corrections"] == [{"from": "Vanick", "to": "vanik"}]


def test_version_and_help():
    assert run("--version").stdout.strip() == f"c5brief, version {__version__}"
    for args in (["-h"], ["--help"], *([name, "-h"] for name in all_commands())):
        result = run(*args)
        assert result.exit_code == 0 and "Examples:" in result.stdout, args


# Real processes: the installed entry point, pipes and terminals.

def c5brief(*args, **kw):
    return subprocess.run([sys.executable, "-m", "c5brief", *args], capture_output=True, text=True, **kw)


def test_subprocess_json_and_exit_codes():
    ok = c5brief("ask", "Jackson-Vanik", "--format", "json")
    assert ok.returncode == 0 and json.loads(ok.stdout)["results"]
    assert c5brief("ask", "zanzibar").returncode == 1
    bad = c5brief("ask", "the")
    assert bad.returncode == 2 and bad.stderr.startswith("Error:") and len(bad.stderr.splitlines()) == 1


def test_subprocess_piped_output_is_plain_markdown():
    out = c5brief("ask", "critical minerals").stdout
    assert out.startswith("# critical minerals") and "\x1b" not in out


def test_piping_into_head_ends_quietly():
    shell = f"{sys.executable} -m c5brief ask 'Central Asia' -k 50 | head -1"
    result = subprocess.run(["bash", "-c", f"set -o pipefail; {shell}"], capture_output=True, text=True)
    assert result.stdout == "# Central Asia\n"
    assert result.stderr == ""


@pytest.mark.skipif(not shutil.which("script"), reason="needs script(1) for a pseudo-terminal")
def test_terminal_output_is_rich_and_no_color_is_honoured():
    command = f"{sys.executable} -m c5brief ask 'Jackson-Vanik' -k 1"
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm-256color"}
    coloured = subprocess.run(["script", "-qec", command, "/dev/null"], capture_output=True, text=True, env=env)
    assert "\x1b[" in coloured.stdout and "# Jackson-Vanik" not in coloured.stdout
    assert "Jackson" in coloured.stdout
    plain = subprocess.run(["script", "-qec", command, "/dev/null"], capture_output=True, text=True,
                           env={**env, "NO_COLOR": "1"})
    assert "\x1b[1;33m" not in plain.stdout and "\x1b[36m" not in plain.stdout
    assert "Jackson" in plain.stdout


def test_python_dash_m_matches_console_script():
    script = shutil.which("c5brief")
    if not script:
        pytest.skip("c5brief is not installed on PATH")
    a = subprocess.run([script, "ask", "Aktau", "-f", "json"], capture_output=True, text=True)
    assert json.loads(a.stdout) == json.loads(c5brief("ask", "Aktau", "-f", "json").stdout)
