"""Text and metadata from PDF (pypdf) and Word .docx (python-docx) files.

As with web pages, the result is plain text in the shape the chunker already
reads: YAML-style front matter for the metadata (title, subtitle, date, and the
author as the source), then one paragraph per block separated by blank lines.
Both libraries are imported only when such a file is met. A file that cannot
give text is refused with the reason (FileRefused): an encrypted PDF, a PDF
whose pages are images, a damaged file.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from c5brief.errors import FileRefused

_SPACE = re.compile(r"\s+")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?$", re.I)
_SENTENCE_END = tuple('.!?…:;"\u201d\u2019\')')
_WORD_TITLE = re.compile(r"^microsoft (?:word|powerpoint) - ", re.I)
_FILE_NAME = re.compile(r"\.(?:docx?|pdf|rtf|odt|indd|qxp)$", re.I)
# Word and PDF writers fill the author from the account that made the file;
# these say nothing about who wrote the text.
_NOT_AUTHORS = {"", "user", "admin", "administrator", "author", "unknown", "owner", "microsoft office user",
                "windows user", "python-docx", "pypdf", "none"}
_NOT_TITLES = {"", "untitled", "document", "title", "slide 1", "microsoft word"}

# pypdf reports damaged structure through logging and warnings; the user hears
# one line (a refusal, or nothing when the text was read), not pypdf's log.
logging.getLogger("pypdf").addHandler(logging.NullHandler())
logging.getLogger("pypdf").propagate = False


def pdf_to_text(data: bytes, path: str) -> str:
    """The text of a PDF as front matter and paragraphs; FileRefused if it has none to give."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            from pypdf import PdfReader
            from pypdf.errors import DependencyError, FileNotDecryptedError

            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not _opened_without_password(reader):
                raise FileRefused(path, "an encrypted PDF (it needs a password to open)")
            pages = [page.extract_text() or "" for page in reader.pages]
            fields = _pdf_metadata(reader)
        except FileRefused:
            raise
        except (DependencyError, FileNotDecryptedError) as exc:
            raise FileRefused(path, "an encrypted PDF that c5brief cannot decrypt") from exc
        except Exception as exc:  # pypdf raises many kinds of error on a damaged file
            raise FileRefused(path, f"a PDF that cannot be read (damaged or incomplete: {_brief(exc)})") from exc
    paragraphs = pdf_paragraphs(pages)
    if not paragraphs:
        raise FileRefused(path, "a PDF with no text layer (scanned or image-only pages; c5brief reads text, "
                                "not images)")
    return _with_front_matter(fields, paragraphs)


def _opened_without_password(reader: Any) -> bool:
    # Many PDFs are encrypted with an empty user password (only printing or
    # copying is restricted): they open like any other.
    from pypdf import PasswordType

    return bool(reader.decrypt("") != PasswordType.NOT_DECRYPTED)


def _pdf_metadata(reader: Any) -> dict[str, str]:
    try:
        info = reader.metadata
    except Exception:  # a damaged information dictionary loses the metadata, not the text
        return {}
    if info is None:
        return {}
    fields: dict[str, str] = {}
    title = _title(_string(info.get("/Title")))
    if title:
        fields["title"] = title
    if (subject := _flat(_string(info.get("/Subject")))) and subject != title:
        fields["subtitle"] = subject
    if author := _author(_string(info.get("/Author"))):
        fields["source"] = author
    try:
        created = info.creation_date
    except Exception:  # a malformed D:... date
        created = None
    if created is not None:
        fields["date"] = created.date().isoformat()
    return fields


