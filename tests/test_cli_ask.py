"""`c5brief ask` through CliRunner: formats, options, exit statuses and messages."""

import json
import os

import pytest

from conftest import FIXTURES, c5brief, run
from safety import shown_text


def test_ask_json_shape_and_exit_code():
    result = run("ask", "Jackson-Vanik", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["query"] == "Jackson-Vanik"
    assert "Jackson-Vanik" in data["results"][0]["text"]
    assert data["results"][0]["id"].endswith(".p15")


def test_piped_default_is_markdown():
    result = run("ask", "Jackson-Vanik", "-k", "2")
    assert result.stdout.startswith("\n# Jackson-Vanik")
    assert "[^fb457485cf.p15]: " in result.stdout and "\x1b" not in result.stdout


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
        shown = shown_text(result.stdout) if fmt == "md" else result.stdout
        assert "\\x1b[31mred" in shown


def test_ask_reports_corrections_and_suggestions_on_stderr_and_in_json():
    result = run("ask", "Vanick", "-f", "json")
    assert "searched for 'vanik' instead of 'Vanick'" in result.stderr
    assert json.loads(result.stdout)["corrections"] == [{"from": "Vanick", "to": "vanik"}]
    suggested = run("ask", "Jackson Vanick", "-f", "json")
    assert "no passage contains 'Vanick'; did you mean 'vanik'?" in suggested.stderr
    data = json.loads(suggested.stdout)
    assert data["corrections"] == [] and data["suggestions"] == [{"word": "Vanick", "did_you_mean": "vanik"}]
    assert data["results"][0]["partial"] is True  # Jackson alone: not an answer to paste


NEWS = ("--no-seeds", "--corpus", str(FIXTURES / "news"))


def results(*args: str, input: str | None = None) -> list[dict]:
    result = run("ask", *args, *NEWS, "-f", "json", "-k", "20", input=input)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)["results"]


@pytest.mark.parametrize("fmt", ["md", "text", "rich", "json", "jsonl"])
def test_phrases_and_exclusions_hold_in_every_format(fmt):
    result = run("ask", '"rare earth" -Italy', *NEWS, "-f", fmt, "-k", "20")
    assert result.exit_code == 0
    assert "rare earth" in result.stdout and "Negotiators discussed" in result.stdout
    assert "Italy" not in result.stdout.replace("-Italy", "")  # only the echoed question names it


def test_the_question_may_be_several_words_or_read_from_standard_input():
    quoted = results("tungsten deposits")
    assert quoted and results("tungsten", "deposits") == quoted
    assert results("-", input="tungsten deposits\n") == quoted


def test_a_question_from_a_real_pipe():
    process = c5brief("ask", "-", *NEWS, "-f", "json", input='"rare earth" -Italy\n')
    assert process.returncode == 0, process.stderr
    texts = [r["text"] for r in json.loads(process.stdout)["results"]]
    assert texts and all("Italy" not in t for t in texts)


def test_an_unquoted_exclusion_is_explained():
    result = run("ask", "rare", "earth", "-Italy", *NEWS)
    assert result.exit_code == 2
    assert "quote the question or put -- before it" in result.stderr and "Traceback" not in result.stderr
    after_dashes = run("ask", *NEWS, "-f", "json", "-k", "20", "--", "rare", "earth", "-Italy")
    assert json.loads(after_dashes.stdout)["results"] == results("rare earth -Italy")


def test_filters_narrow_the_results():
    assert {r["source"] for r in results("rare earth", "--source", "STEPPE WIRE")} == {"Steppe Wire"}
    assert all(r["date"] >= "2025-11" for r in results("rare earth", "--since", "2025-11"))
    assert {r["title"] for r in results("rare earth", "--until", "2025-10-31")} == {"Rare earth talks continue"}
    doc = results("tungsten deposits")[0]["doc"]
    assert {r["doc"] for r in results("rare earth", "--doc", doc[:5])} == {doc}
    kazakh = results("shipment tungsten rare earth", "--country", "kazakhstan")
    assert kazakh and len(kazakh) < len(results("shipment tungsten rare earth"))


def test_undated_documents_left_out_by_a_date_filter_are_counted_on_stderr():
    result = run("ask", "visas", *NEWS, "--since", "2025")
    assert result.exit_code == 1
    assert "undated document" in result.stderr and "nothing found" in result.stderr


@pytest.mark.parametrize("args, status, message", [
    (["--since", "2025-13-01"], 2, "is not a date like 2025-11-06"),
    (["--until", "last week"], 2, "is not a date like 2025-11-06"),
    (["--country", "narnia"], 2, "unknown country 'narnia'"),
    (["--topic", "narnia"], 2, "unknown topic 'narnia'"),
    (["--doc", "zz"], 2, "'zz' is not a document id"),
    (["--doc", "abcdef12"], 1, "no document with id 'abcdef12'"),
    (["--k1", "nan"], 2, "is not a finite number"),
])
def test_bad_filters_fail_in_one_line(args, status, message):
    result = run("ask", "rare earth", *NEWS, *args)
    assert result.exit_code == status
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_query_of_exclusions_alone_is_refused():
    result = run("ask", *NEWS, "--", "-Italy")
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "only leaves things out" in result.stderr


@pytest.mark.parametrize("fmt", ["md", "text"])
def test_explain_prints_each_terms_share(fmt):
    out = run("ask", "tungsten deposits", *NEWS, "-f", fmt, "-k", "1", "--explain").stdout
    assert "tungsten: weight 1, tf 2" in out and "deposit: weight 1, tf 1" in out


def test_explain_in_json_adds_up_to_the_score():
    [hit] = json.loads(run("ask", "tungsten deposits", *NEWS, "-f", "json", "-k", "1", "--explain").stdout)["results"]
    assert {c["term"] for c in hit["explain"]} == {"tungsten", "deposit"}
    assert sum(c["score"] for c in hit["explain"]) == pytest.approx(hit["score"], abs=1e-3)
    assert "explain" not in results("tungsten deposits")[0]


def test_partial_matches_are_marked():
    hits = results("Aral Sea")
    assert hits[0]["partial"] is False and any(h["partial"] for h in hits)
    assert "partial match: Sea" in run("ask", "Aral Sea", *NEWS, "-f", "md").stdout


def test_a_caption_is_cited_as_a_caption():
    out = run("ask", "drone pier", *NEWS, "-f", "text", "-k", "1").stdout
    assert "caption 2 (" in out and "paragraph 2 (" not in out


def test_literal_turns_the_query_language_off():
    pasted = '"what you see is what you get" -Italy refinery'
    assert results(pasted) == []  # no passage has the phrase
    literal = results("--literal", pasted)
    assert literal and "Italy" in literal[0]["text"]  # refinery and Italy, ranked as words


def test_russian_passages_are_marked_and_lang_filters_them():
    russian = ("--corpus", str(FIXTURES / "russian"))
    text = run("ask", "Berdimuhamedov Trump gas", *russian, "-f", "text", "-k", "1").stdout
    assert "paragraph 1 [ru]" in text
    data = json.loads(run("ask", "Trump", *russian, "--lang", "ru", "-f", "json", "-k", "20").stdout)
    assert data["results"] and {r["language"] for r in data["results"]} == {"ru"}
    assert run("ask", "Trump", "--lang", "de").exit_code == 2
    brief = run("country", "turkmenistan", "--no-seeds", *russian, "-f", "md").stdout
    assert "[ru]" in brief
