#!/usr/bin/env python3
"""Quality of `c5brief country` and `c5brief topic` briefs on real coverage of the summit.

The development set's articles are third-party text and live outside the
repository (never commit them): a folder DIR with `articles/NNN.txt`, which
benchmarks/devset/README.md says how to rebuild. Our own parts are committed in
benchmarks/devset/: `manifest.json` (file, language, split, ...) and `keyfacts.json`,
the facts a good brief on each subject reports (a copy of either in DIR is used instead):

    {"kazakhstan": [{"id": "kz-abraham", "fact": "joins the Abraham Accords",
                     "all_of": [["Abraham|Авраам"]], "outcome": true}, ...],
     "united-states": [...], "topic:trade": [...], ...}

A key without a `topic:` prefix is a country (`united-states` is asked for as
"united states"); `outcome` tells a fact that happened at or around the summit
(a deal signed, an accession announced) from background. Point at DIR with
`--devset DIR` or `C5BRIEF_DEVSET`.

    python benchmarks/bench_briefs.py --devset ~/c5brief-devset
    python benchmarks/bench_briefs.py --lengths 300,1000 --work /tmp/briefs-bench
    python benchmarks/bench_briefs.py --split heldout --c5brief "c5brief"

1. The articles of the split (`all`, `dev` or `heldout`) are linked into a folder
   under WORK and searched as a user's `--corpus` folder, with `--no-seeds` and no
   library: the cache, data and config folders are WORK's (C5BRIEF_CACHE_DIR,
   C5BRIEF_DATA_DIR, C5BRIEF_CONFIG), the data folder holds no library, and every
   other C5BRIEF_* variable is dropped, so nothing of the user's setup leaks in.
2. For each subject and each `--lengths` value the command (default: this
   checkout's c5brief, `python -m c5brief` with its `src/` first on PYTHONPATH)
   runs `country NAME` or `topic NAME` with `--format json --length N`. The points
   are read from whichever parts the JSON has: `key_points[]` and
   `sections[].points[]` (the brief proper), `timeline[]` and `deals[]` (other
   parts); a point is an object with `text` and `citations` (ids, or objects with
   an `id`), or a bare string.
3. Measures, per brief and over all briefs of a length:
   - key facts covered: a fact counts when some point's text matches a regex of
     every `all_of` group (case-insensitive); counted over key points + sections,
     and over every part. "attainable" is how many facts some paragraph of the
     split's articles matches at all (an upper bound).
   - outcome facts covered: the same, for the facts marked `outcome` (key points +
     sections).
   - fidelity: a point passes when its text is verbatim in one of the paragraphs
     it cites (as `c5brief show DOC --format json` gives them), after removing
     `[...]` insertions and collapsing whitespace on both sides; where it marks an
     elision (`…`, `...`, `[…]`, `[...]`) each piece must appear, in order. A point
     with no citation, or citing an unknown id, fails.
   - redundancy: pairs of points (key points and sections) in one brief whose sets of lower-cased words
     have a Jaccard index of 0.5 or more.
   - words: words (`\\w+`) in the key points and sections (what --length bounds).

Prints Markdown tables and writes WORK/results-<time>.json with every brief's
points, the facts found and missed, fidelity failures and redundant pairs.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from devset import load, locate, split_articles  # benchmarks/devset/: the set's own parts

ROOT = Path(__file__).resolve().parents[1]

JACCARD = 0.5
BRIEF_PARTS = ("key_points", "sections")  # the brief proper
OTHER_PARTS = ("timeline", "deals")
ELISION = re.compile(r"\s*(?:\[(?:…|\.\.\.)\]|…|\.\.\.)\s*")
INSERTION = re.compile(r"\[[^\[\]]*\]")
WORD = re.compile(r"\w+")


def main() -> None:
    args = parse_args()
    devset = locate(args.devset)
    work = Path(args.work).expanduser().resolve()
    work.mkdir(parents=True, exist_ok=True)
    keyfacts: dict[str, list[dict[str, Any]]] = load(devset, "keyfacts.json")
    lengths = [int(n) for n in args.lengths.split(",")]
    runner = Runner(args.c5brief, devset, args.split, work)
    attainable = attainable_facts(keyfacts, runner.corpus)
    briefs = []
    for subject, length in itertools.product(keyfacts, lengths):
        data, status, error = runner.brief(subject, length)
        briefs.append(score(subject, length, data, status, error, keyfacts[subject], runner))
    report(briefs, keyfacts, attainable, lengths, runner, args, work)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devset", help="the development set folder (or C5BRIEF_DEVSET)")
    parser.add_argument("--split", choices=["all", "dev", "heldout"], default="all")
    parser.add_argument("--lengths", default="300,1000", help="comma-separated --length values")
    parser.add_argument("--work", default="~/.cache/c5brief-bench/briefs")
    parser.add_argument("--c5brief", help="the command to run, e.g. \"c5brief\" (default: this checkout's, "
                        "python -m c5brief with its src/ on PYTHONPATH)")
    return parser.parse_args()


class Runner:
    """Runs the c5brief command on the split's articles, in WORK's own folders."""

    def __init__(self, command: str | None, devset: Path, split: str, work: Path) -> None:
        self.command = shlex.split(command) if command else [sys.executable, "-m", "c5brief"]
        self.corpus = link_articles(devset, split, work / f"corpus-{split}")
        (work / "config.toml").touch()
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("C5BRIEF_")}
        self.env.update(C5BRIEF_CACHE_DIR=str(work / "cache"), C5BRIEF_DATA_DIR=str(work / "data"),
                        C5BRIEF_CONFIG=str(work / "config.toml"), NO_COLOR="1")
        if not command:
            self.env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
        self.paragraphs: dict[str, str] = {}
        self.shown: set[str] = set()
        self.version = self.run(["--version"])[1].strip()

    def run(self, arguments: list[str]) -> tuple[int, str, str]:
        done = subprocess.run([*self.command, *arguments], capture_output=True, text=True, env=self.env, check=False)
        return done.returncode, done.stdout, done.stderr

    def corpus_options(self) -> list[str]:
        # no --library: c5brief refuses one that does not exist, and WORK's data folder has none
        return ["--corpus", str(self.corpus), "--no-seeds", "--format", "json"]

    def brief(self, subject: str, length: int) -> tuple[dict[str, Any], int, str]:
        kind, _, name = subject.partition(":") if subject.startswith("topic:") else ("country", "", subject)
        status, out, err = self.run([kind, name.replace("-", " "), "--length", str(length), *self.corpus_options()])
        try:
            return (json.loads(out) if out.strip() else {}), status, err.strip()
        except json.JSONDecodeError:
            return {}, status, f"not JSON: {out[:200]!r} {err.strip()}"

    def paragraph(self, pid: str) -> str | None:
        """A paragraph's text, from `show` on its whole document (once a document)."""
        doc = pid.split(".", 1)[0]
        if doc not in self.shown:
            self.shown.add(doc)
            status, out, _ = self.run(["show", doc, *self.corpus_options()])
            if status == 0:
                for item in json.loads(out).get("paragraphs") or []:
                    self.paragraphs[item["id"]] = item.get("text") or ""
        return self.paragraphs.get(pid)


