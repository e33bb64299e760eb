"""The library file: stored documents, updates in place, duplicates, removal, damage."""

import os
import sqlite3

import pytest

from c5brief.errors import StorageError
from c5brief.library import ADDED, DUPLICATE, FORMAT, UNCHANGED, UPDATED, Library, renumbered
from c5brief.load import LIBRARY, document_from_bytes
from c5brief.models import Metadata
from conftest import corrupted


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
    assert document.paragraphs[0].id == f"{first.doc_id}.p2"  # a changed passage: a number never used before
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


def test_a_library_of_the_previous_format_is_upgraded_and_keeps_everything(tmp_path):
    # Format 1, as the previous release wrote it: paragraphs keyed by (document, number), text kept twice.
    path = tmp_path / "old" / "library.sqlite"
    path.parent.mkdir()
    with sqlite3.connect(path) as db:
        db.executescript("""
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE documents(id TEXT PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT NOT NULL,
                text_hash TEXT NOT NULL, title TEXT NOT NULL, subtitle TEXT, date TEXT, source TEXT, url TEXT,
                paragraph_count INTEGER NOT NULL, added TEXT NOT NULL, updated TEXT NOT NULL, text TEXT NOT NULL);
            CREATE TABLE paragraphs(doc_id TEXT NOT NULL, number INTEGER NOT NULL, kind TEXT NOT NULL,
                text TEXT NOT NULL, PRIMARY KEY(doc_id, number)) WITHOUT ROWID;
            INSERT INTO meta VALUES ('format', '1'), ('uuid', 'abc'), ('generation', '2');
            INSERT INTO documents VALUES ('aaaa000001', '/a.txt', 'x', 'h1', 'Aral', NULL, '2025-11-07', NULL, NULL,
                2, '2025-11-08T10:00:00', '2025-11-08T10:00:00', 'Aral ...');
            INSERT INTO paragraphs VALUES ('aaaa000001', 1, 'body', 'The Aral Sea shrank as cotton took its water.'),
                ('aaaa000001', 2, 'caption', 'Photo: the old port of Moynaq');
        """)
    library = Library.open(str(path))
    [document] = library.documents(["aaaa000001"])
    assert [(p.number, p.kind, p.text) for p in document.paragraphs] == [
        (1, "body", "The Aral Sea shrank as cotton took its water."), (2, "caption", "Photo: the old port of Moynaq")]
    assert document.info.date == "2025-11-07"
    assert library.changes_since(-1).written == (("aaaa000001", 0),)  # an index built afresh reads it all
    library.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone() == (FORMAT,)


def test_user_metadata_stands_over_the_texts_and_is_kept(library):
    text = "Title\n\nTokayev spoke about minerals.\n\nSource: Kabar"
    first = library.store(doc(text), overrides=Metadata(title="Corrected", date="2025-11-06"))
    [info] = library.infos()
    assert (first.outcome, info.title, info.date, info.source) == (ADDED, "Corrected", "2025-11-06", "Kabar")
    assert library.overrides(first.doc_id) == Metadata(title="Corrected", date="2025-11-06")

    # The same file with other metadata: only the metadata changes, and earlier settings stay.
    again = library.store(doc(text), overrides=Metadata(source="Trend"))
    [info] = library.infos()
    assert again == type(again)(UPDATED, first.doc_id)
    assert (info.title, info.date, info.source) == ("Corrected", "2025-11-06", "Trend")
    assert library.store(doc(text)).outcome == UNCHANGED  # nothing given: nothing undone
    assert library.store(doc(text), overrides=Metadata(source="Trend")).outcome == UNCHANGED

    # A changed text is read afresh, and what the user set still stands over it.
    changed = library.store(doc(text.replace("minerals", "rare earths")))
    [document] = library.documents([first.doc_id])
    assert changed.outcome == UPDATED and "rare earths" in document.paragraphs[0].text
    assert (document.info.title, document.info.date, document.info.source) == ("Corrected", "2025-11-06", "Trend")


def test_a_metadata_update_is_a_change_the_index_sees(library):
    stored = library.store(doc("Title\n\nSomething new."))
    generation = library.generation()
    library.store(doc("Title\n\nSomething new."), overrides=Metadata(title="Better"))
    assert library.changes_since(generation).written == ((stored.doc_id, generation + 1),)


def test_standard_input_with_the_same_text_is_the_same_document(library):
    piped = document_from_bytes(b"Pasted wire copy about Bishkek.", "-", LIBRARY)
    first = library.store(piped, overrides=Metadata(title="Pasted"))
    assert library.store(piped).outcome == UNCHANGED
    retitled = library.store(piped, overrides=Metadata(title="Kabar, 7 Nov"))
    assert retitled == type(retitled)(UPDATED, first.doc_id)
    assert [i.title for i in library.infos()] == ["Kabar, 7 Nov"]


