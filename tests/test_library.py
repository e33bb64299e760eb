"""The library file: stored documents, updates in place, duplicates, removal, damage."""

import os
import sqlite3

import pytest

from c5brief.errors import StorageError
from c5brief.library import ADDED, DUPLICATE, UNCHANGED, UPDATED, Library
from c5brief.load import LIBRARY, document_from_bytes


def doc(text: str, path: str = "/articles/a.txt"):
    return document_from_bytes(text.encode(), path, LIBRARY)


@pytest.fixture
def library(tmp_path):
    opened = Library.open(str(tmp_path / "lib" / "library.sqlite"), create=True)
    yield opened
    opened.close()


def test_missing_library_is_not_created_by_readers(tmp_path):
    path = tmp_path / "nowhere" / "library.sqlite"
    assert Library.open(str(path)) is None
    assert not path.exists()


def test_add_then_unchanged_then_update_keeps_the_id(library):
    first = library.store(doc("Title\n\nTokayev spoke about minerals."))
    assert first.outcome == ADDED
    assert library.store(doc("Title\n\nTokayev spoke about minerals.")).outcome == UNCHANGED
    changed = library.store(doc("Title\n\nTokayev spoke about rare earths instead."))
    assert changed == type(first)(UPDATED, first.doc_id)
    [document] = library.documents([i.id for i in library.infos()])
    assert document.info.id == first.doc_id
    assert document.paragraphs[0].id == f"{first.doc_id}.p1"
    assert "rare earths" in document.paragraphs[0].text


def test_same_text_under_another_name_is_a_duplicate(library):
    original = library.store(doc("Title\n\nThe Caspian Sea is shrinking.", "/a.txt"))
    again = library.store(doc("Title\r\n\r\nThe Caspian Sea is shrinking.\r\n", "/b.txt"))
    assert again.outcome == DUPLICATE and again.doc_id == original.doc_id
    assert len(library.infos()) == 1


def test_copies_of_reserved_texts_are_duplicates(library):
    from c5brief.library import text_hash

    document = doc("Title\n\nA seed article.")
    stored = library.store(document, {text_hash(document): "seed000001"})
    assert stored == type(stored)(DUPLICATE, "seed000001")


def test_stamp_changes_with_every_write_and_only_then(library):
    before = library.stamp()
    assert library.stamp() == before
    stored = library.store(doc("Title\n\nSomething new."))
    after_add = library.stamp()
    assert after_add != before
    library.store(doc("Title\n\nSomething new."))  # unchanged: no write
    assert library.stamp() == after_add
    assert library.remove(stored.doc_id)
    assert library.stamp() != after_add
    assert not library.remove(stored.doc_id)
    assert library.infos() == []


def test_garbage_library_file_is_an_error_naming_it_and_left_alone(tmp_path):
    path = tmp_path / "library.sqlite"
    path.write_bytes(b"this is not a database at all" * 100)
    for create in (False, True):
        with pytest.raises(StorageError) as caught:
            Library.open(str(path), create=create)
        assert str(path) in str(caught.value) and "move it aside" in str(caught.value)
    assert path.read_bytes() == b"this is not a database at all" * 100


def test_a_foreign_sqlite_file_is_not_taken_for_a_library(tmp_path):
    path = tmp_path / "library.sqlite"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE notes(x)")
    with pytest.raises(StorageError, match="not a c5brief library"):
        Library.open(str(path), create=True)
    assert sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall() == [("notes",)]


def test_truncated_library_is_reported_not_replaced(tmp_path, library):
    for n in range(30):
        library.store(doc(f"Title {n}\n\n" + "Passage about water. " * 200, f"/d{n}.txt"))
    library.close()
    path = library.path
    with open(path, "rb") as original:
        data = original.read()
    with open(path, "wb") as damaged:
        damaged.write(data[: len(data) // 3])
    with pytest.raises(StorageError, match="cannot be read"):
        reopened = Library.open(path)
        reopened.infos()
    assert os.path.getsize(path) == len(data) // 3
