#!/usr/bin/env python3
"""A deterministic library of summit-like articles, for timing briefs where every sentence is on-topic.

../shared/bench/gen_corpus.py makes news-like text on many subjects, so a country
brief over it finds few candidate statements. Real coverage of the summit is the
opposite: thousands of articles retelling the same events. This script makes such
a library from text we may ship: the bundled seed articles and our own test
fixtures (tests/fixtures/coverage, news, wire, russian). Each article takes 6-10
of their paragraphs, reworded a little (numbers scaled, common words swapped,
an outlet's dateline in front), under one of 40 invented outlets and a date
between September 2025 and February 2026.

    python benchmarks/summit_corpus.py 2000 /tmp/summit-2k
"""

from __future__ import annotations

import argparse
import random
import re
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "seeds", *(ROOT / "tests" / "fixtures" / d for d in ("coverage", "news", "wire", "russian"))]
FRONT = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
NUMBER = re.compile(r"\b(?<![.,])([1-9]\d{0,2})(?![\d,.]*\d{3}\b)\b")  # small counts and amounts, not years
SWAPS = {"said": "stated", "says": "states", "added": "noted", "will": "would", "big": "large",
         "major": "key", "talks": "negotiations", "meeting": "talks", "President": "President",
         "also": "further", "important": "significant", "new": "fresh", "help": "assist"}
OUTLETS = [f"{a} {b}" for a in ("Steppe", "Caspian", "Pamir", "Oxus", "Aral", "Tien Shan", "Silk Road", "Karakum")
           for b in ("Herald", "Wire", "Monitor", "Daily", "Review")]
START = date(2025, 9, 1)


def paragraphs() -> list[str]:
    found = []
    for folder in SOURCES:
        for path in sorted(folder.glob("*")):
            if path.suffix in {".txt", ".md"}:
                text = FRONT.sub("", path.read_text(encoding="utf-8"))
                found += [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if len(p.split()) >= 8]
    return found


def reworded(paragraph: str, rng: random.Random) -> str:
    words = [SWAPS.get(w, w) if rng.random() < 0.5 else w for w in paragraph.split(" ")]
    text = " ".join(words)
    return NUMBER.sub(lambda m: str(max(1, int(int(m.group(1)) * rng.uniform(0.7, 1.4)))), text)


def article(number: int, pool: list[str]) -> str:
    rng = random.Random(number)
    outlet = rng.choice(OUTLETS)
    day = START + timedelta(days=rng.randrange(180))
    body = [reworded(p, rng) for p in rng.sample(pool, rng.randint(6, 10))]
    title = " ".join(body[0].split()[:9]).rstrip(",.;:")
    return (f"---\ntitle: {title}\ndate: {day.isoformat()}\nsource: {outlet}\n---\n\n"
            + "\n\n".join(body) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", type=int)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    pool = paragraphs()
    args.folder.mkdir(parents=True, exist_ok=True)
    for number in range(args.articles):
        (args.folder / f"{number:05d}.md").write_text(article(number, pool), encoding="utf-8")
    print(f"{args.articles} articles from {len(pool)} paragraphs in {args.folder}")


if __name__ == "__main__":
    main()
