"""`c5brief ask` through CliRunner: formats, options, exit statuses and messages."""

import json
import os

import pytest

from conftest import FIXTURES, run


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
    (["ask"], "Missing argument 'QUESTION...'"),
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


def test_ask_reports_corrections_and_suggestions_on_stderr_and_in_json():
    result = run("ask", "Vanick", "-f", "json")
    assert "searched for 'vanik' instead of 'Vanick'" in result.stderr
    assert json.loads(result.stdout)["corrections"] == [{"from": "Vanick", "to": "vanik"}]
    suggested = run("ask", "Jackson Vanick", "-f", "json")
    assert "no passage contains 'Vanick'; did you mean 'vanik'?" in suggested.stderr
    data = json.loads(suggested.stdout)
    assert data["corrections"] == [] and data["suggestions"] == [{"word": "Vanick", "did_you_mean": "vanik"}]
    assert data["results"][0]["partial"] is True  # Jackson alone: not an answer to paste
