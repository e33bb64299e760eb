"""The cached index: reuse, invalidation, repair and fallbacks."""

import errno
import os
import shutil
import sqlite3
import stat

import pytest

from c5brief import analyze
from c5brief.corpus import CorpusSpec, open_corpus
from c5brief.errors import CorpusError
from c5brief.retrieve import ask


def index_files(cache_dir):
    return sorted(p.name for p in cache_dir.glob("*.sqlite")) if cache_dir.exists() else []


def spec(cache_dir, *paths, seeds=True):
    return CorpusSpec(paths=tuple(map(str, paths)), seeds=seeds, cache_dir=str(cache_dir))


def test_index_is_built_once_and_reused(cache_dir):
    with open_corpus(spec(cache_dir)):
        pass
    built = index_files(cache_dir)
    assert len(built) == 1
    mtime = (cache_dir / built[0]).stat().st_mtime_ns
    with open_corpus(spec(cache_dir)) as again:
        assert again.notes == []
    assert (cache_dir / built[0]).stat().st_mtime_ns == mtime


def test_a_changed_document_is_reindexed_in_place(cache_dir, tmp_path):
    doc = tmp_path / "extra.txt"
    doc.write_text("Extra\n\nThe Aral Sea shrank.\n")
    assert ask("Aral", spec(cache_dir, doc)).hits
    built = index_files(cache_dir)
    assert len(built) == 2  # the seeds' segment and the --corpus files'
    doc.write_text("Extra\n\nThe Balkhash lake is large.\n")
    assert not ask("Aral", spec(cache_dir, doc)).hits
    assert ask("Balkhash", spec(cache_dir, doc)).hits
    assert index_files(cache_dir) == built


def test_touching_a_file_without_changing_it_reuses_the_index(cache_dir, tmp_path):
    doc = tmp_path / "extra.txt"
    doc.write_text("Extra\n\nThe Aral Sea shrank.\n")
    ask("Aral", spec(cache_dir, doc))
    os.utime(doc, ns=(1, 1))
    assert ask("Aral", spec(cache_dir, doc)).notes == ()
    assert len(index_files(cache_dir)) == 2


def test_a_changed_analyzer_rebuilds_instead_of_mismatching(cache_dir, monkeypatch):
    ask("Aktau", spec(cache_dir))
    analyze.fingerprint.cache_clear()
    monkeypatch.setattr(analyze, "ANALYZER_VERSION", analyze.ANALYZER_VERSION + 1)
    try:
        assert ask("Aktau", spec(cache_dir)).hits
        assert len(index_files(cache_dir)) == 2
    finally:
        analyze.fingerprint.cache_clear()


def test_a_corrupted_index_is_rebuilt_with_a_warning(cache_dir):
    ask("Aktau", spec(cache_dir))
    (index,) = index_files(cache_dir)
    (cache_dir / index).write_bytes(b"this is not a database" * 100)
    (cache_dir / (index + "-wal")).unlink(missing_ok=True)
    answer = ask("Aktau", spec(cache_dir))
    assert answer.hits and "Aktau" in answer.hits[0].paragraph.text
    assert any("damaged" in note for note in answer.notes)
    assert ask("Aktau", spec(cache_dir)).notes == ()


def test_a_truncated_index_is_rebuilt(cache_dir):
    ask("Aktau", spec(cache_dir))
    (index,) = index_files(cache_dir)
    path = cache_dir / index
    path.write_bytes(path.read_bytes()[: 4096 * 2])
    assert ask("Aktau", spec(cache_dir)).hits


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_unwritable_cache_falls_back_to_memory(tmp_path):
    cache = tmp_path / "ro"
    cache.mkdir()
    cache.chmod(stat.S_IRUSR | stat.S_IXUSR)
    answer = ask("Aktau", spec(cache))
    assert answer.hits and any("memory" in n for n in answer.notes)


def test_cache_that_is_a_file_falls_back_to_memory(tmp_path):
    # Works for root too: nothing can create a folder where a file stands.
    blocker = tmp_path / "cache-file"
    blocker.write_text("")
    answer = ask("Aktau", spec(blocker / "sub"))
    assert answer.hits and any("memory" in n for n in answer.notes)


def test_index_files_are_sqlite_not_pickle(cache_dir):
    ask("Aktau", spec(cache_dir))
    (index,) = index_files(cache_dir)
    assert (cache_dir / index).read_bytes()[:16] == b"SQLite format 3\x00"
    tables = {r[0] for r in sqlite3.connect(cache_dir / index).execute("SELECT name FROM sqlite_master")}
    assert {"documents", "paragraphs", "postings", "vocabulary", "meta"} <= tables


