"""The library commands through CliRunner: add, sources, show, remove."""

import json
import shutil

import pytest

from conftest import FIXTURES, SEEDS, run
from safety import shown_text

NOTE = "Aral notes\n\nThe Aral Sea shrank as Uzbek cotton fields took its rivers.\n"


def sources_json(*args):
    return json.loads(run("sources", "-f", "json", *args).stdout)["documents"]


def test_add_then_ask_sources_show_and_remove(tmp_path):
    (tmp_path / "aral.txt").write_text(NOTE)
    added = run("add", str(tmp_path / "aral.txt"), "-f", "json")
    assert added.exit_code == 0
    assert added.stderr.strip() == "1 added, 0 updated, 0 unchanged, 0 refused"
    [entry] = json.loads(added.stdout)["documents"]
    doc_id = entry["id"]

    hit = json.loads(run("ask", "Aral cotton", "-f", "json").stdout)["results"][0]
    assert hit["id"] == f"{doc_id}.p1" and hit["title"] == "Aral notes"

    listed = sources_json()
    assert [d["origin"] for d in listed] == ["seed", "seed", "library"]
    assert listed[2]["path"] == str(tmp_path / "aral.txt")
    assert [d["id"] for d in sources_json("--no-seeds")] == [doc_id]

    shown = run("show", f"{doc_id}.p1", "-f", "text")
    assert shown.exit_code == 0 and "Aral notes" in shown.stdout and "Uzbek cotton" in shown.stdout
    assert run("show", doc_id[:6], "-f", "json").exit_code == 0  # a unique prefix is enough

    removed = run("remove", doc_id)
    assert removed.exit_code == 0 and "1 removed, 0 refused" in removed.stderr
    assert run("ask", "Aral cotton", "-f", "json").exit_code == 1
    assert run("show", doc_id).exit_code == 1


def test_readding_reports_unchanged_and_a_changed_file_keeps_its_id(tmp_path):
    note = tmp_path / "aral.txt"
    note.write_text(NOTE)
    doc_id = json.loads(run("add", str(note), "-f", "json").stdout)["documents"][0]["id"]
    assert run("add", str(note)).stderr.strip() == "0 added, 0 updated, 1 unchanged, 0 refused"
    note.write_text(NOTE + "\nKarakalpak fishermen left the old port of Moynaq.\n")
    again = json.loads(run("add", str(note), "-f", "json").stdout)["documents"][0]
    assert again == {"path": str(note), "outcome": "updated", "id": doc_id}
    hit = json.loads(run("ask", "Moynaq fishermen", "-f", "json").stdout)["results"][0]
    assert hit["id"] == f"{doc_id}.p2"


def test_refused_files_are_named_and_set_the_exit_code(tmp_path):
    (tmp_path / "good.txt").write_text(NOTE)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "photo.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    result = run("add", str(tmp_path), str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert f"refused: {tmp_path / 'empty.txt'}: empty" in lines
    assert f"refused: {tmp_path / 'photo.md'}: not text: a PNG image" in lines
    assert f"refused: {tmp_path / 'missing.txt'}: no such file or folder" in lines
    assert lines[-1] == "1 added, 0 updated, 0 unchanged, 3 refused"
    assert [d["title"] for d in sources_json("--no-seeds")] == ["Aral notes"]


def test_standard_input_with_a_title():
    result = run("add", "-", "--title", "Pasted wire copy", input="Turkmen gas flowed to China via Galkynysh.")
    assert result.exit_code == 0
    [doc] = sources_json("--no-seeds")
    assert doc["title"] == "Pasted wire copy" and doc["path"] == "-"
    assert "library: standard input" in run("sources", "-f", "text").stdout


def add_json(*args, **kwargs):
    result = run("add", *args, "-f", "json", **kwargs)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["documents"][0]["id"], result.stderr.strip()


def metadata(doc_id):
    shown = json.loads(run("show", doc_id, "-f", "json").stdout)["document"]
    return shown["title"], shown["date"], shown["source"], shown["url"]


def test_add_sets_a_files_metadata_and_show_gives_it(tmp_path):
    (tmp_path / "aral.txt").write_text(NOTE)
    doc_id, summary = add_json(str(tmp_path / "aral.txt"), "--title", "The Aral Sea, again", "--date", "2025-11-06",
                               "--source", "Kabar", "--url", "https://kabar.kg/news/aral")
    assert summary == "1 added, 0 updated, 0 unchanged, 0 refused"
    assert metadata(doc_id) == ("The Aral Sea, again", "2025-11-06", "Kabar", "https://kabar.kg/news/aral")
    text = run("show", doc_id, "-f", "text").stdout
    assert text.startswith("The Aral Sea, again\n")
    for line in ("date: 2025-11-06", "source: Kabar", "url: https://kabar.kg/news/aral"):
        assert line in text.splitlines()
    markdown = run("show", doc_id, "-f", "md").stdout
    assert "# The Aral Sea, again" in markdown and "- **source:** Kabar" in markdown