def test_a_new_address_moves_a_source_that_only_named_the_old_one(library):
    text = "---\nurl: https://www.akorda.kz/en/a\n---\nTokayev met investors."
    stored = library.store(doc(text))
    assert library.infos()[0].source == "akorda.kz"
    library.store(doc(text), overrides=Metadata(url="https://kabar.kg/news/a"))
    assert (library.infos()[0].source, library.infos()[0].url) == ("kabar.kg", "https://kabar.kg/news/a")
    assert library.remove(stored.doc_id) and library.overrides(stored.doc_id) == Metadata()


def format_2_library(tmp_path):
    """A library as c5brief wrote it before user metadata was kept, and the id of its one document."""
    path = tmp_path / "lib" / "library.sqlite"
    library = Library.open(str(path), create=True)
    stored = library.store(doc("Title\n\nThe Aral Sea shrank."))
    library.close()
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE overrides")
        db.execute("UPDATE meta SET value = '2' WHERE key = 'format'")
    return path, stored.doc_id


def test_a_library_of_format_2_gains_a_place_for_user_metadata(tmp_path):
    path, doc_id = format_2_library(tmp_path)
    library = Library.open(str(path))
    assert library.store(doc("Title\n\nThe Aral Sea shrank."), overrides=Metadata(title="Aral")).outcome == UPDATED
    assert library.infos()[0].title == "Aral"
    library.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone() == (FORMAT,)


def test_a_read_only_library_of_format_2_is_read_as_it_is(tmp_path, monkeypatch):
    path, doc_id = format_2_library(tmp_path)
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda target, **kw: connect(f"file:{target}?mode=ro", uri=True, **kw))
    library = Library.open(str(path))
    assert [i.id for i in library.infos()] == [doc_id]
    [document] = library.documents([doc_id])
    assert document.paragraphs[0].text == "The Aral Sea shrank."
    library.close()
    monkeypatch.undo()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone() == ("2",)


def test_a_read_only_library_of_format_3_keeps_its_metadata_and_numbers(tmp_path, monkeypatch):
    path = tmp_path / "lib" / "library.sqlite"
    library = Library.open(str(path), create=True)
    doc_id = library.store(aral(ARAL), overrides=Metadata(title="Aral, as set")).doc_id
    library.close()
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE numbering")
        db.execute("UPDATE meta SET value = '3' WHERE key = 'format'")
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda target, **kw: connect(f"file:{target}?mode=ro", uri=True, **kw))
    library = Library.open(str(path))
    assert library.overrides(doc_id) == Metadata(title="Aral, as set")
    assert [n for n, _ in numbered(library, doc_id)] == [1, 2, 3, 4]
    assert library.paragraph_texts([(doc_id, 4)]) == {(doc_id, 4): ARAL[3]}
    assert library.last_numbers([doc_id]) == {doc_id: 4}
    library.close()


# Damage, a full disk and a read-only disk: each said as what it is, and a damaged file never written to.

def filled_library(folder, documents=120):
    """A library of `documents` documents of a few paragraphs each; its path."""
    path = folder / "library.sqlite"
    library = Library.open(str(path), create=True)
    with library.batch():
        for n in range(documents):
            paragraphs = [f"Report {n} on shipment {n * 7 + p} of grain across the Caspian, via Aktau port {p}."
                          for p in range(5)]
            library.store(doc(f"Report {n}\n\n" + "\n\n".join(paragraphs), f"/articles/{n}.txt"))
    library.close()
    return path