def test_no_leftover_temporary_files(cache_dir):
    ask("Aktau", spec(cache_dir))
    assert not [p for p in cache_dir.iterdir() if p.name.startswith(".")]


def test_empty_corpus_is_a_clear_error(cache_dir, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    with pytest.raises(CorpusError, match="no passages"):
        ask("Aktau", spec(cache_dir, tmp_path / "empty.txt", seeds=False))
    with pytest.raises(CorpusError, match="nothing to search: the seeds are left out"):
        ask("Aktau", spec(cache_dir, seeds=False))
    (tmp_path / "folder").mkdir()
    with pytest.raises(CorpusError, match="no .txt, .md, .html, .pdf and .docx documents found in .*folder"):
        ask("Aktau", spec(cache_dir, tmp_path / "folder", seeds=False))


def test_a_full_cache_disk_falls_back_to_memory(cache_dir, monkeypatch):
    from c5brief.index import cache

    def disk_full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cache._Builder, "_bring_up", disk_full)
    answer = ask("Aktau", spec(cache_dir))
    assert answer.hits
    assert any("No space left on device" in n and "memory" in n for n in answer.notes)


def test_library_changes_are_seen_by_the_next_query(cache_dir, tmp_path):
    from c5brief.ingest import add, remove
    from c5brief.library import Library

    path = str(tmp_path / "lib" / "library.sqlite")
    with_library = CorpusSpec(cache_dir=str(cache_dir), library=path)
    assert not ask("Moynaq", with_library).hits  # no library file yet: the seeds alone
    (tmp_path / "note.txt").write_text("Moynaq\n\nThe old port of Moynaq is now far from the Aral Sea.\n")
    library = Library.open(path, create=True)
    [(_, stored)] = add([str(tmp_path / "note.txt")], library).outcomes
    assert [h.paragraph.id for h in ask("Moynaq", with_library).hits] == [f"{stored.doc_id}.p1"]
    built = index_files(cache_dir)
    assert ask("Moynaq", with_library).hits and index_files(cache_dir) == built  # reused, not rebuilt
    remove([stored.doc_id], library)
    library.close()
    assert not ask("Moynaq", with_library).hits


def test_a_second_installation_sharing_the_cache_reuses_its_index(cache_dir, tmp_path, monkeypatch):
    from c5brief import seeds
    from conftest import SEEDS

    with open_corpus(spec(cache_dir)):
        pass
    [built] = index_files(cache_dir)
    mtime = (cache_dir / built).stat().st_mtime_ns
    elsewhere = tmp_path / "site-packages" / "c5brief" / "seeds"
    shutil.copytree(SEEDS, elsewhere)
    monkeypatch.setattr(seeds, "seeds_folder", lambda: str(elsewhere))
    seeds.seed_documents.cache_clear()
    with open_corpus(spec(cache_dir)) as corpus:
        paths = [d.path for d in corpus.index.documents().values()]
    seeds.seed_documents.cache_clear()
    assert index_files(cache_dir) == [built]
    assert (cache_dir / built).stat().st_mtime_ns == mtime
    assert all(p.startswith("seeds/") for p in paths)


def library_with_uuid(tmp_path, uuid):
    """A library of one document whose id (meta uuid) is `uuid`, as in a file someone was sent."""
    from c5brief.ingest import add
    from c5brief.library import Library

    path = tmp_path / "lib" / "library.sqlite"
    (tmp_path / "note.txt").write_text("Moynaq\n\nThe old port of Moynaq is now far from the Aral Sea.\n")
    library = Library.open(str(path), create=True)
    add([str(tmp_path / "note.txt")], library)
    library.close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'uuid'", (uuid,))
    db.close()
    return str(path)


def test_a_library_id_cannot_lead_the_cache_to_a_users_file(cache_dir, tmp_path):
    from c5brief.hashing import digest, files_digest
    from c5brief.index.cache import index_fingerprint
    from c5brief.paths import gazetteer_files

    library = library_with_uuid(tmp_path, "../../../victim")
    short = digest([index_fingerprint(files_digest(gazetteer_files()))], size=6)
    victim = tmp_path / f"victim-{short}-rankbm25.sqlite"  # where "library-../../../victim-…" leads
    victim.write_text("my notes, not an index")
    (cache_dir / "library-..").mkdir(parents=True)  # the one folder the path needs on its way out
    answer = ask("Moynaq", CorpusSpec(cache_dir=str(cache_dir), library=library))
    assert answer.hits and answer.hits[0].paragraph.text.startswith("The old port of Moynaq")
    assert victim.read_bytes() == b"my notes, not an index"  # not opened, overwritten or removed
    assert [n for n in answer.notes if "memory" in n] == []


