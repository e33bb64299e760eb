#!/usr/bin/env python3
"""Where c5brief's ranking differs from the published BM25 runs, one difference at a time.

    python benchmarks/trec_variants.py
    python benchmarks/trec_variants.py --terrier-stopwords terrier-core/.../stopword-list.txt

bench_trec.py measures c5brief as a user runs it. This script measures, in
process and on the same passages (c5brief's chunker, the headline joined to the
first body passage, a document ranked by its best passage), what each way in
which Terrier's and Anserini's BM25 runs differ from c5brief is worth on CACM,
NPL and TIME: the idf, the stemmer, the tokens, numbers, repeated query words,
k1 and b, the stop list, and whole documents instead of passages. Each row
changes one thing from c5brief's defaults (the last Terrier row changes them
all). Scores are rounded to 4 decimals as c5brief rounds them; gazetteer
expansion and spelling correction are left out, so the first row is within
0.007 of bench_trec.py's (TIME gains most from expansion).

Terrier's stop list (733 words, terrier-core's `stopword-list.txt`) is not
shipped; give it with `--terrier-stopwords FILE` for its rows. Needs ir-measures
with pytrec_eval, like bench_trec.py.
"""

from __future__ import annotations

import argparse
import math
import re
import statistics
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # this checkout's c5brief
sys.path.insert(0, str(Path(__file__).resolve().parent))
from c5brief import analyze  # noqa: E402
from c5brief.chunk import chunk_text  # noqa: E402
from c5brief.engines.scoring import DEFAULT_B, DEFAULT_K1, idf, lucene_idf  # noqa: E402
from c5brief.models import BODY, META  # noqa: E402
from trec_collections import COLLECTIONS, Collection  # noqa: E402

LUCENE_STOPWORDS = frozenset({  # Lucene's EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, Anserini's default
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not", "of",
    "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was", "will",
    "with"
})
JUDGMENTS = {"cacm": "anserini-ids", "npl": "qrels", "time": "TIME.REL"}
Units = list[tuple[str, Counter[str], int]]  # (docid, term counts, length) per passage


@dataclass(frozen=True)
class Variant:
    label: str
    tokens: str = "c5brief"  # or "alnum": Terrier's runs of ASCII letters and digits
    stopwords: str = "c5brief"  # or "lucene", "terrier"
    stemmer: str = "snowball"  # or "porter" (the original algorithm, as Terrier and Lucene use)
    numbers: bool = True
    whole: bool = False  # whole documents, not passages
    k1: float = DEFAULT_K1
    b: float = DEFAULT_B
    idf: str = "c5brief"  # or "lucene" (c5brief's before), "unfloored" (Terrier's)
    repeats: bool = True  # a query word typed twice counts twice

    def analysis(self) -> tuple[str, str, str, bool]:
        return self.tokens, self.stopwords, self.stemmer, self.numbers


VARIANTS = [
    Variant("c5brief defaults"),
    Variant("idf: Lucene's for every term (c5brief before)", idf="lucene"),
    Variant("idf: unfloored (Terrier's)", idf="unfloored"),
    Variant("stemmer: Porter", stemmer="porter"),
    Variant("tokens: ASCII letters and digits (Terrier's)", tokens="alnum"),
    Variant("numbers dropped", numbers=False),
    Variant("a repeated query word once", repeats=False),
    Variant("k1 1.2, b 0.4 (Terrier's NPL run)", k1=1.2, b=0.4),
    Variant("k1 0.9, b 0.4 (Anserini's)", k1=0.9, b=0.4),
    Variant("stop words: Lucene's 33 (Anserini's)", stopwords="lucene"),
    Variant("stop words: Terrier's 733", stopwords="terrier"),
    Variant("Terrier's set-up: its tokens, stop words, Porter, k1 1.2, b 0.4, unfloored idf", tokens="alnum",
            stopwords="terrier", stemmer="porter", k1=1.2, b=0.4, idf="unfloored"),
    Variant("whole documents, not best passage", whole=True),
]


@dataclass
class Analyzer:
    tokens: str
    stopwords: frozenset[str]
    stem: Callable[[str], str]
    numbers: bool
    query_stopwords: frozenset[str] = field(default_factory=frozenset)

    def words(self, text: str) -> list[str]:
        if self.tokens == "c5brief":
            found = [w for w, _, _ in analyze.surface_tokens(text)]
            found = [w for w in found if w not in self.stopwords and (len(w) > 1 or w.isdigit())]
        else:
            found = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in self.stopwords]
        return found if self.numbers else [w for w in found if not w.isdigit()]

    def terms(self, text: str) -> list[str]:
        return [self.stem(w) for w in self.words(text)]

    def query(self, text: str) -> list[str]:
        """The query's terms; with c5brief's tokens, as `ask --literal` reads it (question words dropped)."""
        if self.tokens == "c5brief":
            return [self.stem(w) for w in self.words(text) if w not in self.query_stopwords]
        return self.terms(text)


def analyzer(variant: Variant, terrier: frozenset[str] | None) -> Analyzer:
    english = frozenset(w for w in analyze.stopwords() if w.isascii())
    lists = {"c5brief": english, "lucene": LUCENE_STOPWORDS, "terrier": terrier or frozenset()}
    stem = {"snowball": analyze.stem, "porter": _porter}[variant.stemmer]
    return Analyzer(variant.tokens, lists[variant.stopwords], stem, variant.numbers, analyze.query_stopwords())