def test_readding_corrects_the_metadata_and_keeps_what_it_does_not_correct(tmp_path):
    note = tmp_path / "aral.txt"
    note.write_text(NOTE)
    doc_id, _ = add_json(str(note), "--title", "Aral", "--source", "Kabar")
    again, summary = add_json(str(note), "--date", "2025-11")
    assert again == doc_id and summary == "0 added, 1 updated, 0 unchanged, 0 refused"
    assert metadata(doc_id) == ("Aral", "2025-11", "Kabar", None)
    _, summary = add_json(str(note))
    assert summary == "0 added, 0 updated, 1 unchanged, 0 refused"
    assert metadata(doc_id) == ("Aral", "2025-11", "Kabar", None)
    note.write_text(NOTE + "\nKarakalpak fishermen left the old port of Moynaq.\n")
    _, summary = add_json(str(note))
    assert summary == "0 added, 1 updated, 0 unchanged, 0 refused"
    assert metadata(doc_id) == ("Aral", "2025-11", "Kabar", None)  # the text changed; what was set stands
    hit = json.loads(run("ask", "Moynaq fishermen", "-f", "json").stdout)["results"][0]
    assert (hit["title"], hit["source"]) == ("Aral", "Kabar")  # the index follows


def test_an_empty_value_gives_back_what_the_document_says(tmp_path):
    note = tmp_path / "aral.md"
    note.write_text("---\ntitle: The shrinking Aral\ndate: 2025-11-07\nsource: Kun.uz\n---\n\n" + NOTE)
    doc_id, _ = add_json(str(note), "--title", "Aral", "--source", "Kabar", "--date", "2025-11")
    assert metadata(doc_id)[:3] == ("Aral", "2025-11", "Kabar")
    again, summary = add_json(str(note), "--title", "", "--date", "")
    assert again == doc_id and summary == "0 added, 1 updated, 0 unchanged, 0 refused"
    assert metadata(doc_id)[:3] == ("The shrinking Aral", "2025-11-07", "Kabar")  # the source stays as set
    _, summary = add_json(str(note))
    assert summary == "0 added, 0 updated, 1 unchanged, 0 refused"
    assert metadata(doc_id)[:3] == ("The shrinking Aral", "2025-11-07", "Kabar")  # cleared for good
    add_json(str(note), "--source", " ")
    assert metadata(doc_id)[:3] == ("The shrinking Aral", "2025-11-07", "Kun.uz")


def test_standard_input_takes_metadata_and_is_corrected_by_its_text():
    piped = "Turkmen gas flowed to China via Galkynysh."
    doc_id, _ = add_json("-", "--title", "Wire copy", "--source", "Trend", input=piped)
    again, summary = add_json("-", "--title", "Trend, 7 Nov", input=piped)
    assert again == doc_id and summary == "0 added, 1 updated, 0 unchanged, 0 refused"
    assert metadata(doc_id)[:3] == ("Trend, 7 Nov", None, "Trend")


@pytest.mark.parametrize("date", ["2025", "6 Nov 2025", "2025-13", "2025-02-30", "2025/11/06", "20251106"])
def test_a_date_that_is_not_iso_is_a_usage_error(tmp_path, date):
    (tmp_path / "a.txt").write_text(NOTE)
    result = run("add", str(tmp_path / "a.txt"), "--date", date)
    assert result.exit_code == 2
    assert f"Invalid value for '--date': '{date}' is not a date like 2025-11-06 or 2025-11" in result.stderr
    assert sources_json("--no-seeds") == []


@pytest.mark.parametrize("given", [["{dir}"], ["{dir}/a.txt", "{dir}/b.txt"], ["{dir}/a.txt", "-"]])
def test_metadata_for_more_than_one_document_is_a_usage_error(tmp_path, given):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(NOTE)
    (folder / "b.txt").write_text(NOTE.replace("Aral", "Caspian"))
    result = run("add", *[g.format(dir=folder) for g in given], "--source", "Kabar", input="Piped text.")
    assert result.exit_code == 2
    assert "describe one document" in result.stderr and "Usage:" in result.stderr
    assert sources_json("--no-seeds") == []


