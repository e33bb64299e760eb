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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT.parent / "shared" / "data" / "bbc-news" / "bbc"
FLOOR = [sys.executable, "-c", "import click, rank_bm25"]

# name, c5brief arguments, needs bbc, target ratio to the floor
SCENARIOS = [
    ("seeds", ["ask", "Jackson-Vanik", "--format", "json"], False, 1.3),
    ("seeds+bbc", ["ask", "Jackson-Vanik", "--format", "json", "--corpus", str(BBC)], True, 2.0),
    ("country", ["country", "kazakhstan", "--format", "md"], False, 1.5),
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


def measure(command: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    floor_times, command_times = [], []
    for _ in range(runs):
        floor_times.append(timed(FLOOR, env))
        command_times.append(timed(command, env))
    return statistics.median(floor_times), statistics.median(command_times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", help="run only the scenario with this name")
    args = parser.parse_args()
    base = c5brief_command()
    failed = False
    results = []
    with tempfile.TemporaryDirectory() as cache:
        # XDG_CACHE_HOME rather than C5BRIEF_CACHE_DIR, so the platformdirs
        # lookup a real user pays for is measured too.
        # PYTHONDONTWRITEBYTECODE would make every run compile c5brief afresh: an installed
        # package has its bytecode compiled once, so it is measured with bytecode.
        env = {k: v for k, v in os.environ.items() if not k.startswith("C5BRIEF_") and k != "PYTHONDONTWRITEBYTECODE"}
        env |= {"XDG_CACHE_HOME": cache, "XDG_CONFIG_HOME": cache, "XDG_DATA_HOME": cache}
        for name, arguments, needs_bbc, target in SCENARIOS:
            if args.only and name != args.only:
                continue
            if needs_bbc and not BBC.is_dir():
                print(f"{name:12} skipped: {BBC} not found")
                continue
            command = base + arguments
            warm_up = subprocess.run(command, env=env, capture_output=True, text=True)
            if warm_up.returncode != 0:
                print(f"{name:12} FAILED to run: {warm_up.stderr.strip()}")
                failed = True
                continue
            floor, median = measure(command, args.runs, env)
            ratio = median / floor
            ok = ratio <= target
            failed |= not ok
            results.append({"scenario": name, "floor_ms": floor * 1000, "median_ms": median * 1000,
                            "ratio": ratio, "target": target, "runs": args.runs, "ok": ok})
            print(f"{name:12} floor {floor * 1000:6.1f} ms   c5brief {median * 1000:6.1f} ms   "
                  f"ratio {ratio:4.2f} (target <= {target})   {'ok' if ok else 'MISSED'}")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "query.json").write_text(json.dumps(results, indent=2) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
