"""Plain data passed between the pipeline stages."""

from __future__ import annotations

from typing import NamedTuple

BODY = "body"
CAPTION = "caption"
RELATED = "related"
META = "meta"  # a byline, a photo credit, a dateline alone, "Share": shown, never searched or briefed
PARAGRAPH_KINDS = (BODY, CAPTION, RELATED, META)  # stored by position: a new kind goes at the end
ENGLISH = "en"
RUSSIAN = "ru"
LANGUAGES = (ENGLISH, RUSSIAN)  # a passage's language is its script's: Latin English, Cyrillic Russian


class Metadata(NamedTuple):
    """What a document says about itself, or what the user says of it (`add --title`); every field is optional."""

    title: str | None = None
    subtitle: str | None = None
    date: str | None = None  # ISO 8601: YYYY-MM-DD, or YYYY-MM for a month
    source: str | None = None  # the outlet
    url: str | None = None

    def given(self) -> dict[str, str]:
        """The fields that are set."""
        return {name: value for name, value in self._asdict().items() if value}

    def cleared(self) -> list[str]:
        """The fields given as empty (`add --title ""`): the user's earlier value is dropped."""
        return [name for name, value in self._asdict().items() if value == ""]


NO_OVERRIDES = Metadata()  # the metadata found in a document stands as it is


class Paragraph(NamedTuple):
    """One citable passage of a document."""

    doc_id: str
    number: int  # 1-based position among the document's passages
    kind: str  # BODY, CAPTION, RELATED or META
    text: str
    language: str = ENGLISH

    @property
    def id(self) -> str:
        return paragraph_id(self.doc_id, self.number)


def paragraph_id(doc_id: str, number: int) -> str:
    """The citation id of a paragraph: an edit of its document gives changed passages new numbers."""
    return f"{doc_id}.p{number}"


class DocumentInfo(NamedTuple):
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
    language: str | None = None  # of most of its text; known once it is indexed


class Document(NamedTuple):
    info: DocumentInfo
    paragraphs: tuple[Paragraph, ...]


class SourceFile(NamedTuple):
    """A document file found on disk, not yet read."""

    path: str
    origin: str
    size: int
    mtime_ns: int


class Refusal(NamedTuple):
    """A path that was not read, and why (`add` refuses it; `--corpus` leaves it out)."""

    path: str
    reason: str


class Citation(NamedTuple):
    """A cited paragraph, as a reader looks it up; answers and briefs cite alike."""

    id: str  # the paragraph's citation id, DOCID.pN
    doc: str
    paragraph: int
    title: str
    date: str | None = None
    source: str | None = None
    url: str | None = None
    kind: str = BODY  # a caption is cited as "caption N"


def cite(document: DocumentInfo, paragraph: Paragraph) -> Citation:
    return Citation(paragraph.id, document.id, paragraph.number, document.title, document.date,
                    document.source, document.url, paragraph.kind)


class Contribution(NamedTuple):
    """What one query term adds to a passage's score (`ask --explain`)."""

    term: str  # the index term, or an entity tag
    weight: float  # 1 for a word typed, less for a gazetteer expansion; a repeat adds its weight again
    frequency: int  # occurrences in the passage
    idf: float
    length_ratio: float  # the passage's length over the average (BM25's length normalisation)
    score: float
    via: str = ""  # how the question reached the term: "Tokaev, any spelling of Kassym-Jomart Tokayev"


class Hit(NamedTuple):
    rank: int
    score: float
    paragraph: Paragraph
    document: DocumentInfo
    matched_terms: tuple[str, ...]  # the query words (as typed) found in this passage
    partial: bool = False  # it matches only a minority of the query's words: not an answer to paste
    explanation: tuple[Contribution, ...] = ()  # with --explain

    @property
    def citation(self) -> Citation:
        return cite(self.document, self.paragraph)


class Answer(NamedTuple):
    """The result of `ask`: ranked passages and what the user should know about them."""

    query: str
    hits: tuple[Hit, ...]
    query_words: tuple[str, ...]  # the query's content words, as typed
    unmatched_words: tuple[str, ...]  # content words no passage contains
    highlight_words: frozenset[str] = frozenset()  # folded words to highlight
    corrections: tuple[tuple[str, str], ...] = ()  # (as typed, searched instead)
    suggestions: tuple[tuple[str, str], ...] = ()  # (as typed, a close word the corpus has: did you mean)
    expansions: tuple[tuple[str, str], ...] = ()  # (as typed, the gazetteer entity it stands for)
    notes: tuple[str, ...] = ()  # for stderr: fallbacks, cache repairs