def quick_check(path) -> str:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(db.execute("PRAGMA quick_check(1)").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        db.close()


def test_a_randomly_damaged_library_is_never_written_to(tmp_path):
    data = filled_library(tmp_path / "lib").read_bytes()
    seen = 0
    for seed in range(12):
        copy = tmp_path / f"copy{seed}" / "library.sqlite"
        copy.parent.mkdir()
        damaged = corrupted(data, seed)
        copy.write_bytes(damaged)
        if quick_check(copy) == "ok":
            continue  # bytes SQLite cannot tell from text (inside a paragraph): nothing to refuse on
        seen += 1
        with pytest.raises(StorageError) as caught:
            library = Library.open(str(copy), create=True)  # as `add` opens it
            try:
                library.store(doc("New\n\nA new article on the Caspian Sea.", "/articles/new.txt"))
            finally:
                library.close()
        message = str(caught.value)
        assert str(copy) in message and ("nothing was written to it" in message or "cannot be read" in message)
        assert copy.read_bytes() == damaged, f"seed {seed}: the damaged library was written to"
    assert seen >= 6, "the corruption was too mild to test anything"


def test_a_library_that_lost_a_table_is_not_given_an_empty_one(tmp_path):
    path = filled_library(tmp_path / "lib", 5)
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE paragraphs")
    db.close()
    before = path.read_bytes()
    library = Library.open(str(path), create=True)
    with pytest.raises(StorageError, match=r"is damaged \(it lacks its paragraphs table\); nothing was written"):
        library.store(doc("New\n\nA new article on the Caspian Sea.", "/articles/new.txt"))
    with pytest.raises(StorageError, match="lacks its paragraphs table"):
        library.remove(library.infos()[0].id)
    library.close()
    assert path.read_bytes() == before
    with sqlite3.connect(path) as db:
        assert "paragraphs" not in {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    db.close()


def test_the_recovery_command_is_quoted_for_the_shell(tmp_path):
    import shlex

    folder = tmp_path / "it's $(touch pwned) here"
    folder.mkdir()
    path = folder / "library.sqlite"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StorageError) as caught:
        Library.open(str(path))
    command = str(caught.value).split("move it aside (", 1)[1].rsplit(")", 1)[0]
    assert shlex.split(command) == ["mv", str(path), f"{path}.damaged"]


def test_a_full_disk_is_said_to_be_full_not_damaged(library):
    library.store(doc("Title\n\nTokayev spoke about minerals."))
    pages = library._db.execute("PRAGMA page_count").fetchone()[0]
    library._db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "database or disk is full"
    import random

    rng = random.Random(1)
    words = " ".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(7)) for _ in range(5000))
    with pytest.raises(StorageError) as caught:
        library.store(doc(f"Long\n\n{words}.", "/b.txt"))  # words zlib cannot pack into the pages left
    message = str(caught.value)
    assert "no space left on device" in message
    assert "damaged" not in message and "cannot be read" not in message and "mv " not in message
    assert [i.title for i in library.infos()] == ["Title"]


def test_no_room_to_create_a_library_is_said_so(tmp_path, monkeypatch):
    import errno

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "makedirs", full)
    with pytest.raises(StorageError, match="no space left on device"):
        Library.open(str(tmp_path / "new" / "library.sqlite"), create=True)


