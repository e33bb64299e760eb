"""Incremental indexing: adds and removes give what a full rebuild gives, with either engine, and an
interrupted build resumes where it stopped."""

import pytest

from c5brief.corpus import CorpusSpec, open_corpus
from c5brief.engines.scoring import Scoring
from c5brief.ingest import add, remove
from c5brief.library import Library

ENGINES = ["rank-bm25", "tantivy"]
PLACES = ["Aktau", "Atyrau", "Termez", "Osh", "Khujand", "Turkmenbashi", "Nukus", "Karaganda"]
GOODS = ["grain", "uranium", "cotton", "tungsten", "gas", "copper", "wheat", "fertiliser"]
QUERIES = [["aktau", "grain"], ["uranium"], ["cotton", "osh", "rail"], ["tungsten", "gas", "copper", "port"],
           ["@country:KZ"], ["caspian"]]


def write_articles(folder, count, start=0):
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        place, good = PLACES[n % len(PLACES)], GOODS[(n * 3) % len(GOODS)]
        text = (f"Shipment report {n}\n\n"
                "By Aziz Karimov\n\n"  # a byline: stored, shown, neither searched nor counted
                f"Officials in {place} said {good} shipment {n} crossed the Caspian by rail and ferry.\n\n"
                f"Kazakhstan and Uzbekistan traders expect {good} prices to rise; {place} port handled {n} tonnes.\n\n"
                f"A {good} buyer from {PLACES[(n + 3) % len(PLACES)]} called the {good} route reliable.\n\n"
                "Share\n")
        path = folder / f"report{n:03d}.txt"
        path.write_text(text)
        paths.append(str(path))
    return paths


def library_spec(tmp_path, engine, name="lib"):
    return CorpusSpec(seeds=False, cache_dir=str(tmp_path / f"cache-{name}"), engine=engine,
                      library=str(tmp_path / name / "library.sqlite"))


def snapshot(spec):
    """What a query can observe: statistics, document frequencies, and ranked paragraphs with scores."""
    with open_corpus(spec) as corpus:
        index = corpus.index
        stats = index.stats()
        results = {}
        for query in QUERIES:
            ranked, frequencies = index.search([(t, 1.0) for t in query], depth=1000, scoring=Scoring())
            paragraphs = index.paragraphs([r.key for r in ranked])
            results[" ".join(query)] = (frequencies, [(paragraphs[r.key].id, round(r.score, 9)) for r in ranked])
        documents = sorted(index.documents())
        return stats, results, documents


def build(spec, paths):
    library = Library.open(spec.library, create=True)
    try:
        add(paths, library)
    finally:
        library.close()
    return snapshot(spec)


@pytest.mark.parametrize("engine", ENGINES)
def test_metadata_passages_are_stored_but_neither_searched_nor_counted(tmp_path, engine):
    spec = library_spec(tmp_path, engine)
    build(spec, write_articles(tmp_path / "articles", 3))
    with open_corpus(spec) as corpus:
        index = corpus.index
        assert index.stats().paragraphs == 9  # three body paragraphs each; not the byline, not "Share"
        ranked, _ = index.search([("karimov", 1.0), ("share", 1.0)], depth=100, scoring=Scoring())
        assert ranked == []
        [doc_id] = [d for d in index.documents() if index.documents([d])[d].title == "Shipment report 0"]
        kinds = [p.kind for p in index.paragraphs_of(doc_id)]
    assert kinds == ["meta", "body", "body", "body", "meta"]


@pytest.mark.parametrize("engine", ENGINES)
def test_adds_and_removes_give_what_a_full_rebuild_gives(tmp_path, engine):
    first = write_articles(tmp_path / "first", 12)
    more = write_articles(tmp_path / "more", 6, start=12)
    incremental = library_spec(tmp_path, engine, "inc")
    build(incremental, first)
    library = Library.open(incremental.library)
    kept_ids = add(more, library).outcomes
    gone = [i.id for i in library.infos() if i.title in ("Shipment report 3", "Shipment report 7")]
    assert len(gone) == 2 and kept_ids
    remove(gone, library)
    library.close()
    after = snapshot(incremental)

    # The same documents added in one go, to a fresh library and cache.
    survivors = [p for p in first + more if not p.endswith(("report003.txt", "report007.txt"))]
    fresh = build(library_spec(tmp_path, engine, "fresh"), survivors)
    assert after[0] == fresh[0]  # paragraphs and average length
    assert after[1] == fresh[1]  # document frequencies, ranking and scores
    assert len(after[2]) == 16


