"""Find document files, read them in whatever encoding or format they come in, and chunk them.

This is the one loader for `add`, `--corpus` and the seeds: text, Markdown,
web pages, PDF and Word .docx files. It opens nothing that is not a regular
file (a named pipe would block the read for good), and every file it cannot
read is refused with the reason (FileRefused), never read as junk.
"""

from __future__ import annotations

import codecs
import errno
import functools
import os
import re
import stat
from typing import NamedTuple

from c5brief.analyze import language
from c5brief.errors import FileRefused, InputError
from c5brief.models import NO_OVERRIDES, Document, DocumentInfo, Metadata, Paragraph, Refusal, SourceFile

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PDF_SUFFIXES = (".pdf",)
DOCX_SUFFIXES = (".docx",)
DOCUMENT_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES + DOCX_SUFFIXES
SUPPORTED = ".txt, .md, .html, .pdf and .docx"
SEED = "seed"
CORPUS = "corpus"
LIBRARY = "library"
DOC_ID_LENGTH = 10  # hex digits of the content hash: collisions need ~10^6 documents
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def find_sources(paths: list[str | os.PathLike[str]], origin: str = CORPUS,
                 skipped: list[Refusal] | None = None) -> list[SourceFile]:
    """Document files at the given paths, folders searched recursively, in a stable order.

    What a folder holds besides documents (other kinds of file, named pipes,
    links to folders) is left out and, if `skipped` is given, listed there with
    the reason; hidden entries (.name) are left out silently.
    """
    # os.path rather than pathlib: this runs on every query, and pathlib's
    # import alone is a few milliseconds of the start-up budget.
    found: list[SourceFile] = []
    left_out: list[Refusal] = [] if skipped is None else skipped
    for given in paths:
        path = os.path.expanduser(os.fspath(given))
        if os.path.isdir(path):
            found.extend(_files_under(path, origin, left_out))
        elif os.path.isfile(path):
            found.append(_source_file(path, origin))
        elif os.path.lexists(path):
            raise InputError(f"{given}: not a regular file or folder")
        else:
            raise InputError(f"{given}: no such file or folder")
    return found


def _files_under(folder: str, origin: str, skipped: list[Refusal]) -> list[SourceFile]:
    # scandir gives file types without a stat call each; symlinked folders are
    # not followed, so a link loop cannot trap the walk.
    found = []
    with os.scandir(folder) as entries:
        ordered = sorted(entries, key=lambda e: e.name)
    root = os.path.abspath(folder)
    for entry in ordered:
        if entry.name.startswith("."):
            continue
        path = os.path.join(root, entry.name)
        if entry.is_dir(follow_symlinks=False):
            found.extend(_files_under(path, origin, skipped))
        elif entry.is_dir():
            skipped.append(Refusal(path, "a link to a folder (not followed inside a folder; give its path)"))
        elif not entry.is_file():
            skipped.append(Refusal(path, entry_problem(path)))
        elif reason := unsupported_type(entry.name):
            skipped.append(Refusal(path, reason))
        else:
            stat_result = entry.stat()
            found.append(SourceFile(path, origin, stat_result.st_size, stat_result.st_mtime_ns))
    return found


def _source_file(path: str, origin: str) -> SourceFile:
    stat_result = os.stat(path)
    return SourceFile(os.path.abspath(path), origin, stat_result.st_size, stat_result.st_mtime_ns)


def unsupported_type(name: str) -> str | None:
    """Why a file met in a folder is not read, by its name; None for a document type c5brief reads."""
    if name.lower().endswith(DOCUMENT_SUFFIXES):
        return None
    suffix = os.path.splitext(name)[1]
    kind = f"a {suffix} file" if suffix else "a file with no extension"
    return f"not a document type c5brief reads ({kind}; it reads {SUPPORTED})"


