#!/usr/bin/env python3
"""Warm-cache query latency of c5brief against the start-up floor.

The floor is `python -c "import click, rank_bm25"` in the same environment:
the least any Python command line built on those libraries can cost. Each
scenario runs the floor and the c5brief command alternately (the machine is
noisy, so they are measured side by side) and compares medians.

    python benchmarks/bench_query.py            # all scenarios, 15 runs each
    python benchmarks/bench_query.py --runs 31 --only seeds

Scenarios that need ../shared/data are skipped when it is absent. Exit status
is 1 when a scenario misses its target.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT.parent / "shared" / "data" / "bbc-news" / "bbc"
GENERATORS = ROOT.parent / "shared" / "bench"
FLOOR = [sys.executable, "-c", "import click, rank_bm25"]
LIBRARY_ARTICLES = 2_000
PARAGRAPHS_PER_ARTICLE = 8  # to_articles.py's default


def needs_bbc(_work: Path, _env: dict[str, str]) -> str | None:
    """None when the BBC collection is there, else why the scenario is skipped."""
    return None if BBC.is_dir() else f"{BBC} not found"


def library_2k(work: Path, env: dict[str, str]) -> str | None:
    """Generate 2,000 articles and add them to the library work/library-2k (once per run)."""
    library = work / "library-2k"
    if (library / "library.sqlite").exists():
        return None
    if not (GENERATORS / "gen_corpus.py").is_file():
        return f"{GENERATORS} not found"
    paragraphs = LIBRARY_ARTICLES * PARAGRAPHS_PER_ARTICLE
    text, articles = work / f"corpus_{paragraphs}.txt", work / "articles-2k"
    for step in ([sys.executable, str(GENERATORS / "gen_corpus.py"), str(paragraphs), str(text)],
                 [sys.executable, str(GENERATORS / "to_articles.py"), str(text), str(articles)]):
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            return f"{Path(step[1]).name} failed: {done.stderr.strip()[-300:]}"
    count = sum(1 for _ in articles.rglob("*.txt"))
    if count != LIBRARY_ARTICLES:
        return f"expected {LIBRARY_ARTICLES} generated articles, found {count}"
    return added(articles, library, env, f"{count} generated articles ({paragraphs} paragraphs)")


def library_2k_summit(work: Path, env: dict[str, str]) -> str | None:
    """2,000 summit-like articles (summit_corpus.py: every sentence on-topic) in work/library-2k-summit."""
    library = work / "library-2k-summit"
    if (library / "library.sqlite").exists():
        return None
    articles = work / "articles-2k-summit"
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "summit_corpus.py"), str(LIBRARY_ARTICLES),
                           str(articles)], capture_output=True, text=True)
    if done.returncode != 0:
        return f"summit_corpus.py failed: {done.stderr.strip()[-300:]}"
    return added(articles, library, env, f"{LIBRARY_ARTICLES} summit-like articles")


def added(articles: Path, library: Path, env: dict[str, str], what: str) -> str | None:
    """`c5brief add` of the articles to the library: None, or why it failed."""
    start = time.perf_counter()
    done = subprocess.run(c5brief_command() + ["add", str(articles), "--library", str(library), "--quiet"],
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:
        return f"c5brief add failed: {done.stderr.strip()[-300:]}"
    print(f"{'':12} library of {what} added in {time.perf_counter() - start:.1f} s")
    return None


class Scenario(NamedTuple):
    name: str
    arguments: list[str]  # c5brief's; "{work}" is replaced by the run's temporary folder
    target: float  # ratio of the medians to the floor's
    prepare: Callable[[Path, dict[str, str]], str | None] | None = None  # returns why it is skipped, or None


SCENARIOS = [
    Scenario("seeds", ["ask", "Jackson-Vanik", "--format", "json"], 1.3),
    Scenario("seeds+bbc", ["ask", "Jackson-Vanik", "--format", "json", "--corpus", str(BBC)], 2.0, needs_bbc),
    Scenario("country", ["country", "kazakhstan", "--format", "md"], 1.5),
    Scenario("country-2k", ["country", "kazakhstan", "--format", "md", "--library", "{work}/library-2k"], 3.0,
             library_2k),
    Scenario("country-2k-summit", ["country", "kazakhstan", "--format", "md", "--library",
                                   "{work}/library-2k-summit"], 3.0, library_2k_summit),
]


def c5brief_command() -> list[str]:
    script = Path(sys.executable).with_name("c5brief")
    if script.exists():
        return [str(script)]
    found = shutil.which("c5brief")
    if not found:
        sys.exit("c5brief is not installed in this environment: pip install . first")
    return [found]


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def measure_runs(command: list[str], runs: int, env: dict[str, str]) -> tuple[list[float], list[float]]:
    """Seconds of each run of the floor and of the command, alternately."""
    floor_times, command_times = [], []
    for _ in range(runs):
        floor_times.append(timed(FLOOR, env))
        command_times.append(timed(command, env))
    return floor_times, command_times


def measure(command: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    """Medians of the floor and of the command, run alternately."""
    floor_times, command_times = measure_runs(command, runs, env)
    return statistics.median(floor_times), statistics.median(command_times)


def span(times: list[float]) -> str:
    return f"({min(times) * 1000:.0f}-{max(times) * 1000:.0f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", choices=[s.name for s in SCENARIOS], help="run only the scenario with this name")
    args = parser.parse_args()
    base = c5brief_command()
    failed = False
    results = []
    with tempfile.TemporaryDirectory() as cache:
        work = Path(cache)
        # XDG_CACHE_HOME rather than C5BRIEF_CACHE_DIR, so the platformdirs
        # lookup a real user pays for is measured too.
        # PYTHONDONTWRITEBYTECODE would make every run compile c5brief afresh: an installed
        # package has its bytecode compiled once, so it is measured with bytecode.
        env = {k: v for k, v in os.environ.items() if not k.startswith("C5BRIEF_") and k != "PYTHONDONTWRITEBYTECODE"}
        env |= {"XDG_CACHE_HOME": cache, "XDG_CONFIG_HOME": cache, "XDG_DATA_HOME": cache}
        for scenario in SCENARIOS:
            name, target = scenario.name, scenario.target
            if args.only and name != args.only:
                continue
            if scenario.prepare and (why := scenario.prepare(work, env)):
                print(f"{name:12} skipped: {why}")
                continue
            command = base + [a.replace("{work}", cache) for a in scenario.arguments]
            warm_up = subprocess.run(command, env=env, capture_output=True, text=True)
            if warm_up.returncode != 0:
                print(f"{name:12} FAILED to run: {warm_up.stderr.strip()}")
                failed = True
                continue
            load_before = os.getloadavg()[0]
            floor_times, command_times = measure_runs(command, args.runs, env)
            load_after = os.getloadavg()[0]
            floor, median = statistics.median(floor_times), statistics.median(command_times)
            ratio = median / floor
            ok = ratio <= target
            failed |= not ok
            results.append({"scenario": name, "floor_ms": floor * 1000, "median_ms": median * 1000,
                            "floor_range_ms": [min(floor_times) * 1000, max(floor_times) * 1000],
                            "range_ms": [min(command_times) * 1000, max(command_times) * 1000],
                            "ratio": ratio, "target": target, "runs": args.runs,
                            "load_before": load_before, "load_after": load_after, "ok": ok})
            print(f"{name:12} floor {floor * 1000:6.1f} ms {span(floor_times)}   "
                  f"c5brief {median * 1000:6.1f} ms {span(command_times)}   ratio {ratio:4.2f} (target <= {target})   "
                  f"load {load_before:.2f}/{load_after:.2f}   {'ok' if ok else 'MISSED'}")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "query.json").write_text(json.dumps(results, indent=2) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
