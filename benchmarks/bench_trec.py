#!/usr/bin/env python3
"""Ranking quality of `c5brief ask` on public IR test collections (CACM, NPL, TIME).

    python benchmarks/bench_trec.py                          # all three, c5brief defaults
    python benchmarks/bench_trec.py --collections cacm --c5-args "--bm25 bm25l --k1 1.2"
    python benchmarks/bench_trec.py --reuse --no-naive       # keep the converted files and library

For each collection (read from `<repo>/../shared/data`, or `--data DIR`):

1. Convert it to one UTF-8 `.txt` file per document, shaped like a user's own
   file (trec_collections.py says how), under `WORK/<collection>/docs`, with
   `manifest.json` mapping file path -> collection docid. WORK is
   `~/.cache/c5brief-bench/trec` unless `--work DIR`; nothing is written in the
   repository.
2. Index it as a user would: `c5brief add WORK/<c>/docs --library WORK/<c>/lib -q`
   (with `--format json` for the per-file report), in a fresh library and cache:
   C5BRIEF_CACHE_DIR=WORK/<c>/cache, C5BRIEF_CONFIG at a file that does not exist,
   HOME and the XDG folders inside WORK/<c>/home, no other C5BRIEF_* variable.
   `c5brief sources --no-seeds --format json` maps c5brief's ids to docids.
3. Run `c5brief ask --library ... --no-seeds --format json --limit 1000 --literal [C5-ARGS] -- QUERY`
   once per query, as a subprocess (`--literal`: a topic's quotes, minus signs and
   capitalised ORs are words, not the query language, as Anserini escapes its
   query parser's syntax). Documents are ranked by their best paragraph
   (its first appearance in the results), at most 1000, with that paragraph's
   score. Exit 1 (nothing found) is an empty run; exit 2 (a refused query) and
   anything else are recorded and counted. Queries: CACM's whole topic text (as
   Anserini reads it), NPL's title, TIME's text.
4. Score with ir-measures' pytrec_eval backend: MAP (AP@1000), P@30, nDCG@10 and
   R@1000, averaged over every judged query (an unanswered one counts 0). The
   run passes c5brief's scores, so ties are broken as trec_eval does (score,
   then docno descending). c5brief rounds scores to 4 decimals; `MAP_rank_order`
   in the JSON is MAP with score = 1000 - rank, c5brief's own order, to show
   what the ties cost.
5. Unless `--no-naive`, a naive baseline: whole documents (the same files) scored
   by rank_bm25.BM25Okapi with its defaults; tokens are lower-cased `\\w+` words
   minus c5brief's stop-word list, stemmed by nltk's SnowballStemmer("english").

Prints a Markdown table with the published figures beside, the add time, the
per-query wall time (median, p90) and the load average at start and end, and
writes everything (with per-query details) to WORK/results-<timestamp>.json and
the TREC runs to WORK/<c>/runs/. Needs `pip install ir-measures pytrec-eval-terrier`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from trec_collections import COLLECTIONS, Collection, Judgments

ROOT = Path(__file__).resolve().parents[1]
STOPWORDS = ROOT / "src" / "c5brief" / "data" / "stopwords.txt"
DEPTH = 1000
MEASURES = {"MAP": "AP@1000", "P@30": "P@30", "nDCG@10": "nDCG@10", "R@1000": "R@1000"}
Run = dict[str, dict[str, float]]  # qid -> docid -> score


@dataclass
class QueryResult:
    qid: str
    exit: int
    ms: float
    documents: int = 0
    paragraphs: int = 0
    corrections: list[Any] = field(default_factory=list)
    expanded: list[Any] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    error: str = ""


def c5brief_command(given: str | None) -> list[str]:
    if given:
        return shlex.split(given)
    script = Path(sys.executable).with_name("c5brief")
    found = str(script) if script.exists() else shutil.which("c5brief")
    if not found:
        sys.exit("c5brief is not installed in this environment: pip install -e . first")
    return [found]


def isolated_env(folder: Path) -> dict[str, str]:
    """The environment of a user with a fresh home: no config, cache or library of their own."""
    home = folder / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("C5BRIEF_")}
    return env | {
        "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"), "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"), "C5BRIEF_CACHE_DIR": str(folder / "cache"),
        "C5BRIEF_CONFIG": str(folder / "no-config.toml"),
    }


def convert(collection: Collection, folder: Path) -> dict[str, str]:
    """Write the documents as .txt files; the manifest maps each path to its docid."""
    if folder.exists():
        shutil.rmtree(folder)
    docs = folder / "docs"
    docs.mkdir(parents=True)
    manifest = {}
    for name, (docid, text) in collection.documents.items():
        (docs / name).write_text(text, encoding="utf-8")
        manifest[str(docs / name)] = docid
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def add(c5: list[str], folder: Path, env: dict[str, str]) -> dict[str, Any]:
    start = time.perf_counter()
    done = subprocess.run([*c5, "add", str(folder / "docs"), "--library", str(folder / "lib"), "-q",
                           "--format", "json"], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 2) or not done.stdout.strip():
        sys.exit(f"c5brief add failed (exit {done.returncode}): {done.stderr.strip()[-2000:]}")
    report = json.loads(done.stdout) | {"exit": done.returncode, "seconds": round(seconds, 2)}
    (folder / "add-report.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return report


def sources(c5: list[str], folder: Path, env: dict[str, str]) -> list[dict[str, Any]]:
    done = subprocess.run([*c5, "sources", "--library", str(folder / "lib"), "--no-seeds", "--format", "json"],
                          env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)["documents"]


def ask_all(c5: list[str], collection: Collection, folder: Path, env: dict[str, str], c5_args: list[str],
            docids: dict[str, str]) -> tuple[Run, list[QueryResult]]:
    base = [*c5, "ask", "--library", str(folder / "lib"), "--no-seeds", "--format", "json",
            "--limit", str(DEPTH), "--literal", *c5_args, "--"]
    run: Run = {}
    results = []
    for qid, text in collection.queries.items():
        start = time.perf_counter()
        done = subprocess.run([*base, text], env=env, capture_output=True, text=True)
        result = QueryResult(qid, done.returncode, (time.perf_counter() - start) * 1000)
        if done.returncode in (0, 1) and done.stdout.strip():
            answer = json.loads(done.stdout)
            ranked: dict[str, float] = {}
            for hit in answer["results"]:
                ranked.setdefault(docids[hit["doc"]], hit["score"])
            run[qid] = dict(list(ranked.items())[:DEPTH])
            result.documents, result.paragraphs = len(run[qid]), len(answer["results"])
            result.corrections, result.expanded = answer.get("corrections", []), answer.get("expanded", [])
            result.unmatched = answer.get("unmatched", [])
        if done.returncode not in (0, 1):
            result.error = done.stderr.strip()[-500:]
        results.append(result)
    return run, results


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english")


@cache
def _stem(word: str) -> str:
    return _stemmer().stem(word)


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    lines = STOPWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def tokens(text: str) -> list[str]:
    return [_stem(w) for w in re.findall(r"\w+", text.lower()) if w not in _stopwords()]


def naive(collection: Collection) -> tuple[Run, list[float]]:
    """Whole documents ranked by rank_bm25's BM25Okapi with its default parameters."""
    import numpy as np
    from rank_bm25 import BM25Okapi

    docids = [docid for docid, _ in collection.documents.values()]
    model = BM25Okapi([tokens(text) for _, text in collection.documents.values()])
    run: Run = {}
    times = []
    for qid, text in collection.queries.items():
        start = time.perf_counter()
        scores = model.get_scores(tokens(text))
        top = [i for i in np.argsort(-scores, kind="stable")[:DEPTH] if scores[i] > 0]
        run[qid] = {docids[i]: float(scores[i]) for i in top}
        times.append((time.perf_counter() - start) * 1000)
    return run, times


