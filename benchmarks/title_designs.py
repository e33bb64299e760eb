#!/usr/bin/env python3
"""Which way of searching headlines ranks best: a measurement, not part of c5brief.

Every design below ranks the same passages, made by c5brief's own chunker and
analyzer from the same files, with the same BM25 (rank-bm25's Okapi formulas,
k1 1.5, b 0.75, the idf floored as c5brief floors it). Only what is done with a
document's headline (its title and subtitle) differs:

- `none`: headlines are not searched (passages alone).
- `joined`: the headline's terms are part of the document's first body passage.
- `own`: the headline is a passage of its own.
- `field:W`: BM25F. Each passage has two fields, its own text and its document's
  headline; a term's frequency is the sum of each field's frequency over that
  field's length normalisation, the headline's weighted W, saturated once.
- `own+field:W`: both.

Captions rank at three quarters, as in c5brief. Evaluated on:

- CACM and NPL (../shared/data; see bench_trec.py): a document scores as its best
  passage; MAP and P@30 by ir-measures, CACM against the qrels as shipped.
- The development set (`--devset DIR` or C5BRIEF_DEVSET, outside the repository;
  see bench_devset.py): passages are judged on the text a reader is shown (a
  headline passage shows the headline), nDCG@10, P@5 and RR@10.

    python benchmarks/title_designs.py --devset ~/c5brief-devset
    python benchmarks/title_designs.py --designs none,joined,own,field:0.5 --collections cacm
"""

from __future__ import annotations

import argparse
import math
import os
import re
import statistics
import sys
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

K1, B = 1.5, 0.75
CAPTION_WEIGHT = 0.75
DEFAULT_DESIGNS = "none,joined,own,field:0.3,field:0.5,field:1,own+field:0.3,own+field:0.5"


class Passage(NamedTuple):
    pid: str
    doc: str
    kind: str  # body, caption, headline
    text: str  # what a reader is shown
    terms: Counter[str]
    headline: Counter[str]  # the document's headline terms (the second field)


def main() -> None:
    args = parse_args()
    designs = args.designs.split(",")
    rows: dict[str, dict[str, float]] = {d: {} for d in designs}
    data = ROOT.parent / "shared" / "data"
    for name in args.collections.split(",") if args.collections else []:
        collection = load_collection(name, data)
        for design in designs:
            rows[design] |= trec_figures(name, collection, design)
        print(f"{name}: done", file=sys.stderr, flush=True)
    devset = Path(args.devset or os.environ.get("C5BRIEF_DEVSET") or "")
    if (devset / "questions.json").is_file():
        documents = devset_documents(devset)
        questions = __import__("json").loads((devset / "questions.json").read_text())
        for design in designs:
            rows[design] |= devset_figures(documents, questions, design)
    columns = list(dict.fromkeys(c for row in rows.values() for c in row))
    print("| design | " + " | ".join(columns) + " |")
    print("| --- |" + " --- |" * len(columns))
    for design, row in rows.items():
        print(f"| {design} | " + " | ".join(f"{row.get(c, float('nan')):.4f}" for c in columns) + " |")
    print(f"\n(load {os.getloadavg()[0]:.2f})")


def parse_args() -> argparse.Namespace:
    global K1, B
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devset")
    parser.add_argument("--collections", default="cacm,npl")
    parser.add_argument("--designs", default=DEFAULT_DESIGNS)
    parser.add_argument("--k1", type=float, default=K1)
    parser.add_argument("--b", type=float, default=B)
    args = parser.parse_args()
    K1, B = args.k1, args.b
    return args


# --- documents into passages ------------------------------------------------------------

def terms(text: str) -> Counter[str]:
    from c5brief.analyze import analyze

    return Counter(analyze(text))


def passages_of(text: str, path: str, doc: str) -> tuple[list[tuple[str, str]], str]:
    """c5brief's passages (kind, text) of a file, and its headline ("" when it has none of its own)."""
    from c5brief.load import document_from_text

    document = document_from_text(text, doc.ljust(64, "0"), path, "corpus")
    info = document.info
    texts = [p.text for p in document.paragraphs]
    lines = [line for line in (info.title, info.subtitle)
             if line and line not in texts and line != Path(path).stem
             and not (texts and texts[0].startswith(line.rstrip("\u2026").rstrip()))]
    return [(p.kind, p.text) for p in document.paragraphs], ". ".join(lines)


def build(documents: list[tuple[str, list[tuple[str, str]], str]], design: str) -> list[Passage]:
    """Passages as the design indexes them: (doc, [(kind, text)], headline) each."""
    kind_of_design = design.split(":")[0]
    out: list[Passage] = []
    for doc, parts, headline in documents:
        head = terms(headline) if headline else Counter()
        field = head if "field" in kind_of_design else Counter()
        if headline and kind_of_design.startswith("own"):
            out.append(Passage(f"{doc}.h", doc, "headline", headline, head, field))
        first = next((i for i, (kind, _) in enumerate(parts) if kind == "body"), None)
        for number, (kind, text) in enumerate(parts, start=1):
            own = terms(text)
            if kind_of_design == "joined" and number - 1 == first:
                own = own + head
            out.append(Passage(f"{doc}.p{number}", doc, kind, text, own, field))
    return out


# --- BM25 and BM25F ---------------------------------------------------------------------