@pytest.mark.parametrize("free, said", [(0, "no space left on device"), (1 << 30, "a disk I/O error")])
def test_a_disk_io_error_is_not_called_damage(tmp_path, monkeypatch, free, said):
    from c5brief import library as module

    class Stats:
        f_bavail, f_frsize = free, 1

    monkeypatch.setattr(os, "statvfs", lambda path: Stats)
    error = module._storage_error(str(tmp_path / "library.sqlite"), sqlite3.OperationalError("disk I/O error"))
    assert said in str(error) and "damaged" not in str(error) and "mv " not in str(error)


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder, and a function that makes it read-only: a tmpfs remounted read-only for root (whom
    permissions do not stop), the write permission taken away for anyone else."""
    import subprocess

    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        def seal():
            for inner, _, _ in os.walk(folder):
                os.chmod(inner, 0o555)

        yield folder, seal
        for inner, _, _ in os.walk(folder):
            os.chmod(inner, 0o755)
        return
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)],
                      capture_output=True).returncode != 0:
        pytest.skip("root, but cannot mount a tmpfs to make a read-only disk")
    try:
        yield folder, lambda: subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def test_a_library_on_a_read_only_disk_is_read_and_never_written(read_only_folder):
    folder, seal = read_only_folder
    path = filled_library(folder / "lib", 3)
    seal()
    before = path.read_bytes()
    library = Library.open(str(path))
    assert library.read_only
    infos = library.infos()
    assert sorted(i.title for i in infos) == ["Report 0", "Report 1", "Report 2"]
    assert "Aktau" in library.documents([infos[0].id])[0].paragraphs[0].text
    for write in (lambda: library.store(doc("New\n\nNew text.", "/n.txt")), lambda: library.remove(infos[0].id)):
        with pytest.raises(StorageError, match=r"is read-only \(.*\): opened for reading only, nothing was written"):
            write()
    library.close()
    with pytest.raises(StorageError, match="is read-only"):
        Library.open(str(path), create=True)
    with pytest.raises(StorageError, match="cannot create the library .*(Read-only file system|Permission denied)"):
        Library.open(str(folder / "other" / "library.sqlite"), create=True)
    assert path.read_bytes() == before and sorted(os.listdir(path.parent)) == ["library.sqlite"]


def test_commands_on_a_read_only_library(read_only_folder, tmp_path):
    import json

    from conftest import run

    folder, seal = read_only_folder
    filled_library(folder / "lib", 3)
    seal()
    asked = run("ask", "grain Aktau", "--library", str(folder / "lib"), "--no-seeds", "-f", "json")
    assert asked.exit_code == 0, asked.stderr
    assert json.loads(asked.stdout)["results"][0]["title"].startswith("Report")
    (tmp_path / "new.txt").write_text("New\n\nA new article on the Caspian Sea.\n")
    for args in (["add", str(tmp_path / "new.txt")], ["remove", "0123456789"]):
        result = run(*args, "--library", str(folder / "lib"))
        assert result.exit_code == 2
        [line] = result.stderr.strip().splitlines()
        assert line.startswith("Error: the library ") and "read-only" in line and "damaged" not in line


ARAL = ["The Aral Sea shrank as cotton took its water.", "Uzbekistan plans new canals for the delta.",
        "Kazakhstan rebuilt the Kokaral dam in 2005.", "Fishermen returned to Aralsk."]


def aral(passages, path="/articles/aral.txt"):
    return doc("Aral report\n\n" + "\n\n".join(passages), path)


def numbered(library, doc_id):
    [document] = library.documents([doc_id])
    return [(p.number, p.text) for p in document.paragraphs]


def test_an_edit_keeps_the_numbers_of_unchanged_passages_and_never_reuses_one(library):
    doc_id = library.store(aral(ARAL)).doc_id
    edited = [ARAL[0], "Uzbekistan plans new canals.", ARAL[2], "A new passage.", ARAL[3]]
    assert library.store(aral(edited)) == (UPDATED, doc_id)
    assert numbered(library, doc_id) == [(1, ARAL[0]), (5, edited[1]), (3, ARAL[2]), (6, edited[3]), (4, ARAL[3])]
    # An old citation finds the text it cited, or nothing.
    texts = library.paragraph_texts([(doc_id, n) for n in range(1, 8)])
    assert texts == {(doc_id, 1): ARAL[0], (doc_id, 3): ARAL[2], (doc_id, 4): ARAL[3], (doc_id, 5): edited[1],
                     (doc_id, 6): edited[3]}
    assert library.last_numbers([doc_id]) == {doc_id: 6}

    # Back to the first text: the passage that came back is new again (its old number was given up).
    library.store(aral(ARAL))
    assert numbered(library, doc_id) == [(1, ARAL[0]), (7, ARAL[1]), (3, ARAL[2]), (4, ARAL[3])]
    assert library.last_numbers([doc_id]) == {doc_id: 7}


@pytest.mark.parametrize(("old", "new", "numbers"), [
    (["A", "X", "B", "X"], ["A", "B", "X"], [1, 3, 4]),  # the X cut was the first: the other keeps its number
    (["A", "B", "C", "D"], ["D", "A", "B", "C"], [4, 1, 2, 3]),  # a passage moved keeps its number
    (["A", "B", "C"], ["A", "B", "C", "A"], [1, 2, 3, 4]),  # a repeat added is a new passage
    (["A", "B"], ["C", "D"], [3, 4]),
    ([], ["A", "B"], [1, 2]),
])
def test_renumbering_keeps_each_unchanged_passage_and_never_reuses_a_number(old, new, numbers):
    assert renumbered(new, list(enumerate(old, start=1)), len(old)) == (numbers, max([len(old), *numbers]))


def test_a_document_never_edited_is_numbered_1_to_n_and_costs_no_numbering(library):
    doc_id = library.store(aral(ARAL)).doc_id
    library.store(aral([*ARAL, "One more at the end."]))  # an appended passage takes the next number
    assert [n for n, _ in numbered(library, doc_id)] == [1, 2, 3, 4, 5]
    assert library.last_numbers([doc_id]) == {doc_id: 5}
    assert library._db.execute("SELECT count(*) FROM numbering").fetchone() == (0,)
    library.store(aral(ARAL[:2]))  # the last passages cut: their numbers stay used
    assert library.last_numbers([doc_id]) == {doc_id: 5}
    assert library.paragraph_texts([(doc_id, 3)]) == {}


def test_a_document_removed_and_added_again_under_its_id_numbers_on(library):
    doc_id = library.store(aral(ARAL)).doc_id
    library.store(aral(["Something else entirely.", *ARAL[1:]]))
    assert library.remove(doc_id)
    again = library.store(aral(ARAL, path="/elsewhere/aral.txt"))
    assert again == (ADDED, doc_id)  # the same text, so the same id...
    assert [n for n, _ in numbered(library, doc_id)] == [6, 7, 8, 9]  # ...but none of its old numbers


def test_a_library_of_format_3_gains_numbering_and_keeps_its_numbers(tmp_path):
    path = tmp_path / "lib" / "library.sqlite"
    library = Library.open(str(path), create=True)
    doc_id = library.store(aral(ARAL)).doc_id
    library.close()
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE numbering")
        db.execute("UPDATE meta SET value = '3' WHERE key = 'format'")
    library = Library.open(str(path))
    assert [n for n, _ in numbered(library, doc_id)] == [1, 2, 3, 4]
    library.store(aral([ARAL[0], "Changed.", *ARAL[2:]]))
    assert [n for n, _ in numbered(library, doc_id)] == [1, 5, 3, 4]
    library.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone() == (FORMAT,)
