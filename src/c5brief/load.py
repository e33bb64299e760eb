"""Find document files, read them in whatever encoding they come in, and chunk them."""

from __future__ import annotations

import codecs
import os

from c5brief.analyze import language
from c5brief.errors import InputError
from c5brief.models import NO_OVERRIDES, Document, DocumentInfo, Metadata, Paragraph, SourceFile

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
DOCUMENT_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
SEED = "seed"
CORPUS = "corpus"
LIBRARY = "library"
DOC_ID_LENGTH = 10  # hex digits of the content hash: collisions need ~10^6 documents
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def find_sources(paths: list[str | os.PathLike[str]], origin: str = CORPUS) -> list[SourceFile]:
    """Document files at the given paths, folders searched recursively, in a stable order."""
    # os.path rather than pathlib: this runs on every query, and pathlib's
    # import alone is a few milliseconds of the start-up budget.
    found: list[SourceFile] = []
    for given in paths:
        path = os.path.expanduser(os.fspath(given))
        if os.path.isdir(path):
            found.extend(_files_under(path, origin))
        elif os.path.isfile(path):
            found.append(_source_file(path, origin))
        elif os.path.lexists(path):
            raise InputError(f"{given}: not a regular file or folder")
        else:
            raise InputError(f"{given}: no such file or folder")
    return found


def _files_under(folder: str, origin: str) -> list[SourceFile]:
    # scandir gives file types without a stat call each; symlinked folders are
    # not followed, so a link loop cannot trap the walk.
    found = []
    with os.scandir(folder) as entries:
        ordered = sorted(entries, key=lambda e: e.name)
    root = os.path.abspath(folder)
    for entry in ordered:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            found.extend(_files_under(os.path.join(root, entry.name), origin))
        elif entry.name.lower().endswith(DOCUMENT_SUFFIXES) and entry.is_file():
            stat = entry.stat()
            found.append(SourceFile(os.path.join(root, entry.name), origin, stat.st_size, stat.st_mtime_ns))
    return found


def _source_file(path: str, origin: str) -> SourceFile:
    stat = os.stat(path)
    return SourceFile(os.path.abspath(path), origin, stat.st_size, stat.st_mtime_ns)


def decode(data: bytes) -> str:
    """Text from bytes: BOMs honoured, then UTF-8, then a legacy 8-bit encoding."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if utf16 := utf16_without_bom(data):  # before UTF-8, which accepts NUL bytes
        return data.decode(utf16, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _decode_8bit(data)


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the bytes read as text in it, else None."""
    if len(data) < 4 or b"\0" not in data[:4096]:
        return None  # text in UTF-16 always has NULs (spaces, newlines, ASCII letters)
    sample = data[:8192 - 8192 % 2]
    for encoding in ("utf-16-le", "utf-16-be"):
        chars = sample.decode(encoding, errors="replace")
        familiar = sum(1 for ch in chars if (" " <= ch < "\u0530" and ch != "\x7f") or ch in "\n\r\t"
                       or "\u2000" <= ch <= "\u206f")
        if familiar * 10 >= len(chars) * 9:  # Latin, Greek, Cyrillic, punctuation: not random bytes
            return encoding
    return None


def _decode_8bit(data: bytes) -> str:
    # Windows-1251 (Cyrillic) and Windows-1252/Latin-1 share byte values; pick
    # the reading whose words look like words of one script.
    cyrillic = data.decode("cp1251", errors="replace")
    latin = data.decode("cp1252", errors="replace")
    return cyrillic if _naturalness(cyrillic, "cyrillic") > _naturalness(latin, "latin") else latin


def _naturalness(text: str, script: str) -> int:
    """Letters in plausible words minus letters in implausible ones.

    Cyrillic words are all Cyrillic; Latin words with accents also hold plain
    ASCII letters ("café", "Zürich"). Cyrillic read as Latin-1 gives words of
    accented letters only ("Àñòàíà"); Latin-1 read as Cyrillic mixes scripts
    inside a word ("Zьrich").
    """
    score = 0
    for word in text.split():
        letters = [ch for ch in word if ch.isalpha()]
        ascii_count = sum(ch.isascii() for ch in letters)
        other = len(letters) - ascii_count
        if other == 0:
            continue
        if script == "cyrillic":
            score += other if ascii_count == 0 and other >= 2 else -len(letters)
        else:
            score += len(letters) if ascii_count else -other
    return score


def content_hash(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def read_document(source: SourceFile) -> Document:
    """Read, decode and chunk one document file."""
    try:
        with open(source.path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise InputError(f"{source.path}: cannot read ({exc.strerror or exc})") from exc
    return document_from_bytes(data, source.path, source.origin)


def document_text(data: bytes, path: str) -> str:
    """The decoded text of a file; a web page becomes front matter and paragraphs."""
    text = decode(data)
    if path.lower().endswith(HTML_SUFFIXES) or (not path.lower().endswith(TEXT_SUFFIXES)
                                                and _looks_like_html(text)):
        from c5brief.webpage import html_to_text

        text = html_to_text(text)
    return text


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:300].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<head" in head and "<body" in text.lower())


def document_from_bytes(data: bytes, path: str, origin: str, overrides: Metadata = NO_OVERRIDES) -> Document:
    """A document from raw bytes; its id is derived from the content alone."""
    return document_from_text(document_text(data, path), content_hash(data), path, origin, overrides)


def document_from_text(text: str, digest: str, path: str, origin: str, overrides: Metadata = NO_OVERRIDES,
                       doc_id: str | None = None) -> Document:
    """Chunk decoded text into a document; `overrides` stand over the metadata found in the text."""
    from c5brief.chunk import chunk_text  # the chunker is needed only when (re)building

    doc_id = doc_id or digest[:DOC_ID_LENGTH]
    chunked = chunk_text(text)
    meta = chunked.metadata
    paragraphs = tuple(
        Paragraph(doc_id, number, kind, text, language(text))
        for number, (kind, text) in enumerate(chunked.passages, start=1)
    )
    title = meta.title or os.path.splitext(os.path.basename(path))[0]
    info = DocumentInfo(
        id=doc_id, title=title, path=path, origin=origin, sha256=digest,
        subtitle=meta.subtitle, date=meta.date, source=meta.source, url=meta.url,
        paragraph_count=len(paragraphs), language=language("\n".join(p.text for p in paragraphs)),
    )
    return Document(with_overrides(info, overrides), paragraphs)


def with_overrides(info: DocumentInfo, overrides: Metadata) -> DocumentInfo:
    """A document's metadata as the user set it: each given field replaces the one found.

    A source that only named the old address's site ("akorda.kz") follows a new --url."""
    given = overrides.given()
    if not given:
        return info
    if "url" in given and "source" not in given:
        from c5brief.credits import outlet_from_url

        if info.source == outlet_from_url(info.url) and (site := outlet_from_url(given["url"])):
            given["source"] = site
    return info._replace(title=given.get("title", info.title), subtitle=given.get("subtitle", info.subtitle),
                         date=given.get("date", info.date), source=given.get("source", info.source),
                         url=given.get("url", info.url))