def test_copies_of_the_seeds_are_duplicates_and_seeds_cannot_be_removed(tmp_path):
    seed = sorted(SEEDS.iterdir())[0]
    (tmp_path / "copy.txt").write_bytes(seed.read_bytes())
    result = run("add", str(tmp_path / "copy.txt"))
    assert result.exit_code == 0 and "repeats" in result.stderr and "1 duplicate" in result.stderr
    seed_id = sources_json()[0]["id"]
    removed = run("remove", seed_id, "0123456789")
    assert removed.exit_code == 2
    assert "bundled seed" in removed.stderr and "no document with this id" in removed.stderr
    assert len(sources_json()) == 2


def test_library_option_and_env_var_choose_the_library(tmp_path):
    (tmp_path / "aral.txt").write_text(NOTE)
    project = tmp_path / "project-lib"
    assert run("add", str(tmp_path / "aral.txt"), "--library", str(project)).exit_code == 0
    assert (project / "library.sqlite").is_file()
    assert sources_json("--no-seeds") == []  # the default library is untouched
    assert len(sources_json("--no-seeds", "--library", str(project))) == 1
    env = {"C5BRIEF_LIBRARY": str(project)}
    found = run("ask", "Aral", "-f", "json", env=env)
    assert json.loads(found.stdout)["results"][0]["title"] == "Aral notes"


def test_web_pages_are_added_with_their_metadata():
    run("add", str(FIXTURES / "article.html"))
    [doc] = sources_json("--no-seeds")
    assert (doc["title"], doc["source"], doc["date"]) == (
        "Japarov and Tokayev discuss the Middle Corridor", "Steppe Wire", "2025-11-07")


def test_show_errors():
    assert run("show", "not-an-id").exit_code == 2
    missing = run("show", "abcdef1234")
    assert missing.exit_code == 1 and "no document with id" in missing.stderr
    seed_id = sources_json()[0]["id"]
    assert run("show", f"{seed_id}.p999").exit_code == 1
    assert "has no paragraph 999" in run("show", f"{seed_id}.p999").stderr


def test_show_prints_document_text_literally():
    run("add", str(FIXTURES / "markup.txt"))
    doc_id = sources_json("--no-seeds")[0]["id"]
    for fmt in ("md", "text", "rich"):
        shown = run("show", doc_id, "-f", fmt).stdout
        shown = shown_text(shown) if fmt == "md" else shown
        assert "[bold red]Samarkand[/bold red]" in shown
        assert "\x1b" not in shown and "\\x1b[31m" in shown


def test_empty_standard_input_is_refused_by_name():
    result = run("add", "-", input="")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["refused: standard input: empty",
                                          "0 added, 0 updated, 0 unchanged, 1 refused"]


def test_show_context_gives_the_paragraphs_around_the_one_asked_for():
    seed_id = sources_json()[0]["id"]
    shown = json.loads(run("show", f"{seed_id}.p3", "-C", "1", "-f", "json").stdout)["paragraphs"]
    assert [(p["paragraph"], p["asked"]) for p in shown] == [(2, False), (3, True), (4, False)]
    text = run("show", f"{seed_id}.p3", "--context", "1", "-f", "text").stdout
    assert f"[{seed_id}.p3 (asked for)]" in text and f"[{seed_id}.p4]" in text
    first = json.loads(run("show", f"{seed_id}.p1", "-C", "2", "-f", "json").stdout)["paragraphs"]
    assert [p["paragraph"] for p in first] == [1, 2, 3]  # nothing before the first
    alone = run("show", f"{seed_id}.p3", "-f", "text").stdout
    assert "(asked for)" not in alone and f"{seed_id}.p4" not in alone
    assert run("show", f"{seed_id}.p3", "-C", "-1").exit_code == 2


def test_sources_and_show_give_each_documents_language():
    russian = str(FIXTURES / "russian")
    listed = {d["title"]: d for d in sources_json("--corpus", russian)}
    assert listed["Бердымухамедов обсудил с Трампом газ"]["language"] == "ru"
    assert listed["Central Asian Leaders Arriving in Washington for Trump Summit"]["language"] == "en"
    doc = listed["Бердымухамедов обсудил с Трампом газ"]["id"]
    shown = json.loads(run("show", doc, "--corpus", russian, "-f", "json").stdout)
    assert shown["document"]["language"] == "ru" and shown["paragraphs"][0]["language"] == "ru"
    assert "language: ru" in run("show", doc, "--corpus", russian, "-f", "text").stdout
    assert " ru " in run("sources", "--corpus", russian, "-f", "text").stdout