def entry_problem(path: str) -> str:
    """Why a path that is neither a regular file nor a folder cannot be read."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if os.path.islink(path):
            return "symlink loop" if exc.errno == errno.ELOOP else "broken symlink"
        return f"cannot read ({exc.strerror or exc})"
    return not_regular(mode)


def not_regular(mode: int) -> str:
    """The reason for a file type c5brief never opens (opening a named pipe waits for a writer)."""
    for test, kind in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return f"not a regular file ({kind})"
    return "not a regular file"


def read_file(path: str, limit: int | None = None) -> bytes:
    """The bytes of a regular file (at most `limit` + 1 of them); FileRefused for anything else.

    The type is checked before opening and again on the opened descriptor, so
    a file replaced by a named pipe in between is refused, not waited on.
    O_NONBLOCK makes even that open return at once.
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise FileRefused(path, not_regular(mode))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as handle:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise FileRefused(path, not_regular(mode))
        return handle.read() if limit is None else handle.read(limit + 1)


def decode(data: bytes) -> str:
    """Text from bytes: BOMs honoured, then UTF-8, then a legacy 8-bit encoding."""
    return decode_text(data).text


class Decoded(NamedTuple):
    text: str
    assumed: str | None = None  # when the bytes are not valid in any one encoding: what was assumed


def decode_text(data: bytes) -> Decoded:
    """Text from bytes, and what was assumed when they mix encodings.

    A file that is mostly UTF-8 with bytes of a legacy encoding among them (a
    pasted quote, a file edited in two editors) is read as UTF-8, with the
    other bytes read in the 8-bit encoding they look like, rather than all of
    it as one 8-bit encoding (which garbles the UTF-8 part).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(encoding, errors="replace"))
    if utf16 := utf16_without_bom(data):  # before UTF-8, which accepts NUL bytes
        return Decoded(data.decode(utf16, errors="replace"))
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        # The stray bytes are read in whichever 8-bit encoding makes words of them.
        _register_stray_byte_handlers()
        readings = {encoding: data.decode("utf-8", errors=f"c5brief-{encoding}") for encoding in _ENCODING_NAMES}
        legacy = ("cp1251" if _naturalness(readings["cp1251"], "cyrillic") > _naturalness(readings["cp1252"], "latin")
                  else "cp1252")
        return Decoded(readings[legacy], f"UTF-8, with the bytes that are not UTF-8 as {_ENCODING_NAMES[legacy]}")
    return Decoded(_decode_8bit(data))


# Valid multi-byte UTF-8 sequences (RFC 3629); compiled when first needed (re caches it),
# as `load` is imported by every query.
_UTF8_MULTIBYTE = (
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")
_ENCODING_NAMES = {"cp1251": "Windows-1251 (Cyrillic)", "cp1252": "Windows-1252 (Western European)"}
_HIGH_BYTES = bytes(range(0x80, 0x100))


def _mostly_utf8(data: bytes) -> bool:
    # A legacy 8-bit text makes a valid UTF-8 sequence now and then by chance
    # (an upper-case Cyrillic letter before a quote mark); mixed text has many.
    sequences = re.findall(_UTF8_MULTIBYTE, data)
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    return len(sequences) >= 2 and sum(map(len, sequences)) * 20 >= high


def _legacy_encoding(data: bytes) -> str:
    cyrillic = data.decode("cp1251", errors="replace")
    latin = data.decode("cp1252", errors="replace")
    return "cp1251" if _naturalness(cyrillic, "cyrillic") > _naturalness(latin, "latin") else "cp1252"


@functools.cache
def _register_stray_byte_handlers() -> None:
    for encoding in _ENCODING_NAMES:
        def handler(error: UnicodeError, encoding: str = encoding) -> tuple[str, int]:
            assert isinstance(error, UnicodeDecodeError)
            return error.object[error.start:error.end].decode(encoding, errors="replace"), error.end

        codecs.register_error(f"c5brief-{encoding}", handler)


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
    return data.decode(_legacy_encoding(data), errors="replace")


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


def read_document(source: SourceFile, notes: list[str] | None = None) -> Document:
    """Read, decode and chunk one document file; what the user should hear goes to `notes`."""
    try:
        data = read_file(source.path)
    except OSError as exc:
        raise FileRefused(source.path, f"cannot read ({exc.strerror or exc})") from exc
    return document_from_bytes(data, source.path, source.origin, notes=notes)


class Loaded(NamedTuple):
    """A file's text in the shape the chunker reads, and a note for the user (the encoding assumed)."""

    text: str
    note: str | None = None