class Ranker:
    def __init__(self, passages: list[Passage], title_weight: float) -> None:
        from c5brief.engines.scoring import idf

        self.passages = passages
        self.weight = title_weight
        self.body_average = statistics.fmean(sum(p.terms.values()) for p in passages) or 1.0
        heads = [sum(p.headline.values()) for p in passages if p.headline]
        self.head_average = statistics.fmean(heads) if heads else 1.0
        frequency: Counter[str] = Counter()
        self.postings: dict[str, list[int]] = {}
        for i, p in enumerate(passages):
            present = set(p.terms) | (set(p.headline) if title_weight else set())
            frequency.update(present)
            for t in present:
                self.postings.setdefault(t, []).append(i)
        self.idf = {t: idf("okapi", len(passages), n) for t, n in frequency.items()}

    def scores(self, query: Counter[str]) -> dict[int, float]:
        found: dict[int, float] = {}
        for term, count in query.items():
            for i in self.postings.get(term, ()):
                p = self.passages[i]
                tf = p.terms.get(term, 0) / (1 - B + B * sum(p.terms.values()) / self.body_average)
                if self.weight and p.headline.get(term):
                    tf += self.weight * p.headline[term] / (1 - B + B * sum(p.headline.values()) / self.head_average)
                value = count * self.idf[term] * tf * (K1 + 1) / (K1 + tf)
                found[i] = found.get(i, 0.0) + value
        return {i: s * (CAPTION_WEIGHT if self.passages[i].kind == "caption" else 1.0) for i, s in found.items()}


def ranker(documents: list[tuple[str, list[tuple[str, str]], str]], design: str) -> Ranker:
    weight = float(design.split(":")[1]) if ":" in design else 0.0
    return Ranker(build(documents, design), weight)


# --- the test collections ---------------------------------------------------------------

def load_collection(name: str, data: Path) -> tuple[Any, list[tuple[str, list[tuple[str, str]], str]]]:
    import trec_collections

    collection = {"cacm": trec_collections.cacm, "npl": trec_collections.npl}[name](data)
    documents = []
    for file_name, (docid, text) in collection.documents.items():
        parts, headline = passages_of(text, file_name, docid)
        documents.append((docid, parts, headline))
    return collection, documents


def trec_figures(name: str, loaded: tuple[Any, list[Any]], design: str) -> dict[str, float]:
    import ir_measures

    collection, documents = loaded
    rank = ranker(documents, design)
    run: dict[str, dict[str, float]] = {}
    for qid, text in collection.queries.items():
        best: dict[str, float] = {}
        for i, score in rank.scores(terms(text)).items():
            doc = rank.passages[i].doc
            best[doc] = max(best.get(doc, 0.0), score)
        run[qid] = dict(sorted(best.items(), key=lambda kv: -kv[1])[:1000])
    judgments = next(iter(collection.judgments.values()))
    measures = [ir_measures.parse_measure(m) for m in ("AP@1000", "P@30")]
    per_query: dict[str, dict[str, float]] = {}
    for metric in ir_measures.iter_calc(measures, judgments.qrels, run):
        per_query.setdefault(metric.query_id, {})[str(metric.measure)] = metric.value
    judged = list(judgments.qrels)
    return {f"{name} MAP": statistics.fmean(per_query.get(q, {}).get("AP@1000", 0.0) for q in judged),
            f"{name} P@30": statistics.fmean(per_query.get(q, {}).get("P@30", 0.0) for q in judged)}


# --- the development set ----------------------------------------------------------------

def devset_documents(devset: Path) -> list[tuple[str, list[tuple[str, str]], str]]:
    documents = []
    for path in sorted((devset / "articles").glob("*.txt")):
        parts, headline = passages_of(path.read_text(encoding="utf-8"), str(path), path.stem)
        documents.append((path.stem, parts, headline))
    return documents


def devset_figures(documents: list[Any], questions: list[dict[str, Any]], design: str) -> dict[str, float]:
    import ir_measures

    rank = ranker(documents, design)
    qrels: dict[str, dict[str, int]] = {}
    run: dict[str, dict[str, float]] = {}
    for question in questions:
        groups = [[re.compile(p, re.IGNORECASE) for p in g] for g in question["relevant"]["all_of"]]
        qrels[question["id"]] = {p.pid: 1 for p in rank.passages
                                 if all(any(r.search(p.text) for r in g) for g in groups)}
        scored = sorted(rank.scores(terms(question["question"])).items(), key=lambda kv: -kv[1])[:100]
        run[question["id"]] = {rank.passages[i].pid: s for i, s in scored}
    wanted = {q: r for q, r in qrels.items() if r}
    measures = [ir_measures.parse_measure(m) for m in ("nDCG@10", "P@5", "RR@10")]
    figures = ir_measures.calc_aggregate(measures, wanted, {q: run[q] for q in wanted})
    english = {q["id"] for q in questions if q["lang"] == "en"} & set(wanted)
    english_ndcg = ir_measures.calc_aggregate([measures[0]], {q: wanted[q] for q in english},
                                              {q: run[q] for q in english})
    out = {f"dev {m}": v for m, v in ((str(k), v) for k, v in figures.items())}
    out["dev nDCG@10 en"] = english_ndcg[measures[0]]
    return {k: (v if not math.isnan(v) else 0.0) for k, v in out.items()}


if __name__ == "__main__":
    main()
