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
        "a.txt", "d.htm", "deep/b.md", "deep/deeper/c.html"]
    assert refused == []


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
    assert why["scan.txt"] == "not text: a PDF file"
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


def page(head, body="<p>Tokayev met investors in Washington on Thursday.</p>"):
    return prepare_bytes(f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode(),
                         "/x/page.html").document.info


def test_a_page_title_gives_its_site_name_when_no_meta_tag_does():
    info = page("<title>Tokayev meets investors | The Astana Times</title>")
    assert (info.title, info.source) == ("Tokayev meets investors", "The Astana Times")
    info = page('<meta property="og:site_name" content="Kazinform">'
                '<meta property="og:title" content="Tokayev meets investors - Kazinform">')
    assert (info.title, info.source) == ("Tokayev meets investors", "Kazinform")
    assert page("<title>Kazakhstan - US relations</title>").title == "Kazakhstan - US relations"


def test_a_page_with_no_site_name_is_credited_to_its_address_or_its_dateline():
    info = page('<title>Investors</title><link rel="canonical" href="https://www.akorda.kz/en/investors">')
    assert info.source == "akorda.kz"
    info = page("<title>Investors</title>", "<p>ASTANA (Kazinform) — Tokayev met investors in Washington.</p>")
    assert info.source == "Kazinform"


def test_html_entities_escaped_twice_are_read_as_characters():
    markup = (b"<html><head><title>Trade &amp;amp; transit</title></head>"
              b"<body><p>Kazakhstan&amp;#8217;s exports rose.</p>")
    document = prepare_bytes(markup, "/x/page.html").document
    assert document.info.title == "Trade & transit"
    assert document.paragraphs[0].text == "Kazakhstan\u2019s exports rose."


def test_add_reports_each_outcome_and_reads_stdin(tmp_path, library):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "copy.txt").write_text(ARTICLE)
    (tmp_path / "seed-copy.txt").write_bytes(sorted(SEEDS.iterdir())[0].read_bytes())
    (tmp_path / "empty.txt").write_text("")
    report = ingest.add([str(tmp_path)], library, incoming=Incoming(b"Some piped text about Bishkek."))
    outcomes = {os.path.basename(path): stored.outcome for path, stored in report.outcomes}
    assert outcomes == {"-": ADDED, "a.txt": ADDED, "copy.txt": DUPLICATE, "seed-copy.txt": DUPLICATE}
    assert reasons(report.refused) == {"empty.txt": "empty"}
    assert report.summary() == "2 added, 0 updated, 0 unchanged, 2 duplicate, 1 refused"
    titles = {i.title for i in library.infos()}
    assert titles == {"Some piped text about Bishkek", "Water talks in Dushanbe"}


def test_remove_refuses_seeds_and_unknown_ids(tmp_path, library):
    (tmp_path / "a.txt").write_text(ARTICLE)
    [(_, stored)] = ingest.add([str(tmp_path / "a.txt")], library).outcomes
    seed_id = prepare(str(sorted(SEEDS.iterdir())[0])).document.info.id
    removed, refused = ingest.remove([stored.doc_id, seed_id, "0000000000"], library)
    assert removed == [stored.doc_id]
    why = {r.path: r.reason for r in refused}
    assert "bundled seed" in why[seed_id] and "no document" in why["0000000000"]


def test_metadata_is_for_one_document(tmp_path, library):
    from c5brief.errors import InputError
    from c5brief.models import Metadata

    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_text(ARTICLE.replace("Dushanbe", "Khujand"))
    title = Metadata(title="Corrected")
    for paths, incoming in (([str(tmp_path)], None), ([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], None),
                            ([str(tmp_path / "a.txt")], Incoming(b"Piped text."))):
        with pytest.raises(InputError, match="describe one document"):
            ingest.add(paths, library, incoming=incoming, overrides=title)
    assert library.infos() == []


def test_metadata_set_on_a_file_and_on_standard_input(tmp_path, library):
    from c5brief.models import Metadata

    (tmp_path / "a.txt").write_text(ARTICLE)
    given = Metadata(title="Talks on the Vakhsh", date="2025-11", source="Asia-Plus", url="https://asiaplus.tj/a")
    report = ingest.add([str(tmp_path / "a.txt")], library, overrides=given)
    [info] = library.infos()
    assert report.summary() == "1 added, 0 updated, 0 unchanged, 0 refused"
    assert (info.title, info.date, info.source, info.url) == tuple(given.given().values())
    again = ingest.add([str(tmp_path / "a.txt")], library, overrides=Metadata(date="2025-11-07"))
    assert again.summary() == "0 added, 1 updated, 0 unchanged, 0 refused"
    assert library.infos()[0].date == "2025-11-07" and library.infos()[0].title == "Talks on the Vakhsh"
    ingest.add([], library, incoming=Incoming(b"Some piped text about Bishkek."), overrides=Metadata(title="Piped"))
    assert {i.title for i in library.infos()} == {"Talks on the Vakhsh", "Piped"}


def test_metadata_given_with_a_duplicate_is_reported_unstored(tmp_path, library):
    from c5brief.models import Metadata

    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "copy.txt").write_text(ARTICLE)
    [(_, first)] = ingest.add([str(tmp_path / "a.txt")], library).outcomes
    report = ingest.add([str(tmp_path / "copy.txt")], library, overrides=Metadata(title="Other"))
    assert report.notes == [f"the metadata given was not stored: {tmp_path / 'copy.txt'} repeats {first.doc_id}"]
    assert [i.title for i in library.infos()] == ["Water talks in Dushanbe"]
