"""Read the classic IR test collections in ../shared/data into documents, queries and judgments.

Each document becomes the text of a plain `.txt` file in the shape a user's own
file would have; nothing is added to steer c5brief's chunker. See each
collection's SOURCE.md for the traps handled here:

- CACM: the visible text of each `<html><pre>` record (title line, blank line,
  abstract, date line, authors, accession and citation lines). The qrels name
  documents below 1000 without zero padding (`CACM-115`), so our docids are the
  qrels' strings. Anserini's published run keeps the padding (`CACM-0115`), so
  its figures count those 55 judged pairs as never retrieved; the `anserini-ids`
  judgments reproduce that, for a like-for-like comparison.
- NPL: each abstract as it is (lower case, hard-wrapped, no punctuation).
- TIME: each article's lines without the blank line that follows every one of
  them (so the lines are one hard-wrapped block, with no invented paragraph
  breaks). Judged ids are mapped id -> id (id <= 370) and id -> id - 2 (id >= 378).
"""

from __future__ import annotations

import html
import re
import tarfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

Qrels = dict[str, dict[str, int]]  # qid -> docid -> relevance


@dataclass(frozen=True)
class Judgments:
    qrels: Qrels
    rename: Callable[[str], str] | None = None  # applied to the run's docids before scoring
    published: dict[str, float] = field(default_factory=dict)  # measure -> figure
    published_by: str = ""


@dataclass(frozen=True)
class Collection:
    name: str
    documents: dict[str, tuple[str, str]]  # file name -> (docid, text)
    queries: dict[str, str]  # qid -> query text
    judgments: dict[str, Judgments]  # label -> judgments
    query_field: str
    facts: dict[str, int] = field(default_factory=dict)  # collection-specific counts worth reporting


def read_trec_qrels(path: Path) -> Qrels:
    qrels: Qrels = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            qid, _, docid, rel = line.split()
            qrels.setdefault(qid, {})[docid] = int(rel)
    return qrels


def _lines(text: str) -> str:
    """The text with trailing spaces and surrounding blank lines removed."""
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines()).strip() + "\n"


def cacm(data: Path) -> Collection:
    folder = data / "cacm"
    documents = {}
    with tarfile.open(folder / "cacm.tar.gz") as archive:
        for member in sorted(archive.getmembers(), key=lambda m: m.name):
            if not member.isfile():
                continue
            raw = archive.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]
            # Literal text between <pre> and </pre>: the records hold bare "<=" and "< 2^27",
            # which an HTML parser keeps as text too.
            body = raw[raw.index("<pre>") + 5: raw.rindex("</pre>")]
            stem = Path(member.name).stem  # CACM-0115
            docid = re.sub(r"-0+(?=\d)", "-", stem)  # CACM-115, as the qrels write it
            documents[f"{stem}.txt"] = (docid, _lines(html.unescape(body)))
    topics = (folder / "topics.cacm.txt").read_text(encoding="utf-8")
    queries = {m[1]: " ".join(m[2].split())
               for m in re.finditer(r"<DOCNO>\s*(\d+)\s*</DOCNO>(.*?)</DOC>", topics, re.S)}
    qrels = read_trec_qrels(folder / "qrels.cacm.txt")
    # A record with no abstract has its date line ("CACM December, 1958") right after the title.
    bare = {docid for docid, text in documents.values() if re.match(r"[^\n]+(\n[^\n]+)*\n\nCACM \w+, \d{4}\n", text)}
    facts = {"records with no abstract (title, date, authors, ids only)": len(bare),
             "relevant pairs at records with no abstract": sum(d in bare for r in qrels.values() for d in r)}
    anserini = "Anserini BM25 (k1=0.9, b=0.4), trec_eval over 52 queries"
    return Collection("cacm", documents, queries, {
        "qrels": Judgments(qrels),
        "anserini-ids": Judgments(qrels, rename=lambda d: f"CACM-{int(d[5:]):04d}",
                                  published={"MAP": 0.3123, "P@30": 0.1942}, published_by=anserini),
    }, "whole topic text (as Anserini's CacmTopicReader)", facts)


def npl(data: Path) -> Collection:
    folder = data / "npl-vaswani"
    corpus = (folder / "corpus" / "doc-text.trec").read_text(encoding="utf-8")
    documents = {f"NPL-{int(m[1]):05d}.txt": (m[1], _lines(m[2]))
                 for m in re.finditer(r"<DOCNO>\s*(\d+)\s*</DOCNO>(.*?)</DOC>", corpus, re.S)}
    topics = (folder / "query-text.trec").read_text(encoding="utf-8")
    queries = {m[1]: " ".join(m[2].split())
               for m in re.finditer(r"<num>\s*(\d+)\s*</num>\s*<title>(.*?)</title>", topics, re.S)}
    qrels = read_trec_qrels(folder / "qrels")
    return Collection("npl", documents, queries, {
        "qrels": Judgments(qrels, published={"MAP": 0.2992}, published_by="Terrier BM25 (quickstart docs)"),
    }, "title")


def _time_position(judged_id: int) -> int:
    """The article's position in TIME.ALL for a judged id (two articles are missing; SOURCE.md)."""
    return judged_id if judged_id <= 370 else judged_id - 2


def _time_qrels(path: Path) -> Qrels:
    qrels: Qrels = {}
    for line in path.read_text(encoding="ascii").splitlines():
        qid, *docs = line.split() or [""]
        if docs:
            qrels[qid] = {str(_time_position(int(d))): 1 for d in docs}
    return qrels


def time_1963(data: Path) -> Collection:
    folder = data / "time-1963"
    text = (folder / "TIME.ALL").read_text(encoding="ascii")
    records = re.split(r"^\*TEXT\s+(\d+).*$", text, flags=re.M)[1:]
    documents = {}
    for position, (number, body) in enumerate(zip(records[::2], records[1::2], strict=True), start=1):
        lines = [line.strip() for line in body.splitlines() if line.strip()]
        documents[f"TIME-{number}.txt"] = (str(position), "\n".join(lines) + "\n")
    topics = (folder / "TIME.QUE").read_text(encoding="ascii")
    queries = {m[1]: " ".join(m[2].split())
               for m in re.finditer(r"^\*FIND\s+(\d+)\s*$(.*?)(?=^\*FIND|\Z)", topics, re.S | re.M)}
    return Collection("time", documents, queries, {
        "TIME.REL": Judgments(_time_qrels(folder / "TIME.REL")),
        "TIME.REL.ALL": Judgments(_time_qrels(folder / "TIME.REL.ALL")),
    }, "query text")


COLLECTIONS: dict[str, Callable[[Path], Collection]] = {"cacm": cacm, "npl": npl, "time": time_1963}