def test_both_engines_rank_alike(tmp_path):
    paths = write_articles(tmp_path / "docs", 30)
    shots = [build(library_spec(tmp_path, engine, engine), paths) for engine in ENGINES]
    assert shots[0] == shots[1]


@pytest.mark.parametrize("engine", ENGINES)
def test_an_interrupted_build_resumes_where_it_stopped(tmp_path, engine, monkeypatch):
    from c5brief.index import sync

    paths = write_articles(tmp_path / "docs", 40)
    spec = library_spec(tmp_path, engine)
    library = Library.open(spec.library, create=True)
    add(paths, library)
    library.close()
    monkeypatch.setattr(sync, "BATCH_DOCUMENTS", 10)
    monkeypatch.setattr(sync, "COMMIT_DOCUMENTS", 20)  # two batches a commit
    real_add, added = sync._add, []

    def add_then_interrupt(*args):
        real_add(*args)
        added.append(1)
        if len(added) == 25:
            raise KeyboardInterrupt

    monkeypatch.setattr(sync, "_add", add_then_interrupt)
    with pytest.raises(KeyboardInterrupt), open_corpus(spec):
        pass
    monkeypatch.setattr(sync, "_add", real_add)
    seen = []
    resumed = snapshot(spec._replace(progress=lambda *a: seen.append(a)))
    assert seen and seen[-1][1] == seen[-1][2] == 20 * 5  # the 20 documents after the last commit, 5 paragraphs each
    fresh = build(library_spec(tmp_path, engine, "fresh"), paths)
    assert resumed[:2] == fresh[:2]


def test_the_seed_questions_rank_alike_with_either_engine(tmp_path):
    from c5brief.retrieve import SearchOptions, ask
    from c5brief.seeds import seed_documents
    from test_eval import QUESTIONS

    tops = []
    for engine in ENGINES:
        spec = library_spec(tmp_path, engine, engine)
        library = Library.open(spec.library, create=True)
        for document in seed_documents():
            library.store(document._replace(info=document.info._replace(path=f"/copies/{document.info.id}")))
        library.close()
        tops.append([[h.paragraph.id for h in ask(q, spec, SearchOptions(limit=3)).hits] for q, _ in QUESTIONS])
    assert tops[0] == tops[1]


def long_article(folder):
    """One long document (its headline names a place no passage does) among short ones."""
    paths = write_articles(folder, 3)
    passages = [f"Passage {n}: {GOODS[n % len(GOODS)]} moved through {PLACES[n % len(PLACES)]} by rail."
                for n in range(11)]
    (folder / "long.txt").write_text("Samarkand freight review\n\n" + "\n\n".join(passages) + "\n")
    return [*paths, str(folder / "long.txt")]


def pieces_snapshot(spec):
    shot = snapshot(spec)
    with open_corpus(spec) as corpus:
        index = corpus.index
        [long_id] = [d for d, info in index.documents().items() if info.title == "Samarkand freight review"]
        ranked, _ = index.search([("samarkand", 1.0)], depth=100, scoring=Scoring())
        stored = [(p.id, p.text) for p in index.paragraphs_of(long_id)]
    return shot, len(ranked), stored


