#!/usr/bin/env python3
"""Large libraries: bulk add, disk, add and remove one article, and warm commands, at N paragraphs.

    python benchmarks/bench_scale.py --paragraphs 100000
    python benchmarks/bench_scale.py --paragraphs 1000000 --runs 11      # about 15 minutes
    python benchmarks/bench_scale.py --paragraphs 100000 --reuse --only queries

The corpus is ../shared/bench/gen_corpus.py's deterministic news-like paragraphs,
split into articles of 8 paragraphs by ../shared/bench/to_articles.py, under
WORK (default ~/.cache/c5brief-bench/scale; nothing is written in the
repository). Each figure is measured on the installed `c5brief` in a fresh
library and cache, with HOME, the XDG folders and every C5BRIEF_* variable
isolated. Timed commands alternate with the floor `python -c "import click,
rank_bm25"`, the machine's load average is recorded, and medians and ranges
are printed. Beside c5brief: raw tantivy (the same paragraphs, lower-cased
words, no c5brief around it) and raw rank_bm25 (BM25Okapi over the tokenized
paragraphs, up to 100,000 of them), in-process.

Targets (the large-library issue), at 1,000,000 paragraphs: bulk add <= 10 min,
peak RSS <= 2 GiB, library + cache <= 2x the article files; adding or removing
one article <= 2 s and the next ask <= 1.5x the floor; warm ask with 1, 3 and 6
common terms <= 1.5x the floor with peak RSS <= 150 MiB; warm country,
matrix, countries, topics <= 2 s; sources prints within 1 s. At 100,000: the
same add-one and ask bounds, and a country brief <= 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "bench"
FLOOR = [sys.executable, "-c", "import click, rank_bm25"]
# Common words of the generated corpus (each in several percent of paragraphs), not stop words.
COMMON = ["people", "time", "year", "world", "government", "police"]
QUERIES = {"1 term": COMMON[:1], "3 terms": COMMON[:3], "6 terms": COMMON}


def c5brief() -> str:
    script = Path(sys.executable).with_name("c5brief")
    return str(script) if script.exists() else shutil.which("c5brief") or sys.exit("install c5brief first")


def environment(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("C5BRIEF_") and k != "PYTHONDONTWRITEBYTECODE"}
    home = work / "home"
    env |= {"HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"), "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"), "C5BRIEF_CACHE_DIR": str(work / "cache")}
    return env


def corpus(work: Path, paragraphs: int) -> Path:
    text = work.parent / f"corpus_{paragraphs}.txt"
    articles = work.parent / f"articles_{paragraphs}"
    if not text.exists():
        subprocess.run([sys.executable, str(SHARED / "gen_corpus.py"), str(paragraphs), str(text)], check=True)
    if not articles.exists():
        subprocess.run([sys.executable, str(SHARED / "to_articles.py"), str(text), str(articles)], check=True,
                       stdout=subprocess.DEVNULL)
    return articles


def timed(command: list[str], env: dict[str, str], *, rss: bool = False) -> tuple[float, int]:
    """Wall seconds and (with rss) peak resident KiB of one run."""
    prefix = ["/usr/bin/time", "-f", "%M"] if rss and Path("/usr/bin/time").exists() else []
    start = time.perf_counter()
    done = subprocess.run(prefix + command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    peak = int(done.stderr.strip().splitlines()[-1]) if prefix and done.stderr.strip() else 0
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr[-500:]}")
    return wall, peak


def against_floor(command: list[str], env: dict[str, str], runs: int) -> dict[str, float]:
    """Alternate runs of the floor and the command: medians, ranges, the ratio and peak RSS."""
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm
    floor, ours, peaks = [], [], []
    for _ in range(runs):
        floor.append(timed(FLOOR, env)[0])
        wall, peak = timed(command, env, rss=True)
        ours.append(wall)
        peaks.append(peak)
    return {"floor_ms": statistics.median(floor) * 1000, "median_ms": statistics.median(ours) * 1000,
            "min_ms": min(ours) * 1000, "max_ms": max(ours) * 1000,
            "ratio": statistics.median(ours) / statistics.median(floor), "peak_rss_mib": max(peaks) / 1024}


def size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


def first_output_seconds(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdout is not None
    process.stdout.read(1)
    first = time.perf_counter() - start
    process.stdout.read()
    process.wait()
    return first


def bulk_add(articles: Path, library: Path, env: dict[str, str]) -> dict[str, float]:
    command = ["/usr/bin/time", "-v", c5brief(), "add", str(articles), "--library", str(library), "-q"]
    load = os.getloadavg()[0]
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))
    # CPU seconds (the workers' included) vary far less than wall time on a shared machine.
    cpu = sum(float(re.search(rf"{kind} time \(seconds\): ([\d.]+)", done.stderr).group(1))
              for kind in ("User", "System"))
    return {"wall_s": wall, "cpu_s": cpu, "peak_rss_mib": peak / 1024, "load_before": load,
            "load_after": os.getloadavg()[0]}


def one_article(work: Path, library: Path, env: dict[str, str], runs: int) -> dict[str, float]:
    """Add one new article, ask, remove it, ask: each timed."""
    base = [c5brief()]
    added, asked_after_add, removed, asked_after_remove = [], [], [], []
    for n in range(runs):
        article = work / f"extra-{n}.txt"
        article.write_text(f"Extra report {n}\n\n" + "\n\n".join(
            f"Paragraph {p} of extra report {n}: the harbour at Aktau took grain and tungsten." for p in range(8)))
        added.append(timed(base + ["add", str(article), "--library", str(library), "-q"], env)[0])
        asked_after_add.append(timed(base + ["ask", "Aktau tungsten", "--library", str(library), "-f", "json"],
                                     env)[0])
        doc_id = json.loads(subprocess.run(base + ["ask", f"extra report {n}", "--library", str(library), "-f",
                                                   "json", "-k", "1"], env=env, capture_output=True,
                                                  text=True).stdout)["results"][0]["doc"]
        removed.append(timed(base + ["remove", doc_id, "--library", str(library), "-q"], env)[0])
        asked_after_remove.append(timed(base + ["ask", "people time", "--library", str(library), "-f", "json"],
                                        env)[0])
        article.unlink()
    floor = statistics.median(timed(FLOOR, env)[0] for _ in range(runs))
    return {"add_one_s": statistics.median(added), "add_one_max_s": max(added),
            "remove_one_s": statistics.median(removed), "remove_one_max_s": max(removed),
            "ask_after_add_ratio": statistics.median(asked_after_add) / floor,
            "ask_after_remove_ratio": statistics.median(asked_after_remove) / floor, "floor_ms": floor * 1000}


def commands(library: Path, env: dict[str, str], runs: int) -> dict[str, dict[str, float]]:
    base = [c5brief()]
    found = {}
    for name, words in QUERIES.items():
        found[f"ask, {name}"] = against_floor(base + ["ask", " ".join(words), "--library", str(library), "-f", "json"],
                                              env, runs)
    for name in ("country kazakhstan", "country united-states", "topic water", "matrix", "countries", "topics"):
        command = base + name.split() + ["--library", str(library), "-f", "md"]
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls = [timed(command, env, rss=True) for _ in range(max(3, runs // 3))]
        found[name] = {"median_ms": statistics.median(w for w, _ in walls) * 1000,
                       "max_ms": max(w for w, _ in walls) * 1000, "peak_rss_mib": max(p for _, p in walls) / 1024}
    sources = base + ["sources", "--library", str(library), "-f", "text"]
    found["sources, first output"] = {"median_ms": statistics.median(
        first_output_seconds(sources, env) for _ in range(3)) * 1000}
    return found


def raw_engines(text: Path, paragraphs: int, runs: int) -> dict[str, dict[str, float]]:
    """The same paragraphs in raw tantivy and raw rank_bm25, in this process: what c5brief is compared with."""
    import tantivy

    stop = set((ROOT / "src" / "c5brief" / "data" / "stopwords.txt").read_text().split())
    lines = text.read_text(encoding="utf-8").splitlines()[:paragraphs]
    tokenized = [[w for w in re.findall(r"\w+", line.lower()) if w not in stop] for line in lines]
    found: dict[str, dict[str, float]] = {}
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", tokenizer_name="ws")
    index = tantivy.Index(builder.build())
    index.register_tokenizer("ws", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
    start = time.perf_counter()
    writer = index.writer(heap_size=256_000_000, num_threads=2)
    for words in tokenized:
        writer.add_document(tantivy.Document(body=" ".join(words)))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    build = time.perf_counter() - start
    searcher = index.searcher()
    for name, words in QUERIES.items():
        query = tantivy.Query.boolean_query([(tantivy.Occur.Should, tantivy.Query.term_query(index.schema, "body", w))
                                             for w in words])
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            searcher.search(query, 10)
            times.append(time.perf_counter() - start)
        found[f"raw tantivy, {name}"] = {"median_ms": statistics.median(times) * 1000, "build_s": build}
    if paragraphs <= 100_000:
        from rank_bm25 import BM25Okapi

        start = time.perf_counter()
        model = BM25Okapi(tokenized)
        build = time.perf_counter() - start
        for name, words in QUERIES.items():
            times = []
            for _ in range(max(3, runs // 3)):
                start = time.perf_counter()
                model.get_top_n(words, lines, n=10)
                times.append(time.perf_counter() - start)
            found[f"raw rank_bm25, {name}"] = {"median_ms": statistics.median(times) * 1000, "build_s": build}
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--work", type=Path, default=Path.home() / ".cache" / "c5brief-bench" / "scale")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--reuse", action="store_true", help="keep the library and cache of an earlier run")
    parser.add_argument("--only", choices=["add", "one", "queries", "raw"], action="append")
    args = parser.parse_args()
    if not SHARED.is_dir():
        sys.exit(f"{SHARED} not found: the generators live in ../shared/bench")
    work = args.work / f"run_{args.paragraphs}"
    articles = corpus(work, args.paragraphs)
    library = work / "lib"
    env = environment(work)
    steps = set(args.only or ["add", "one", "queries", "raw"])
    results: dict[str, object] = {"paragraphs": args.paragraphs, "load_start": os.getloadavg()}
    if "add" in steps and not args.reuse:
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        results["bulk add"] = bulk_add(articles, library, env)
    article_bytes = size(articles)
    results["disk"] = {"articles_mb": article_bytes / 1e6, "library_mb": size(library) / 1e6,
                       "cache_mb": size(work / "cache") / 1e6,
                       "ratio": (size(library) + size(work / "cache")) / article_bytes}
    if "one" in steps:
        results["one article"] = one_article(work, library, env, max(3, args.runs // 3))
    if "queries" in steps:
        results["commands"] = commands(library, env, args.runs)
    if "raw" in steps:
        results["raw"] = raw_engines(articles.parent / f"corpus_{args.paragraphs}.txt", args.paragraphs, args.runs)
    results["load_end"] = os.getloadavg()
    print(json.dumps(results, indent=2))
    out = args.work / f"results-{args.paragraphs}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