def evaluate(run: Run, judgments: Judgments) -> dict[str, Any]:
    """Means over every judged query; a query with no run counts 0."""
    import ir_measures

    rename = judgments.rename or (lambda d: d)
    scored = {q: {rename(d): s for d, s in docs.items()} for q, docs in run.items() if docs}
    measures = [ir_measures.parse_measure(m) for m in MEASURES.values()]
    per_query: dict[str, dict[str, float]] = {}
    for metric in ir_measures.pytrec_eval.iter_calc(measures, judgments.qrels, scored):
        per_query.setdefault(metric.query_id, {})[str(metric.measure)] = metric.value
    judged = list(judgments.qrels)
    figures = {name: statistics.fmean(per_query.get(q, {}).get(m, 0.0) for q in judged)
               for name, m in MEASURES.items()}
    return figures | {"judged": len(judged), "answered": sum(1 for q in judged if scored.get(q))}


def rank_order(run: Run) -> Run:
    return {q: {d: float(DEPTH - rank) for rank, d in enumerate(docs)} for q, docs in run.items()}


def write_run(path: Path, run: Run, tag: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for qid, docs in run.items():
            for rank, (docid, score) in enumerate(docs.items(), start=1):
                out.write(f"{qid} Q0 {docid} {rank} {score:.6f} {tag}\n")


def diagnostics(collection: Collection, manifest: dict[str, str], report: dict[str, Any],
                listed: list[dict[str, Any]]) -> dict[str, Any]:
    """What c5brief made of the files: refusals, duplicates, text taken as title or subtitle.

    Relevant pairs are counted in the collection's first judgments (CACM's qrels, TIME.REL).
    """
    first_block = {path: " ".join(collection.documents[Path(path).name][1].split("\n\n", 1)[0].split())
                   for path in manifest}
    missing = {manifest[r["path"]] for r in report["refused"]}
    missing |= {manifest[d["path"]] for d in report["documents"] if d["outcome"] == "duplicate"}
    judged = next(iter(collection.judgments.values())).qrels
    pairs = [(q, d) for q, docs in judged.items() for d, rel in docs.items() if rel > 0]
    return {
        "files": len(manifest),
        "outcomes": dict(Counter(d["outcome"] for d in report["documents"])),
        "refused": dict(Counter(r["reason"] for r in report["refused"])),
        "documents in library": len(listed),
        "title is the text's first block (searched with the first passage)":
            sum(1 for d in listed if " ".join(d["title"].split()) == first_block.get(d["path"])),
        "subtitle taken from the text (searched with the first passage)":
            sum(1 for d in listed if d.get("subtitle")),
        "paragraphs per document": dict(sorted(Counter(d["paragraphs"] for d in listed).items())),
        "relevant pairs whose document is not in the library": sum(1 for _, d in pairs if d in missing),
        "relevant pairs": len(pairs),
    }


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else float("nan")


def bench(name: str, args: argparse.Namespace, c5: list[str], c5_args: list[str]) -> dict[str, Any]:
    collection = COLLECTIONS[name](args.data)
    folder = args.work / name
    env = isolated_env(folder)
    reuse = args.reuse and all((folder / f).exists() for f in ("manifest.json", "add-report.json", "lib"))
    if reuse:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        report = json.loads((folder / "add-report.json").read_text(encoding="utf-8")) | {"reused": True}
    else:
        manifest = convert(collection, folder)
        print(f"{name}: adding {len(manifest)} files ...", file=sys.stderr, flush=True)
        report = add(c5, folder, env)
    listed = sources(c5, folder, env)
    docids = {d["id"]: manifest[d["path"]] for d in listed}
    print(f"{name}: {len(collection.queries)} queries ...", file=sys.stderr, flush=True)
    run, queries = ask_all(c5, collection, folder, env, c5_args, docids)
    write_run(folder / "runs" / "c5brief.run", run, "c5brief")
    times = [q.ms for q in queries]
    exits = Counter(q.exit for q in queries)
    systems: dict[str, Any] = {"c5brief": {
        label: evaluate(run, j) | {"MAP_rank_order": evaluate(rank_order(run), j)["MAP"]}
        for label, j in collection.judgments.items()}}
    timing = {"c5brief": {"median_ms": statistics.median(times), "p90_ms": percentile(times, 0.9)}}
    if not args.no_naive:
        naive_run, naive_times = naive(collection)
        write_run(folder / "runs" / "naive.run", naive_run, "naive-bm25okapi")
        systems["naive"] = {label: evaluate(naive_run, j) for label, j in collection.judgments.items()}
        timing["naive"] = {"median_ms": statistics.median(naive_times), "p90_ms": percentile(naive_times, 0.9),
                           "note": "in-process get_scores, no start-up"}
    return {
        "query_field": collection.query_field, "queries": len(collection.queries),
        "add_seconds": report["seconds"], "add_reused": reuse, "add_exit": report["exit"],
        "diagnostics": diagnostics(collection, manifest, report, listed) | collection.facts,
        "exits": {str(k): v for k, v in sorted(exits.items())},
        "queries_corrected": sum(1 for q in queries if q.corrections),
        "queries_expanded": sum(1 for q in queries if q.expanded),
        "timing": timing, "systems": systems,
        "published": {label: {"figures": j.published, "by": j.published_by}
                      for label, j in collection.judgments.items() if j.published},
        "per_query": [q.__dict__ for q in queries],
    }


def table(results: dict[str, Any]) -> str:
    rows = ["| collection | judgments | system | MAP | P@30 | nDCG@10 | R@1000 | answered/judged | median ms/query "
            "| published MAP / P@30 |", "|" + " --- |" * 10]
    for name, found in results.items():
        for system, by_label in found["systems"].items():
            ms = found["timing"][system]["median_ms"]
            for label, f in by_label.items():
                published = found["published"].get(label, {}).get("figures", {})
                shown = " / ".join(f"{published[m]:.4f}" if m in published else "–" for m in ("MAP", "P@30"))
                rows.append(f"| {name} | {label} | {system} | {f['MAP']:.4f} | {f['P@30']:.4f} | {f['nDCG@10']:.4f} "
                            f"| {f['R@1000']:.4f} | {f['answered']}/{f['judged']} | {ms:.0f} "
                            f"| {shown if published else ''} |")
    return "\n".join(rows)


def versions(c5: list[str]) -> dict[str, str]:
    found = {}
    for package in ("ir-measures", "pytrec-eval-terrier", "rank-bm25", "nltk"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    done = subprocess.run([*c5, "--version"], capture_output=True, text=True)
    found["c5brief"] = done.stdout.strip() or done.stderr.strip()[-200:]
    head = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True, text=True)
    found["repository"] = head.stdout.strip()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--collections", default=",".join(COLLECTIONS), help="comma-separated: cacm,npl,time")
    parser.add_argument("--work", type=Path, default=Path("~/.cache/c5brief-bench/trec").expanduser())
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--c5-args", default="", help='extra `ask` arguments, e.g. "--bm25 bm25l --k1 1.2"')
    parser.add_argument("--c5brief", help="command that runs c5brief (default: the one beside this Python)")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive whole-document baseline")
    parser.add_argument("--reuse", action="store_true", help="keep the converted files and library of a past run")
    args = parser.parse_args()
    names = [n.strip() for n in args.collections.split(",") if n.strip()]
    if unknown := [n for n in names if n not in COLLECTIONS]:
        parser.error(f"unknown collection(s) {', '.join(unknown)}; known: {', '.join(COLLECTIONS)}")
    if not args.data.is_dir():
        sys.exit(f"no test collections at {args.data}: put shared/data beside the repository or pass --data DIR")
    try:
        import ir_measures  # noqa: F401
        import pytrec_eval  # noqa: F401
    except ImportError:
        sys.exit("needs ir-measures with pytrec_eval: pip install ir-measures pytrec-eval-terrier")
    args.work = args.work.resolve()
    if args.work == ROOT or ROOT in args.work.parents:
        sys.exit(f"--work {args.work} is inside the repository; choose a folder outside it")
    c5, c5_args = c5brief_command(args.c5brief), shlex.split(args.c5_args)
    load_start = os.getloadavg()
    results = {name: bench(name, args, c5, c5_args) for name in names}
    load_end = os.getloadavg()
    print(table(results))
    print()
    for name, found in results.items():
        t = found["timing"]["c5brief"]
        reused = " (from the reused build)" if found["add_reused"] else ""
        print(f"{name}: add {found['add_seconds']:.1f} s{reused}; ask median {t['median_ms']:.0f} ms, "
              f"p90 {t['p90_ms']:.0f} ms over {found['queries']} queries; exits {found['exits']}")
        shown = {k: v for k, v in found["diagnostics"].items() if k != "paragraphs per document"}
        print(f"{name}: {json.dumps(shown)}")
    print(f"load average (1, 5, 15 min): start {load_start}, end {load_end}")
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = args.work / f"results-{stamp}.json"
    out.write_text(json.dumps({
        "c5brief_command": c5, "c5_args": c5_args, "versions": versions(c5),
        "load_average": {"start": load_start, "end": load_end},
        "tie_handling": "c5brief's (4-decimal) scores given to pytrec_eval: ties by score, then docno descending",
        "collections": results,
    }, indent=1) + "\n", encoding="utf-8")
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
