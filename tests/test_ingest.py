"""`add` in the library: which files are taken, which are refused and why, and how they are read."""

import os

import pytest

from c5brief import ingest
from c5brief.ingest import Incoming, Prepared, Refusal, collect, prepare, prepare_bytes
from c5brief.library import ADDED, DUPLICATE, Library
from conftest import BBC, FIXTURES, SEEDS, needs_bbc

ARTICLE = ("Water talks in Dushanbe\n\n"
           "Tajik officials said the Rogun dam would change the region's water balance.\n\n"
           "Uzbek engineers asked for shared data on the Amu Darya.\n")


@pytest.fixture
def library(tmp_path):
    opened = Library.open(str(tmp_path / "lib" / "library.sqlite"), create=True)
    yield opened
    opened.close()


def reasons(refused: list[Refusal]) -> dict[str, str]:
    return {os.path.basename(r.path): r.reason for r in refused}


def test_folders_are_walked_for_documents_only(tmp_path):
    (tmp_path / "deep" / "deeper").mkdir(parents=True)
    for name in ("a.txt", "deep/b.md", "deep/deeper/c.html", "deep/notes.docx", ".hidden.txt", "d.htm"):
        (tmp_path / name).write_text(ARTICLE)
    files, refused = collect([str(tmp_path)])
    assert sorted(os.path.relpath(f, tmp_path) for f in files) == [
        "a.txt", "d.htm", "deep/b.md", "deep/deeper/c.html", "deep/notes.docx"]
    assert refused == []
    assert prepare(str(tmp_path / "deep/notes.docx")).reason == (
        "not a .docx file, though it is named as one (damaged or renamed?)")


def test_symlink_loops_and_broken_links_are_refused_not_followed(tmp_path):
    (tmp_path / "ok.txt").write_text(ARTICLE)
    os.symlink("loop_b.txt", tmp_path / "loop_a.txt")
    os.symlink("loop_a.txt", tmp_path / "loop_b.txt")
    os.symlink("missing.txt", tmp_path / "broken.txt")
    (tmp_path / "sub").mkdir()
    os.symlink(tmp_path, tmp_path / "sub" / "up")
    files, refused = collect([str(tmp_path), str(tmp_path / "loop_a.txt")])
    assert [os.path.basename(f) for f in files] == ["ok.txt"]
    why = reasons(refused)
    assert why["loop_a.txt"] == why["loop_b.txt"] == "symlink loop"
    assert why["broken.txt"] == "broken symlink"
    assert why["up"].startswith("symlink loop")


def test_refusals_say_why_one_file_at_a_time(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 1000)
    samples = {
        "empty.txt": b"", "blank.txt": b" \n\n\t\n", "zeros.txt": b"\0" * 200,
        "noise.txt": bytes(range(256)) * 3, "scan.txt": b"%PDF-1.7\n...", "big.txt": b"word " * 300,
        "fine.txt": ARTICLE.encode(),
    }
    for name, data in samples.items():
        (tmp_path / name).write_bytes(data)
    results = {name: prepare(str(tmp_path / name)) for name in samples}
    why = {name: r.reason for name, r in results.items() if isinstance(r, Refusal)}
    assert why["empty.txt"] == why["blank.txt"] == "empty"
    assert why["zeros.txt"] == why["noise.txt"] == "not text: binary data"
    assert why["scan.txt"].startswith("a PDF that cannot be read (damaged or incomplete")
    assert why["big.txt"].startswith("too large") and "the limit is" in why["big.txt"]
    assert isinstance(results["fine.txt"], Prepared)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(ARTICLE)
    secret.chmod(0)
    assert prepare(str(secret)).reason.startswith("cannot read")