@cache
def _porter(word: str) -> str:
    return _porter_stemmer().stem(word) if word.isalpha() else word


@cache
def _porter_stemmer() -> Any:
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer(mode=PorterStemmer.ORIGINAL_ALGORITHM)


def passages(text: str) -> list[str]:
    """c5brief's searched passages of a file's text, the headline joined to the first body passage."""
    chunked = chunk_text(text)
    kept = [(kind, passage) for kind, passage in chunked.passages if kind != META]
    texts = [passage for _, passage in kept]
    heading = [line for line in (chunked.metadata.title, chunked.metadata.subtitle)
               if line and line not in texts and not (texts and texts[0].startswith(line.rstrip("\u2026").rstrip()))]
    first = next((i for i, (kind, _) in enumerate(kept) if kind == BODY), None)
    if heading and first is not None:
        texts[first] = "\n".join([*heading, texts[first]])
    return texts


def units(collection: Collection, analysis: Analyzer, whole: bool) -> Units:
    found: Units = []
    for docid, text in collection.documents.values():
        for passage in [text] if whole else passages(text):
            if terms := analysis.terms(passage):
                found.append((docid, Counter(terms), len(terms)))
    return found


def weight(form: str, passages_: int, frequency: int) -> float:
    if form == "lucene":
        return lucene_idf(passages_, frequency)
    if form == "unfloored":
        return math.log((passages_ - frequency + 0.5) / (frequency + 0.5))
    return idf("okapi", passages_, frequency)


def run(found: Units, queries: dict[str, list[str]], variant: Variant) -> dict[str, dict[str, float]]:
    """Each query's documents, scored by their best passage (BM25 Okapi), at most 1000."""
    average = sum(length for _, _, length in found) / len(found)
    postings: dict[str, list[tuple[int, int]]] = {}
    for i, (_, counts, _) in enumerate(found):
        for term, tf in counts.items():
            postings.setdefault(term, []).append((i, tf))
    k1, b = variant.k1, variant.b
    ranked = {}
    for qid, terms in queries.items():
        scores: dict[int, float] = {}
        for term, qtf in Counter(terms).items():
            w = weight(variant.idf, len(found), len(postings.get(term, ()))) * (qtf if variant.repeats else 1)
            for i, tf in postings.get(term, ()):
                norm = k1 * (1 - b + b * found[i][2] / average)
                scores[i] = scores.get(i, 0.0) + w * tf * (k1 + 1) / (tf + norm)
        best: dict[str, float] = {}
        for i, score in scores.items():
            docid = found[i][0]
            best[docid] = max(best.get(docid, -math.inf), round(score, 4))
        ranked[qid] = dict(sorted(best.items(), key=lambda item: -item[1])[:1000])
    return ranked


def evaluate(collection: Collection, ranked: dict[str, dict[str, float]]) -> tuple[float, float]:
    """MAP (AP@1000) and P@30 over every judged query, as bench_trec.py computes them."""
    import ir_measures

    judgments = collection.judgments[JUDGMENTS[collection.name]]
    rename = judgments.rename or (lambda d: d)
    scored = {q: {rename(d): s for d, s in docs.items()} for q, docs in ranked.items() if docs}
    per_query: dict[str, dict[str, float]] = {}
    measures = [ir_measures.parse_measure("AP@1000"), ir_measures.parse_measure("P@30")]
    for metric in ir_measures.pytrec_eval.iter_calc(measures, judgments.qrels, scored):
        per_query.setdefault(metric.query_id, {})[str(metric.measure)] = metric.value
    ap, p30 = (statistics.fmean(per_query.get(q, {}).get(m, 0.0) for q in judgments.qrels)
               for m in ("AP@1000", "P@30"))
    return ap, p30


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--collections", default="cacm,npl,time")
    parser.add_argument("--terrier-stopwords", type=Path, help="Terrier's stopword-list.txt, for its rows")
    args = parser.parse_args()
    terrier = None
    if args.terrier_stopwords:
        terrier = frozenset(w.strip() for w in args.terrier_stopwords.read_text().splitlines() if w.strip())
    variants = [v for v in VARIANTS if terrier or v.stopwords != "terrier"]
    names = [n.strip() for n in args.collections.split(",") if n.strip()]
    collections = {name: COLLECTIONS[name](args.data) for name in names}
    figures: dict[str, dict[str, tuple[float, float]]] = {v.label: {} for v in variants}
    built: dict[tuple[str, Any, bool], tuple[Units, dict[str, list[str]]]] = {}
    for name, collection in collections.items():
        for variant in variants:
            key = (name, variant.analysis(), variant.whole)
            if key not in built:
                analysis = analyzer(variant, terrier)
                built[key] = (units(collection, analysis, variant.whole),
                              {q: analysis.query(text) for q, text in collection.queries.items()})
            found, queries = built[key]
            figures[variant.label][name] = evaluate(collection, run(found, queries, variant))
            print(f"{name}: {variant.label}", file=sys.stderr, flush=True)
        built = {k: v for k, v in built.items() if k[0] != name}
    print("| variant | " + " | ".join(f"{n.upper()} MAP / P@30" for n in names) + " |")
    print("|" + " --- |" * (len(names) + 1))
    for label, by_name in figures.items():
        print(f"| {label} | " + " | ".join(f"{by_name[n][0]:.4f} / {by_name[n][1]:.4f}" for n in names) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