def link_articles(devset: Path, split: str, folder: Path) -> Path:
    articles = split_articles(devset, split)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for path in articles:
        (folder / path.name).symlink_to(path.resolve())
    return folder


def matches(fact: dict[str, Any], text: str) -> bool:
    return all(any(re.search(p, text, re.IGNORECASE) for p in group) for group in fact["all_of"])


def attainable_facts(keyfacts: dict[str, list[dict[str, Any]]], corpus: Path) -> dict[str, set[str]]:
    """The facts some paragraph of the articles matches (front matter left out)."""
    paragraphs = []
    for path in sorted(corpus.iterdir()):
        text = re.sub(r"\A---\n.*?\n---\n", "", path.read_text(), flags=re.DOTALL)
        paragraphs += [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return {subject: {f["id"] for f in facts if any(matches(f, p) for p in paragraphs)}
            for subject, facts in keyfacts.items()}


def brief_points(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every point of a brief's JSON, with the part it came from; parts may be absent."""
    points: list[dict[str, Any]] = []

    def add(item: Any, part: str) -> None:
        if isinstance(item, str):
            points.append({"text": item, "citations": [], "part": part})
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            cited = item.get("citations") or item.get("sources") or []
            ids = [c if isinstance(c, str) else c.get("id", "") for c in cited if isinstance(c, (str, dict))]
            points.append({"text": item["text"], "citations": [i for i in ids if i], "part": part})

    for item in data.get("key_points") or []:
        add(item, "key_points")
    for section in data.get("sections") or []:
        for item in section.get("points") or []:
            add(item, "sections")
    for part in OTHER_PARTS:
        for item in data.get(part) or []:
            add(item, part)
    return points


def pieces(text: str) -> list[str]:
    """The verbatim pieces of a point: split at elision marks, insertions removed."""
    out = []
    for part in ELISION.split(text):
        # an insertion splits the text too: "22,787 [sic] Dreamliners" may be the outlet's own bracket
        for piece in INSERTION.split(part):
            piece = " ".join(piece.split())
            if piece:
                out.append(piece)
    return out


def faithful(text: str, paragraph: str) -> bool:
    paragraph = " ".join(paragraph.split())
    start = 0
    for piece in pieces(text):
        found = paragraph.find(piece, start)
        if found < 0:
            return False
        start = found + len(piece)
    return True


def fidelity(point: dict[str, Any], runner: Runner) -> str | None:
    """None when the point is verbatim in a paragraph it cites, else why not."""
    if not point["citations"]:
        return "no citation"
    known = [t for t in (runner.paragraph(pid) for pid in point["citations"]) if t is not None]
    if not known:
        return "cited id unknown: " + ", ".join(point["citations"])
    if any(faithful(point["text"], t) for t in known):
        return None
    return "not verbatim in " + ", ".join(point["citations"])


def words(text: str) -> set[str]:
    return set(WORD.findall(text.lower()))


def redundant_pairs(points: list[dict[str, Any]]) -> list[dict[str, Any]]:
    pairs = []
    for (i, a), (j, b) in itertools.combinations(enumerate(points), 2):
        wa, wb = words(a["text"]), words(b["text"])
        if wa and wb and len(wa & wb) / len(wa | wb) >= JACCARD:
            pairs.append({"a": i, "b": j, "jaccard": round(len(wa & wb) / len(wa | wb), 3)})
    return pairs


def score(subject: str, length: int, data: dict[str, Any], status: int, error: str,
          facts: list[dict[str, Any]], runner: Runner) -> dict[str, Any]:
    points = brief_points(data)
    for point in points:
        point["fidelity"] = fidelity(point, runner)
    proper = [p for p in points if p["part"] in BRIEF_PARTS]
    in_brief = [f["id"] for f in facts if any(matches(f, p["text"]) for p in proper)]
    anywhere = [f["id"] for f in facts if any(matches(f, p["text"]) for p in points)]
    outcomes = [f["id"] for f in facts if f.get("outcome")]
    return {
        "subject": subject, "length": length, "status": status, "error": error if status else "",
        # the word budget covers key points and sections; the timeline, deals and quotes have their own caps
        "words": sum(len(WORD.findall(p["text"])) for p in proper), "points": points,
        "facts": len(facts), "facts_in_brief": in_brief, "facts_anywhere": anywhere,
        "outcome_facts": len(outcomes), "outcomes_in_brief": [f for f in in_brief if f in outcomes],
        "missed": [f["id"] for f in facts if f["id"] not in anywhere],
        "fidelity_failures": sum(1 for p in points if p["fidelity"]),
        "redundant_pairs": redundant_pairs(proper),
    }


def report(briefs: list[dict[str, Any]], keyfacts: dict[str, list[dict[str, Any]]],
           attainable: dict[str, set[str]], lengths: list[int], runner: Runner, args: argparse.Namespace,
           work: Path) -> None:
    reachable = sum(len(v) for v in attainable.values())
    total = sum(len(v) for v in keyfacts.values())
    print(f"## Briefs on the development set, split {args.split}: {len(list(runner.corpus.iterdir()))} articles, "
          f"{len(keyfacts)} subjects, {total} key facts ({reachable} attainable); {runner.version}; "
          f"load {os.getloadavg()[0]:.2f}\n")
    summary: dict[int, dict[str, Any]] = {}
    for length in lengths:
        rows = [b for b in briefs if b["length"] == length]
        print(f"### --length {length}\n")
        print("| subject | words | points | key facts, key points+sections | key facts, any part | outcome facts "
              "| fidelity failures | redundant pairs |")
        print("| --- |" + " ---: |" * 7)
        for b in rows:
            note = f" (exit {b['status']})" if b["status"] else ""
            print(f"| {b['subject']}{note} | {b['words']} | {len(b['points'])} | "
                  f"{len(b['facts_in_brief'])}/{b['facts']} | {len(b['facts_anywhere'])}/{b['facts']} | "
                  f"{len(b['outcomes_in_brief'])}/{b['outcome_facts']} | {b['fidelity_failures']} | "
                  f"{len(b['redundant_pairs'])} |")
        s = summary[length] = {
            "briefs": len(rows), "failed_briefs": sum(1 for b in rows if b["status"]),
            "words_per_brief": statistics.fmean(b["words"] for b in rows) if rows else 0.0,
            "points": sum(len(b["points"]) for b in rows),
            "facts": sum(b["facts"] for b in rows),
            "facts_in_brief": sum(len(b["facts_in_brief"]) for b in rows),
            "facts_anywhere": sum(len(b["facts_anywhere"]) for b in rows),
            "outcome_facts": sum(b["outcome_facts"] for b in rows),
            "outcomes_in_brief": sum(len(b["outcomes_in_brief"]) for b in rows),
            "fidelity_failures": sum(b["fidelity_failures"] for b in rows),
            "redundant_pairs": sum(len(b["redundant_pairs"]) for b in rows),
        }
        print(f"| **all** | {s['words_per_brief']:.0f}/brief | {s['points']} | "
              f"{s['facts_in_brief']}/{s['facts']} | {s['facts_anywhere']}/{s['facts']} | "
              f"{s['outcomes_in_brief']}/{s['outcome_facts']} | {s['fidelity_failures']} | "
              f"{s['redundant_pairs']} |\n")
    print("### Overall\n")
    print("| length | words/brief | key facts, key points+sections | key facts, any part | outcome facts "
          "| fidelity failures | redundant pairs |")
    print("| ---: |" + " ---: |" * 6)
    for length, s in summary.items():
        print(f"| {length} | {s['words_per_brief']:.0f} | {pct(s['facts_in_brief'], s['facts'])} | "
              f"{pct(s['facts_anywhere'], s['facts'])} | {pct(s['outcomes_in_brief'], s['outcome_facts'])} | "
              f"{s['fidelity_failures']}/{s['points']} points | {s['redundant_pairs']} |")
    longest = max(lengths)
    missed = [(b["subject"], f) for b in briefs if b["length"] == longest for f in keyfacts[b["subject"]]
              if f.get("outcome") and f["id"] not in b["facts_anywhere"]]
    if missed:
        print(f"\nOutcome facts missed at --length {longest}: "
              + "; ".join(f"{subject}: {f['id']}" + ("" if f["id"] in attainable[subject] else " (unattainable)")
                          for subject, f in missed) + ".")
    for b in briefs:
        if b["status"]:
            print(f"\n{b['subject']} --length {b['length']}: exit {b['status']}: {b['error'][:300]}")
    out = work / f"results-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({
        "split": args.split, "command": runner.command, "version": runner.version, "lengths": lengths,
        "attainable": {k: sorted(v) for k, v in attainable.items()}, "summary": summary, "briefs": briefs,
    }, indent=1, ensure_ascii=False))
    print(f"\n(every brief's points and misses in {out})")


def pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "0/0"


if __name__ == "__main__":
    main()