def pdf_paragraphs(pages: Iterable[str]) -> list[str]:
    """Paragraphs from the lines pypdf extracts: wrapped lines joined, hyphenation mended.

    A paragraph ends at a blank line, or at a line that ends a sentence well
    short of the usual line length (the last line of a paragraph); a short line
    with no closing punctuation before a capitalised one is a heading. Lines of
    a page number alone are dropped. A paragraph may go on across a page break.
    """
    lines: list[str | None] = []  # None ends a page
    for page in pages:
        lines += [_flat(line) for line in page.splitlines()] + [None]
    lines = [line for line in lines if line is None or not _PAGE_NUMBER.match(line)]
    lengths = sorted(len(line) for line in lines if line)
    usual = lengths[(len(lengths) * 9) // 10] if lengths else 0
    after = [""] * len(lines)  # the next line with text after each line
    for index in range(len(lines) - 2, -1, -1):
        after[index] = lines[index + 1] or after[index + 1]
    paragraphs: list[str] = []
    current = ""
    for index, line in enumerate(lines):
        if not line:  # a blank line ends a paragraph; a page's end only one that ended a sentence
            if current and (line is not None or current.endswith(_SENTENCE_END)):
                paragraphs.append(current)
                current = ""
            continue
        current = _join(current, line)
        following = after[index]
        ends_paragraph = line.endswith(_SENTENCE_END) and len(line) < usual * 0.8
        heading = (len(line) < usual * 0.6 and not line.endswith(_SENTENCE_END) and line[:1].isupper()
                   and following[:1].isupper() and current == line)
        if ends_paragraph or heading:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def _join(current: str, line: str) -> str:
    if not current:
        return line
    if current.endswith("-") and len(current) > 1 and current[-2].isalpha() and line[:1].islower():
        return current[:-1] + line  # "Kazakh-" / "stan": a word broken at the line's end
    return f"{current} {line}"


def docx_to_text(data: bytes, path: str) -> str:
    """The text of a Word .docx file as front matter and paragraphs; FileRefused if it cannot be read."""
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        paragraphs = list(_docx_blocks(document))
        fields = _docx_metadata(document.core_properties)
    except Exception as exc:  # python-docx and its XML parser raise many kinds of error on a damaged file
        raise FileRefused(path, f"a .docx file that cannot be read (damaged: {_brief(exc)})") from exc
    if not paragraphs:
        raise FileRefused(path, "a .docx file with no text")
    if fields.get("title") and paragraphs[0].lstrip("# ").strip().lower() == fields["title"].lower():
        paragraphs = paragraphs[1:]  # the title repeated as the first line
    return _with_front_matter(fields, paragraphs)


def _docx_blocks(document: Any) -> Iterator[str]:
    from docx.table import Table

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = list(dict.fromkeys(_flat(cell.text) for cell in row.cells))  # merged cells repeat
                if text := " | ".join(c for c in cells if c):
                    yield text
            continue
        text = _flat(block.text)
        if not text:
            continue
        style = (block.style.name if block.style is not None else "") or ""
        if style == "Title" or style.startswith("Heading"):
            yield "## " + text
        elif style == "Caption":
            yield "Image: " + text
        else:
            yield text


def _docx_metadata(properties: Any) -> dict[str, str]:
    fields: dict[str, str] = {}
    if title := _title(properties.title or ""):
        fields["title"] = title
    if (subject := _flat(properties.subject or "")) and subject != fields.get("title"):
        fields["subtitle"] = subject
    if author := _author(properties.author or ""):
        fields["source"] = author
    created = properties.created
    if isinstance(created, datetime):
        fields["date"] = created.date().isoformat()
    return fields


def _title(value: str) -> str:
    title = _FILE_NAME.sub("", _WORD_TITLE.sub("", _flat(value))).strip()
    return "" if title.lower() in _NOT_TITLES else title


def _author(value: str) -> str:
    author = _flat(value)
    return "" if author.lower() in _NOT_AUTHORS else author


def _string(value: object) -> str:
    return value if isinstance(value, str) else ""


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _brief(exc: BaseException) -> str:
    message = _flat(str(exc)) or type(exc).__name__
    return message if len(message) <= 80 else message[:79] + "\u2026"


def _with_front_matter(fields: dict[str, str], paragraphs: list[str]) -> str:
    front = [f"{key}: {value}" for key, value in fields.items() if value]
    head = ["---", *front, "---", ""] if front else []
    return "\n".join(head) + "\n\n".join(paragraphs) + "\n"
