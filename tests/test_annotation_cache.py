"""Remembered annotations: the same index whether paragraphs were annotated now or before."""

import sqlite3

from c5brief import analyze
from c5brief.annotation_cache import STORE_FILE, annotate_all, decode, encode
from c5brief.corpus import CorpusSpec, open_corpus
from c5brief.gazetteer import compile_tags, load_files
from c5brief.paths import gazetteer_files
from conftest import FIXTURES

TEXTS = ["President Tokayev met Mirziyoyev in Astana. He spoke of rare earths.",
         "Water from the Amu Darya is scarce; Turkmen officials said so.", "", "Short."]


def tools():
    files = gazetteer_files()
    gazetteer = load_files(files)
    return files, compile_tags(gazetteer, analyze.analyze), gazetteer


def test_encoding_round_trips():
    files, table, gazetteer = tools()
    for passage in annotate_all(TEXTS, files, table, gazetteer, None, "f"):
        assert decode(encode(passage)) == passage


def test_stored_annotations_equal_fresh_ones_and_a_new_fingerprint_forgets_them(tmp_path):
    files, table, gazetteer = tools()
    fresh = annotate_all(TEXTS, files, table, gazetteer, str(tmp_path), "one")
    store = sqlite3.connect(tmp_path / STORE_FILE)
    assert store.execute("SELECT count(*) FROM annotations").fetchone()[0] == len(TEXTS)
    assert annotate_all(TEXTS, files, table, gazetteer, str(tmp_path), "one") == fresh
    annotate_all(TEXTS[:1], files, table, gazetteer, str(tmp_path), "two")
    assert store.execute("SELECT count(*) FROM annotations").fetchone()[0] == 1


def test_a_damaged_store_is_replaced(tmp_path):
    (tmp_path / STORE_FILE).write_bytes(b"not sqlite" * 1000)
    files, table, gazetteer = tools()
    assert len(annotate_all(TEXTS, files, table, gazetteer, str(tmp_path), "f")) == len(TEXTS)
    assert sqlite3.connect(tmp_path / STORE_FILE).execute("SELECT count(*) FROM annotations").fetchone()[0] == 4


def dump(index):
    tables = ("paragraphs", "postings", "vocabulary", "sentences", "mentions", "aliases", "meta")
    return {t: sorted(index._db.execute(f"SELECT * FROM {t}").fetchall()) for t in tables}


def test_an_index_from_stored_annotations_is_identical(tmp_path):
    spec = CorpusSpec(paths=(str(FIXTURES / "wrapped.txt"),), cache_dir=str(tmp_path / "a"))
    with open_corpus(spec) as first:
        built = dump(first.index)
    assert (tmp_path / "a" / STORE_FILE).exists()
    with open_corpus(spec, rebuild=True) as rebuilt:  # every paragraph now comes from the store
        assert dump(rebuilt.index) == built
    with open_corpus(CorpusSpec(paths=spec.paths, cache_dir=None)) as without:  # in memory, no store
        assert dump(without.index) == built
