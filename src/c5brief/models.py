"""Plain data passed between the pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field

BODY = "body"
CAPTION = "caption"
RELATED = "related"
PARAGRAPH_KINDS = (BODY, CAPTION, RELATED)


@dataclass(frozen=True)
class Metadata:
    """What a document says about itself; every field is optional."""

    title: str | None = None
    subtitle: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD)
    source: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Paragraph:
    """One citable passage of a document."""

    doc_id: str
    number: int  # 1-based position among the document's passages
    kind: str  # BODY, CAPTION or RELATED
    text: str

    @property
    def id(self) -> str:
        return paragraph_id(self.doc_id, self.number)


def paragraph_id(doc_id: str, number: int) -> str:
    """The citation id of a paragraph: stable while its document is unchanged."""
    return f"{doc_id}.p{number}"


@dataclass(frozen=True)
class DocumentInfo:
    """A document's identity and metadata, without its text."""

    id: str
    title: str
    path: str
    origin: str  # "seed", "corpus" or "library"
    sha256: str
    subtitle: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    paragraph_count: int = 0


@dataclass(frozen=True)
class Document:
    info: DocumentInfo
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class SourceFile:
    """A document file found on disk, not yet read."""

    path: str
    origin: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Citation:
    """A cited paragraph, as a reader looks it up; answers and briefs cite alike."""

    id: str  # the paragraph's citation id, DOCID.pN
    doc: str
    paragraph: int
    title: str
    date: str | None = None
    source: str | None = None
    url: str | None = None


def cite(document: DocumentInfo, paragraph: Paragraph) -> Citation:
    return Citation(paragraph.id, document.id, paragraph.number, document.title, document.date,
                    document.source, document.url)


@dataclass(frozen=True)
class Hit:
    rank: int
    score: float
    paragraph: Paragraph
    document: DocumentInfo
    matched_terms: tuple[str, ...]  # the query words (as typed) found in this passage

    @property
    def citation(self) -> Citation:
        return cite(self.document, self.paragraph)


@dataclass(frozen=True)
class Answer:
    """The result of `ask`: ranked passages and what the user should know about them."""

    query: str
    hits: tuple[Hit, ...]
    query_words: tuple[str, ...]  # the query's content words, as typed
    unmatched_words: tuple[str, ...]  # content words no passage contains
    highlight_words: frozenset[str] = frozenset()  # folded words to highlight
    corrections: tuple[tuple[str, str], ...] = ()  # (as typed, searched instead)
    expansions: tuple[tuple[str, str], ...] = ()  # (as typed, the gazetteer entity it stands for)
    notes: tuple[str, ...] = field(default=())  # for stderr: fallbacks, cache repairs

