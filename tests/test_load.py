import os

import pytest

from c5brief.errors import InputError
from c5brief.load import decode, document_from_bytes, find_sources
from c5brief.seeds import seeds_folder
from conftest import BBC, needs_bbc


def test_seeds_ship_verbatim():
    names = sorted(os.listdir(seeds_folder()))
    assert names == ["000_2ea6e602d292f0a7.txt", "003_1a24cce2f2c6f18e.txt"]


def test_folders_are_searched_recursively_in_a_stable_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.md").write_text("Two")
    (tmp_path / "a.txt").write_text("One")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "skip.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden.txt").write_text("hidden")
    skipped = []
    found = [os.path.relpath(s.path, tmp_path) for s in find_sources([tmp_path], skipped=skipped)]
    assert found == ["a.txt", os.path.join("b", "two.md"), "report.pdf"]
    assert [(os.path.basename(path), reason) for path, reason in skipped] == [
        ("skip.png", "not a document type c5brief reads (a .png file; it reads .txt, .md, .html, .pdf and .docx)")]


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        find_sources([tmp_path / "nope"])


def test_symlink_loop_does_not_hang(tmp_path):
    (tmp_path / "a.txt").write_text("Alpha")
    os.symlink(tmp_path, tmp_path / "loop")
    assert len(find_sources([tmp_path])) == 1


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1251"])
def test_encodings_are_read(encoding):
    text = "Астана и Ташкент подписали соглашение о сотрудничестве."
    assert decode(text.encode(encoding)) == text


def test_latin1_pound_sign():
    text = "Cost: \u00a3100 million for caf\u00e9s"
    assert decode(text.encode("latin-1")) == text


@needs_bbc()
def test_the_one_bbc_file_that_is_not_utf8():
    data = (BBC / "sport" / "199.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "\u00a3" in decode(data)


def test_document_id_depends_on_content_only():
    a = document_from_bytes(b"Title\n\nSome text about Bishkek.", "/x/a.txt", "corpus")
    b = document_from_bytes(b"Title\n\nSome text about Bishkek.", "/y/b.txt", "corpus")
    c = document_from_bytes(b"Title\n\nOther text about Bishkek.", "/x/a.txt", "corpus")
    assert a.info.id == b.info.id != c.info.id
    assert [p.id for p in a.paragraphs] == [f"{a.info.id}.p1"]


def test_title_falls_back_to_file_name_for_an_empty_document():
    doc = document_from_bytes(b"", "/x/notes-on-aktau.txt", "corpus")
    assert doc.paragraphs == ()
    assert doc.info.title == "notes-on-aktau"