def load_text(data: bytes, path: str) -> Loaded:
    """The text of a file by what its bytes are: PDF, .docx, a web page or text in any encoding.

    FileRefused for anything else (images, archives, programs, binary data), and
    for a PDF or .docx that gives no text.
    """
    kind = binary_kind(data)
    if kind == PDF:
        from c5brief.pdf_docx import pdf_to_text

        return Loaded(pdf_to_text(data, path))
    if kind == ZIP:
        kind = zip_kind(data)
        if kind == DOCX:
            from c5brief.pdf_docx import docx_to_text

            return Loaded(docx_to_text(data, path))
    if kind is not None:
        raise FileRefused(path, f"not text: {kind}")
    lower = path.lower()
    if lower.endswith(PDF_SUFFIXES + DOCX_SUFFIXES):
        what = "PDF" if lower.endswith(PDF_SUFFIXES) else ".docx"
        raise FileRefused(path, f"not a {what} file, though it is named as one (damaged or renamed?)")
    decoded = decode_text(data)
    note = f"{path}: not valid in any one encoding; read as {decoded.assumed}" if decoded.assumed else None
    text = decoded.text
    if lower.endswith(HTML_SUFFIXES) or (not lower.endswith(TEXT_SUFFIXES) and _looks_like_html(text)):
        from c5brief.webpage import html_to_text

        text = html_to_text(text)
    return Loaded(text, note)


def document_text(data: bytes, path: str) -> str:
    """The decoded text of a file; a web page, PDF or .docx becomes front matter and paragraphs."""
    return load_text(data, path).text


PDF, ZIP, DOCX = "a PDF file", "a ZIP archive", "a Word document (.docx)"
_BINARY_SIGNATURES = {b"%PDF-": PDF, b"PK\x03\x04": ZIP,
                      b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
                      b"\x7fELF": "a program", b"SQLite format 3": "an SQLite database",
                      b"\xd0\xcf\x11\xe0": "an old Office document (.doc, .xls, .ppt: save it as .docx or PDF)",
                      b"\x1f\x8b": "a gzip archive", b"{\\rtf": "an RTF document (save it as .docx or PDF)"}
_ZIP_KINDS = (("word/document.xml", DOCX), ("xl/", "an Excel workbook"), ("ppt/", "a PowerPoint presentation"),
              ("META-INF/container.xml", "an EPUB book"), ("content.xml", "an OpenDocument file (save it as .docx)"))


def binary_kind(data: bytes) -> str | None:
    """What these bytes are when they are not text (PDF, ZIP, an image...), or None if they may be text."""
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            return kind
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_without_bom(head):
        return None
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13, 27))
    if b"\0" in head or controls * 10 > len(head):
        return "binary data"
    return None


def zip_kind(data: bytes) -> str:
    """What a ZIP file holds: a Word document, another Office or e-book format, or an archive."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return "a damaged ZIP archive"
    for marker, kind in _ZIP_KINDS:
        if any(name == marker or (marker.endswith("/") and name.startswith(marker)) for name in names):
            return kind
    return ZIP


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:300].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<head" in head and "<body" in text.lower())


def document_from_bytes(data: bytes, path: str, origin: str, overrides: Metadata = NO_OVERRIDES,
                        notes: list[str] | None = None) -> Document:
    """A document from raw bytes; its id is derived from the content alone. FileRefused if not readable."""
    loaded = load_text(data, path)
    if loaded.note and notes is not None:
        notes.append(loaded.note)
    return document_from_text(loaded.text, content_hash(data), path, origin, overrides)


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
