#!/usr/bin/env python3
"""Ranking quality of `c5brief ask` on real coverage of the summit, beside plain BM25.

The development set's articles are third-party text and live outside the
repository (never commit them): a folder DIR with `articles/NNN.txt`, which
benchmarks/devset/README.md says how to rebuild. Our own parts are committed in
benchmarks/devset/: `manifest.json` (file, language, split, ...) and `questions.json`
(`{"id", "question", "lang", "relevant": {"all_of": [[regex, ...], ...]}}`); a copy of
either in DIR is used instead. Point at DIR with `--devset DIR` or `C5BRIEF_DEVSET`.

    python benchmarks/bench_devset.py --devset ~/c5brief-devset
    python benchmarks/bench_devset.py --split dev --grid "k1=0.9,1.2,1.5,2 b=0.5,0.75,0.9"
    python benchmarks/bench_devset.py --variants okapi,bm25l,bm25plus

1. The articles of the split (`all`, `dev` or `heldout`) are searched as a user's
   `--corpus` folder (with `--no-seeds`), in a cache under WORK (default
   `~/.cache/c5brief-bench/devset`).
2. Judgments: every passage c5brief made of the articles (as `show` gives them) is
   relevant to a question when each group of `all_of` has a regex matching its
   text (case-insensitive). Both systems rank these same passages, so the
   figures compare ranking, not chunking.
3. c5brief: `ask` through the Python API, 100 results. Plain BM25: rank_bm25's
   BM25Okapi with its defaults over the body passages' text alone (no headline,
   no captions), tokens lower-cased `\\w+` words minus c5brief's stop words,
   stemmed by nltk's English Snowball stemmer.
4. Scored by ir-measures (pytrec_eval): P@5, nDCG@10, RR@10 (MRR), Success@1,
   R@20 and AP@100, over all questions and by the question's language.

Prints Markdown tables and writes WORK/results-<time>.json with per-question figures.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from devset import load, locate, split_articles  # benchmarks/devset/: the set's own parts

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # this checkout's c5brief, installed or not

MEASURES = ["P@5", "nDCG@10", "RR@10", "Success@1", "R@20", "AP@100"]
DEPTH = 100


def main() -> None:
    args = parse_args()
    devset = locate(args.devset)
    work = Path(args.work).expanduser()
    work.mkdir(parents=True, exist_ok=True)
    questions = load(devset, "questions.json")
    with tempfile.TemporaryDirectory(dir=work) as folder:
        corpus = link_articles(devset, args.split, Path(folder))
        spec = corpus_spec(corpus, work / f"cache-{args.split}")
        passages = all_passages(spec)
        qrels = judge(questions, passages)
        systems = {"plain BM25": plain_bm25_run(questions, passages)}
        for variant, k1, b in configurations(args):
            name = "c5brief" if (variant, k1, b) == ("okapi", None, None) else f"c5brief {variant} k1={k1} b={b}"
            systems[name] = c5brief_run(questions, spec, variant, k1, b)
    report(questions, qrels, systems, passages, args, work)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devset", help="the development set folder (or C5BRIEF_DEVSET)")
    parser.add_argument("--split", choices=["all", "dev", "heldout"], default="all")
    parser.add_argument("--work", default="~/.cache/c5brief-bench/devset")
    parser.add_argument("--grid", help='BM25 settings to sweep, e.g. "k1=0.9,1.2,1.5 b=0.5,0.75"')
    parser.add_argument("--variants", default="okapi", help="comma-separated: okapi,bm25l,bm25plus")
    return parser.parse_args()


def configurations(args: argparse.Namespace) -> list[tuple[str, float | None, float | None]]:
    variants = args.variants.split(",")
    if not args.grid:
        return [(v, None, None) for v in variants]
    grid = dict(part.split("=", 1) for part in args.grid.split())
    k1s = [float(x) for x in grid.get("k1", "1.5").split(",")]
    bs = [float(x) for x in grid.get("b", "0.75").split(",")]
    return [("okapi", None, None)] + [(v, k1, b) for v, k1, b in itertools.product(variants, k1s, bs)]


def link_articles(devset: Path, split: str, folder: Path) -> Path:
    for path in split_articles(devset, split):
        (folder / path.name).symlink_to(path.resolve())
    return folder


def corpus_spec(folder: Path, cache: Path) -> Any:
    from c5brief.corpus import CorpusSpec

    return CorpusSpec(paths=(str(folder),), seeds=False, cache_dir=str(cache))


def all_passages(spec: Any) -> dict[str, dict[str, str]]:
    """Every passage of the corpus: id -> kind, text, the document's title and file."""
    from c5brief.lookup import list_sources, show

    passages: dict[str, dict[str, str]] = {}
    for document in list_sources(spec).documents:
        for paragraph in show(spec, document.id).paragraphs:
            passages[paragraph.id] = {"kind": paragraph.kind, "text": paragraph.text, "title": document.title,
                                      "file": Path(document.path or "").name}
    return passages