ENCODED = {
    "utf8": ARTICLE.encode("utf-8"),
    "utf8-bom": b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"),
    "utf16-bom": ARTICLE.encode("utf-16"),
    "utf16-be-bom": b"\xfe\xff" + ARTICLE.encode("utf-16-be"),
    "utf16-le-no-bom": ARTICLE.encode("utf-16-le"),
}
CYRILLIC = "Встреча в Астане\n\nПрезидент Токаев встретился с лидерами региона в Вашингтоне.\n"
ACCENTED = "Café talks in Zürich\n\nThe délégation from Almaty arrived on Tuesday, señor Pérez said.\n"


@pytest.mark.parametrize("name", sorted(ENCODED))
def test_unicode_encodings_read_alike(name):
    prepared = prepare_bytes(ENCODED[name], f"/x/{name}.txt")
    assert prepared.document.info.title == "Water talks in Dushanbe"
    assert prepared.document.paragraphs[0].text.startswith("Tajik officials said the Rogun dam")


@pytest.mark.parametrize("text, encoding", [(CYRILLIC, "cp1251"), (CYRILLIC, "utf-16"),
                                            (ACCENTED, "latin-1"), (ACCENTED, "cp1252")])
def test_legacy_encodings_are_recognised(text, encoding):
    prepared = prepare_bytes(text.encode(encoding), "/x/legacy.txt")
    assert "\n\n".join([prepared.document.info.title, prepared.document.paragraphs[0].text]) + "\n" == text


@needs_bbc()
def test_the_latin1_bbc_article_is_read_correctly():
    prepared = prepare(str(BBC / "sport" / "199.txt"))
    text = " ".join(p.text for p in prepared.document.paragraphs)
    assert "\ufffd" not in text and any(ord(ch) > 127 for ch in text)


def test_web_pages_give_article_text_and_metadata():
    prepared = prepare(str(FIXTURES / "article.html"))
    info, paragraphs = prepared.document.info, prepared.document.paragraphs
    assert (info.title, info.date, info.source, info.url) == (
        "Japarov and Tokayev discuss the Middle Corridor", "2025-11-07", "Steppe Wire",
        "https://example.org/news/middle-corridor")
    texts = [p.text for p in paragraphs]
    assert texts[0].startswith("Kyrgyz President Sadyr Japarov met Kazakh President")
    assert any(p.kind == "caption" and "Aktau port" in p.text for p in paragraphs)
    joined = " ".join(texts)
    for chrome in ("Subscribe", "Cookie", "var tracking", "All rights reserved", "Home"):
        assert chrome not in joined
    assert "[of political repression]" in joined  # document text stays data


def test_add_reports_each_outcome_and_reads_stdin(tmp_path, library):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "copy.txt").write_text(ARTICLE)
    (tmp_path / "seed-copy.txt").write_bytes(sorted(SEEDS.iterdir())[0].read_bytes())
    (tmp_path / "empty.txt").write_text("")
    report = ingest.add([str(tmp_path)], library, incoming=Incoming(b"Some piped text about Bishkek.", "Piped"))
    outcomes = {os.path.basename(path): stored.outcome for path, stored in report.outcomes}
    assert outcomes == {"-": ADDED, "a.txt": ADDED, "copy.txt": DUPLICATE, "seed-copy.txt": DUPLICATE}
    assert reasons(report.refused) == {"empty.txt": "empty"}
    assert report.summary() == "2 added, 0 updated, 0 unchanged, 2 duplicate, 1 refused"
    titles = {i.title for i in library.infos()}
    assert titles == {"Piped", "Water talks in Dushanbe"}


def test_remove_refuses_seeds_and_unknown_ids(tmp_path, library):
    (tmp_path / "a.txt").write_text(ARTICLE)
    [(_, stored)] = ingest.add([str(tmp_path / "a.txt")], library).outcomes
    seed_id = prepare(str(sorted(SEEDS.iterdir())[0])).document.info.id
    removed, refused = ingest.remove([stored.doc_id, seed_id, "0000000000"], library)
    assert removed == [stored.doc_id]
    why = {r.path: r.reason for r in refused}
    assert "bundled seed" in why[seed_id] and "no document" in why["0000000000"]
