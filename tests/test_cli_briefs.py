"""The brief commands through CliRunner: brief, country, topic, countries, topics, matrix."""

import json

import pytest

from conftest import FIXTURES, run


def test_country_brief_markdown_and_json():
    md = run("country", "kazakhstan")
    assert md.exit_code == 0
    assert md.stdout.startswith("\n# Republic of Kazakhstan")
    assert "## Sources" not in md.stdout and "[^fb457485cf.p15]" in md.stdout and "\x1b" not in md.stdout
    assert "\n[^fb457485cf.p15]: Central Asian Leaders Arriving in Washington for Trump Summit, paragraph 15" \
        in md.stdout
    data = json.loads(run("country", "KZ", "--format", "json").stdout)
    assert data["subject"] == "Kazakhstan" and data["kind"] == "country"
    assert data["header"]["leaders"] == ["President Kassym-Jomart Tokayev"]
    point = data["sections"][0]["points"][0]
    assert point["text"] and point["citations"]
    points = [*data["key_points"], *(p for s in data["sections"] for p in s["points"])]
    cited = {c for p in points for c in p["citations"]}
    cited |= {c for key in ("timeline", "deals", "quotes") for item in data[key] for c in item["citations"]}
    assert cited == {s["id"] for s in data["sources"]}
    assert all(p["outlets"] >= 1 and p["kind"] in ("outcome", "claim", "report", "forecast") for p in points)
    assert data["timeline"] == sorted(data["timeline"], key=lambda e: e["date"])


def test_brief_command_matches_its_shortcuts():
    assert run("brief", "--country", "kyrgyz", "-f", "json").stdout == run("country", "Kirghizia", "-f", "json").stdout
    assert run("brief", "--topic", "minerals", "-f", "json").stdout == run("topic", "minerals", "-f", "json").stdout


@pytest.mark.parametrize("args, message", [
    (["country", "kazakhsta"], "did you mean kazakhstan?"),
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
    assert md.startswith("\n| country | minerals |") and "| Turkmenistan |" in md
    rich = run("matrix", "-f", "rich").stdout
    assert "·" in rich  # empty cells are shown, not hidden


def test_a_subject_that_is_no_topic_gets_a_brief_on_its_words():
    found = run("topic", "Jackson-Vanik")
    assert found.exit_code == 0
    assert "Jackson-Vanik" in found.stdout and "not a gazetteer topic" in found.stderr
    nothing = run("topic", "astrology")
    assert nothing.exit_code == 1 and "nothing found" in nothing.stderr
    assert "did you mean minerals" in run("topic", "minrals").stderr