@pytest.mark.parametrize(("engine", "workers"), [("rank-bm25", False), ("tantivy", False), ("rank-bm25", True)])
def test_a_long_document_indexed_in_pieces_gives_what_it_gives_whole(tmp_path, engine, workers, monkeypatch):
    from c5brief.index import sync

    paths = long_article(tmp_path / "docs")
    build(library_spec(tmp_path, engine, "whole"), paths)
    whole = pieces_snapshot(library_spec(tmp_path, engine, "whole"))
    monkeypatch.setattr(sync, "PIECE", 3)
    if workers:  # the pieces read and annotated in worker processes, as a large library's are
        monkeypatch.setattr(sync, "PARALLEL_FROM", 0)
        monkeypatch.setenv("C5BRIEF_WORKERS", "2")
    pieces = library_spec(tmp_path, engine, "pieces")
    build(pieces, paths)
    assert pieces_snapshot(pieces) == whole
    assert whole[1] == 1 and len(whole[2]) == 11  # the headline is searched once, with the first passage


@pytest.mark.parametrize("engine", ENGINES)
def test_a_build_interrupted_inside_a_long_document_keeps_none_of_it(tmp_path, engine, monkeypatch):
    from c5brief.index import sync
    from c5brief.index.segment import Segment

    monkeypatch.setattr(sync, "PIECE", 3)
    paths = long_article(tmp_path / "docs")
    spec = library_spec(tmp_path, engine)
    library = Library.open(spec.library, create=True)
    add(paths, library)
    library.close()
    real_extend, extended = Segment.extend, []

    def extend_then_interrupt(self, document):
        extended.append(1)
        if len(extended) == 2:
            raise KeyboardInterrupt
        return real_extend(self, document)

    monkeypatch.setattr(Segment, "extend", extend_then_interrupt)
    with pytest.raises(KeyboardInterrupt), open_corpus(spec):
        pass
    monkeypatch.setattr(Segment, "extend", real_extend)
    assert len(extended) == 2
    resumed = pieces_snapshot(spec)
    fresh = library_spec(tmp_path, engine, "fresh")
    build(fresh, paths)
    assert resumed == pieces_snapshot(fresh)


def corpus_spec(tmp_path, engine, folder, name):
    return CorpusSpec(seeds=False, paths=(str(folder),), cache_dir=str(tmp_path / f"cache-{name}"), engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_large_corpus_file_indexed_in_pieces_gives_what_it_gives_whole(tmp_path, engine, monkeypatch):
    from c5brief.index import sync

    folder = tmp_path / "docs"
    long_article(folder)
    (folder / "copy.txt").write_text((folder / "long.txt").read_text())  # a duplicate, named as one
    whole = pieces_snapshot(corpus_spec(tmp_path, engine, folder, "whole"))
    monkeypatch.setattr(sync, "PIECE", 3)
    monkeypatch.setattr(sync, "LARGE_FILE", 200)  # the long article is larger, the short ones smaller
    pieces = corpus_spec(tmp_path, engine, folder, "pieces")
    with open_corpus(pieces) as corpus:
        assert corpus.index.stats().paragraphs == 3 * 3 + 11  # the copy is not indexed twice
        assert any("repeats another" in note for note in corpus.notes)
    assert pieces_snapshot(pieces) == whole


def test_words_of_a_rolled_back_transaction_are_stored_again(tmp_path):
    from c5brief.index import sync
    from c5brief.index.segment import Segment
    from c5brief.load import LIBRARY, document_from_text
    from c5brief.paths import gazetteer_files

    sync._start_worker(gazetteer_files())
    document = document_from_text("Grain at Aktau\n\nTungsten left Aktau by ferry.\n", "ab" * 32, "a.txt", LIBRARY)
    [annotated] = sync._annotate_batch([document])
    segment = Segment.open(str(tmp_path / "segment.sqlite"), write=True)
    with pytest.raises(KeyboardInterrupt), segment.transaction():
        segment.add(annotated)
        raise KeyboardInterrupt
    assert segment.vocabulary(["tungsten", "aktau"]) == {}
    with segment.transaction():
        segment.add(annotated)
    assert segment.vocabulary(["tungsten", "aktau", "ferry"]) == {"tungsten": "tungsten", "aktau": "aktau",
                                                                  "ferry": "ferri"}
    segment.close()
