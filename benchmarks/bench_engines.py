#!/usr/bin/env python3
"""Do the two engines give the same top 10? tantivy's candidates against rank-bm25's exact ranking.

The tantivy engine asks tantivy for its best `depth` paragraphs by tantivy's own
BM25 (k1 1.2 and b 0.75, fixed, lengths quantised) and scores those exactly;
the rank-bm25 engine scores every paragraph that has a query term. When the
paragraphs c5brief would rank in the top 10 are not among tantivy's candidates
(more likely the further c5brief's --k1/--b are from tantivy's), the two differ.
This measures how often, on the same documents, for several depths.

    python benchmarks/bench_engines.py                                   # the BBC articles
    python benchmarks/bench_engines.py --corpus ~/.cache/c5brief-bench/scale/articles_100000
    python benchmarks/bench_engines.py --depths 50,100,200 --b 0.3,0.75 --queries 300

Queries are words drawn from random paragraphs of the corpus itself (seeded, so
every run asks the same): 1, 2, 3, 4 and 6 content words, searched with
--literal. Both engines' indexes are built in-process in WORK (default
~/.cache/c5brief-bench/engines); nothing is written in the repository.
Reported per depth and b: the share of queries whose top 10 is identical (ids
in order), the mean overlap of the top-10 sets, the worst overlap, and the
tantivy engine's median in-process query time.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
BBC = ROOT.parent / "shared" / "data" / "bbc-news" / "bbc"
WORDS_PER_QUERY = (1, 2, 3, 4, 6)


def main() -> None:
    args = parse_args()
    from c5brief.corpus import CorpusSpec

    work = Path(args.work).expanduser()
    paths = tuple(args.corpus or [str(BBC)])
    specs = {engine: CorpusSpec(paths=paths, seeds=False, cache_dir=str(work / f"cache-{engine}"), engine=engine)
             for engine in ("rank-bm25", "tantivy")}
    for engine, spec in specs.items():
        start = time.perf_counter()
        build(spec)
        print(f"{engine}: index ready in {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    queries = sample_queries(specs["rank-bm25"], args.queries)
    print(f"## Engine agreement: {', '.join(paths)}; {len(queries)} queries; load {os.getloadavg()[0]:.2f}\n")
    print("| b | depth | identical top 10 | mean overlap@10 | worst overlap | tantivy median ms "
          "| rank-bm25 median ms |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for b in (float(x) for x in args.b.split(",")):
        exact, exact_ms = ranked(specs["rank-bm25"], queries, b, None)
        for depth in (int(x) for x in args.depths.split(",")):
            found, ms = ranked(specs["tantivy"], queries, b, depth)
            same = sum(1 for q in queries if found[q] == exact[q])
            overlaps = [len(set(found[q]) & set(exact[q])) / max(1, len(exact[q])) for q in queries]
            print(f"| {b:g} | {depth} | {same / len(queries):.1%} | {statistics.fmean(overlaps):.3f} | "
                  f"{min(overlaps):.1f} | {statistics.median(ms):.1f} | {statistics.median(exact_ms):.1f} |")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", action="append", help="a folder or file of documents (repeatable)")
    parser.add_argument("--work", default="~/.cache/c5brief-bench/engines")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--depths", default="50,100,200")
    parser.add_argument("--b", default="0.3,0.75")
    return parser.parse_args()


def build(spec: Any) -> None:
    from c5brief.retrieve import SearchOptions, ask

    ask("summit", spec, SearchOptions(limit=1))


def sample_queries(spec: Any, count: int) -> list[str]:
    from c5brief.analyze import is_content_word, typed_words
    from c5brief.lookup import list_sources, show

    rng = random.Random(7)
    documents = list(list_sources(spec).documents)
    queries: list[str] = []
    while len(queries) < count:
        document = rng.choice(documents)
        paragraph = rng.choice(show(spec, document.id).paragraphs)
        words = list(dict.fromkeys(t for t, w in typed_words(paragraph.text) if is_content_word(w) and t.isalpha()))
        size = WORDS_PER_QUERY[len(queries) % len(WORDS_PER_QUERY)]
        if len(words) >= size:
            queries.append(" ".join(rng.sample(words, size)))
    return queries


def ranked(spec: Any, queries: list[str], b: float, depth: int | None) -> tuple[dict[str, list[str]], list[float]]:
    import c5brief.engines.tantivy as tantivy_engine
    import c5brief.retrieve as retrieve
    from c5brief.retrieve import SearchOptions, ask

    if depth is not None:
        retrieve.MIN_DEPTH = tantivy_engine.MIN_DEPTH = depth
    found, times = {}, []
    for query in queries:
        start = time.perf_counter()
        hits = ask(query, spec, SearchOptions(limit=10, b=b, literal=True)).hits
        times.append((time.perf_counter() - start) * 1000)
        found[query] = [h.paragraph.id for h in hits]
    return found, times


if __name__ == "__main__":
    main()