def judge(questions: list[dict[str, Any]], passages: dict[str, dict[str, str]]) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = {}
    for question in questions:
        groups = [[re.compile(p, re.IGNORECASE) for p in group] for group in question["relevant"]["all_of"]]
        qrels[question["id"]] = {pid: 1 for pid, passage in passages.items()
                                 if all(any(r.search(passage["text"]) for r in group) for group in groups)}
    return qrels


def c5brief_run(questions: list[dict[str, Any]], spec: Any, variant: str, k1: float | None,
                b: float | None) -> dict[str, dict[str, float]]:
    from c5brief.errors import C5BriefError
    from c5brief.retrieve import SearchOptions, ask

    run: dict[str, dict[str, float]] = {}
    for question in questions:
        try:
            answer = ask(question["question"], spec, SearchOptions(limit=DEPTH, variant=variant, k1=k1, b=b))
        except C5BriefError:
            run[question["id"]] = {}
            continue
        # scores in c5brief's order, so ties cannot reorder them
        run[question["id"]] = {h.paragraph.id: float(DEPTH - h.rank + 1) for h in answer.hits}
    return run


def plain_bm25_run(questions: list[dict[str, Any]], passages: dict[str, dict[str, str]]
                   ) -> dict[str, dict[str, float]]:
    from nltk.stem.snowball import SnowballStemmer
    from rank_bm25 import BM25Okapi

    stop = set((ROOT / "src" / "c5brief" / "data" / "stopwords.txt").read_text().split())
    stemmer = SnowballStemmer("english")

    def tokens(text: str) -> list[str]:
        return [stemmer.stem(w) for w in re.findall(r"\w+", text.lower()) if w not in stop]

    ids = [pid for pid, p in passages.items() if p["kind"] == "body"]
    model = BM25Okapi([tokens(passages[pid]["text"]) for pid in ids])
    run: dict[str, dict[str, float]] = {}
    for question in questions:
        scores = model.get_scores(tokens(question["question"]))
        ranked = sorted(range(len(ids)), key=lambda i: -scores[i])[:DEPTH]
        run[question["id"]] = {ids[i]: float(scores[i]) for i in ranked if scores[i] > 0}
    return run


def evaluate(qrels: dict[str, dict[str, int]], run: dict[str, dict[str, float]],
             ids: list[str]) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    import ir_measures

    measures = [ir_measures.parse_measure(m) for m in MEASURES]
    wanted = {q: qrels[q] for q in ids if qrels[q]}
    per_query: dict[str, dict[str, float]] = {q: dict.fromkeys(MEASURES, 0.0) for q in wanted}
    for metric in ir_measures.iter_calc(measures, wanted, {q: run.get(q, {}) for q in wanted}):
        per_query[metric.query_id][str(metric.measure)] = metric.value
    means = {m: statistics.fmean(v[m] for v in per_query.values()) if per_query else 0.0 for m in MEASURES}
    return means, per_query


def report(questions: list[dict[str, Any]], qrels: dict[str, dict[str, int]],
           systems: dict[str, dict[str, dict[str, float]]], passages: dict[str, dict[str, str]],
           args: argparse.Namespace, work: Path) -> None:
    groups = {"all": [q["id"] for q in questions], "en": [q["id"] for q in questions if q["lang"] == "en"],
              "ru": [q["id"] for q in questions if q["lang"] == "ru"]}
    judged = sum(1 for q in questions if qrels[q["id"]])
    print(f"## Development set, split {args.split}: {len(passages)} passages, {judged} of {len(questions)} "
          f"questions with a relevant passage; load {os.getloadavg()[0]:.2f}\n")
    results: dict[str, Any] = {"split": args.split, "passages": len(passages), "systems": {}}
    for group, ids in groups.items():
        count = sum(1 for q in ids if qrels[q])
        print(f"### Questions: {group} ({count})\n")
        print("| system | " + " | ".join(MEASURES) + " |")
        print("| --- |" + " --- |" * len(MEASURES))
        for name, run in systems.items():
            means, per_query = evaluate(qrels, run, ids)
            results["systems"].setdefault(name, {})[group] = {"means": means, "per_query": per_query}
            print(f"| {name} | " + " | ".join(f"{means[m]:.4f}" for m in MEASURES) + " |")
        print()
    first, *others = [n for n in systems if n != "plain BM25"][:1] or [""]
    if first:
        mine = results["systems"][first]["all"]["per_query"]
        plain = results["systems"]["plain BM25"]["all"]["per_query"]
        better = sum(1 for q in mine if mine[q]["nDCG@10"] > plain[q]["nDCG@10"])
        worse = sum(1 for q in mine if mine[q]["nDCG@10"] < plain[q]["nDCG@10"])
        print(f"nDCG@10 per question, {first} against plain BM25: {better} better, {worse} worse, "
              f"{len(mine) - better - worse} level.\n")
    out = work / f"results-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(results, indent=1))
    print(f"(per-question figures in {out})")


if __name__ == "__main__":
    main()