def test_show_marks_metadata_lines_and_sources_give_the_outlet():
    wire = str(FIXTURES / "wire")
    listed = {d["title"]: d for d in sources_json("--no-seeds", "--corpus", wire)}
    assert listed["Tajikistan and the US sign a water accord"]["source"] == "Trend"
    assert listed["President meets investors"]["source"] == "akorda.kz"
    doc_id = listed["Tajikistan and the US sign a water accord"]["id"]
    text = run("show", doc_id, "--no-seeds", "--corpus", wire, "-f", "text").stdout
    assert f"[{doc_id}.p2 (meta)]\nBy Aziz Karimov" in text and "source: Trend" in text
    assert run("ask", "Aziz Karimov", "--no-seeds", "--corpus", wire).exit_code == 1  # not searched


def test_remove_takes_ids_in_any_case_as_show_does(tmp_path):
    (tmp_path / "aral.txt").write_text(NOTE)
    [entry] = json.loads(run("add", str(tmp_path / "aral.txt"), "-f", "json").stdout)["documents"]
    doc_id = entry["id"]
    assert run("show", doc_id.upper(), "-f", "json").exit_code == 0
    removed = run("remove", doc_id.upper(), doc_id)  # the same document twice: removed once, not refused
    assert removed.exit_code == 0, removed.stderr
    assert removed.stderr.strip() == "1 removed, 0 refused"
    assert sources_json("--no-seeds") == []


@pytest.mark.parametrize("command", [["ask", "Aral"], ["country", "kazakhstan"], ["countries"], ["matrix"],
                                     ["sources"], ["show", "fb457485cf"], ["remove", "0123456789"]])
def test_a_library_named_that_does_not_exist_is_an_error_for_readers(tmp_path, command):
    (tmp_path / "aral.txt").write_text(NOTE)
    assert run("add", str(tmp_path / "aral.txt"), "--library", str(tmp_path / "briefing-lib")).exit_code == 0
    typo = tmp_path / "briefing-lbi"
    result = run(*command, "--library", str(typo))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"Error: library {typo / 'library.sqlite'} does not exist; `c5brief add PATH --library {typo}` creates it"]
    assert not typo.exists()
    env = run(*command, env={"C5BRIEF_LIBRARY": str(typo)})
    assert env.exit_code == 2 and "does not exist" in env.stderr
    assert run("ask", "Aral").exit_code in (0, 1)  # the default library, not yet made, is no error


EDITS = FIXTURES / "edits"


def shown_passages(citation_id, *args):
    return {p["id"]: p["text"] for p in json.loads(run("show", citation_id, "-f", "json", *args).stdout)["paragraphs"]}


def test_an_edited_file_keeps_its_unchanged_passages_ids_and_an_old_id_of_a_changed_one_says_gone(tmp_path):
    article = tmp_path / "aral.txt"
    shutil.copy(EDITS / "aral-v1.txt", article)
    run("add", str(article))
    [doc] = sources_json("--no-seeds")
    before = shown_passages(doc["id"])
    shutil.copy(EDITS / "aral-v2.txt", article)
    assert run("add", str(article)).stderr.strip() == "0 added, 1 updated, 0 unchanged, 0 refused"
    after = shown_passages(doc["id"])
    p = f"{doc['id']}.p"
    assert list(after) == [p + "1", p + "2", p + "5", p + "6", p + "4"]  # in the order they are read
    assert all(after[i] == before[i] for i in (p + "1", p + "2", p + "4"))
    assert "2028" in before[p + "3"] and "2030" in after[p + "5"]

    gone = run("show", p + "3")
    assert gone.exit_code == 1 and f"{p}3 is gone: the document was edited" in gone.stderr
    assert shown_passages(p + "4") == {p + "4": before[p + "4"]}
    assert list(shown_passages(p + "4", "-C", "1")) == [p + "6", p + "4"]  # its neighbours on the page
    assert "has no paragraph 9 (it has 5, numbered up to p6)" in run("show", p + "9").stderr
    hit = json.loads(run("ask", "World Bank Kokaral project", "--no-seeds", "-f", "json").stdout)["results"][0]
    assert hit["id"] == p + "6" and hit["paragraph"] == 6


def test_an_edited_corpus_file_is_a_new_document_and_its_old_ids_say_so(tmp_path):
    article = tmp_path / "notes" / "aral.txt"
    article.parent.mkdir()
    shutil.copy(EDITS / "aral-v1.txt", article)
    corpus = ("--no-seeds", "--corpus", str(article.parent))
    [old] = sources_json(*corpus)
    shutil.copy(EDITS / "aral-v2.txt", article)
    [new] = sources_json(*corpus)
    assert new["id"] != old["id"]  # a --corpus file's id is its content's
    gone = run("show", f"{old['id']}.p1", *corpus)
    assert gone.exit_code == 1 and "a --corpus file since edited" in gone.stderr