@pytest.mark.parametrize("uuid", ["/etc/passwd", "a/b", "*", "", "x" * 200, "ABCDEF0123456789ABCDEF0123456789"])
def test_a_foreign_library_id_still_gets_an_index_named_by_the_cache(cache_dir, tmp_path, uuid):
    import re

    library = library_with_uuid(tmp_path, uuid)
    answer = ask("Moynaq", CorpusSpec(cache_dir=str(cache_dir), library=library))
    assert answer.hits and answer.notes == ()
    names = index_files(cache_dir)
    assert len(names) == 2 and all(re.fullmatch(r"(seeds|library)-[0-9a-f]{16}-[0-9a-f]{12}-rankbm25\.sqlite", n)
                                   for n in names)
    assert ask("Moynaq", CorpusSpec(cache_dir=str(cache_dir), library=library)).notes == ()  # and reused


def test_only_the_caches_own_names_are_pruned_or_removed(cache_dir):
    from c5brief.index import cache

    ask("Aktau", spec(cache_dir))
    [built] = index_files(cache_dir)
    source = built.rsplit("-", 2)[0]
    foreign = cache_dir / f"{source}-notes-of-mine.sqlite"  # matches the prune pattern, not a name we make
    foreign.write_text("mine")
    older = cache_dir / f"{source}-{'0' * 12}-tantivy.sqlite"
    older.write_text("an old segment")
    os.utime(older, (1, 1))
    foreign2 = cache_dir / f"{source}-{'1' * 12}-rankbm25x.sqlite"
    foreign2.write_text("mine too")
    os.utime(foreign, (0, 0))
    cache._prune(str(cache_dir), source, built[: -len(".sqlite")])
    assert foreign.read_text() == "mine" and foreign2.read_text() == "mine too"
    with pytest.raises(ValueError):
        cache._remove_segment(str(foreign))
    with pytest.raises(ValueError):
        cache.segment_path(str(cache_dir), "../library-0123456789abcdef-0123456789ab-rankbm25")


def test_segments_of_other_corpus_sets_are_bounded_and_a_live_build_is_spared(cache_dir, tmp_path):
    import fcntl

    from c5brief.index.cache import KEPT_CORPORA

    def corpus_segments():
        return [n for n in index_files(cache_dir) if n.startswith("corpus-")]

    files = []
    for n in range(KEPT_CORPORA + 3):
        files.append(tmp_path / f"set{n}.txt")
        files[-1].write_text(f"Set {n}\n\nThe Aral Sea shrank in year {n}.\n")
    ask("Aral", spec(cache_dir, files[0]))
    [building] = corpus_segments()
    with open(cache_dir / (building + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a build in another c5brief holds it
        for path in files[1:]:
            ask("Aral", spec(cache_dir, path))
        assert building in corpus_segments()
    assert len(corpus_segments()) == KEPT_CORPORA + 1  # the KEPT_CORPORA used last, and the one being built
    ask("Aral", spec(cache_dir, files[-1], files[-2]))
    assert building not in corpus_segments() and len(corpus_segments()) == KEPT_CORPORA


def test_a_corpus_segment_whose_build_was_killed_is_cleaned_by_the_next_build(cache_dir, tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("A\n\nThe Aral Sea shrank.\n")
    second.write_text("B\n\nThe Caspian Sea shrank too.\n")
    ask("Aral", spec(cache_dir, first))
    [killed] = [n for n in index_files(cache_dir) if n.startswith("corpus-")]
    with sqlite3.connect(cache_dir / killed) as db:
        db.execute("DELETE FROM meta WHERE key = 'files'")  # as a build SIGKILLed half-way leaves it
    db.close()
    ask("Caspian", spec(cache_dir, second))
    names = index_files(cache_dir)
    assert killed not in names and len([n for n in names if n.startswith("corpus-")]) == 1
    assert not [n for n in os.listdir(cache_dir) if n.startswith(killed)]  # nor its -wal, -shm or lock
