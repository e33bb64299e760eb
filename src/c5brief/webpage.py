"""Article text and metadata from a saved web page, via Beautiful Soup.

The result is plain text in the shape the chunker already reads: YAML-style
front matter for the metadata, then one paragraph per block separated by blank
lines, figure captions marked "Image:" so they are tagged as captions.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

_NOISE = ("script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form",
          "button", "iframe", "select")
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figcaption", "td", "dd")
_META = {
    "title": ("og:title", "twitter:title", "dc.title", "headline"),
    "date": ("article:published_time", "date", "dc.date", "pubdate", "publish-date", "datepublished",
             "og:published_time", "sailthru.date"),
    "source": ("og:site_name", "application-name", "publisher", "dc.publisher"),
    "url": ("og:url", "twitter:url"),
    "subtitle": ("description", "og:description"),
}
_SPACE = re.compile(r"\s+")
_SITE_SEPARATORS = (" | ", " — ", " – ", " - ", " :: ")
_MAX_SITE_WORDS = 5


def html_to_text(markup: str) -> str:
    """The article's metadata as front matter and its text as paragraphs."""
    from bs4 import BeautifulSoup  # imported only when a web page is read

    soup = BeautifulSoup(markup, "html.parser")
    fields = _metadata(soup)
    for tag in soup.find_all(_NOISE):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.find(role="main") or soup.body or soup
    paragraphs = _paragraphs(root)
    if paragraphs and fields.get("title") and _same(paragraphs[0], fields["title"]):
        paragraphs = paragraphs[1:]  # the headline repeated as the first block
    front = [f"{key}: {value}" for key, value in fields.items() if value]
    head = ["---", *front, "---", ""] if front else []
    return "\n".join(head) + "\n\n".join(paragraphs) + "\n"


def _metadata(soup: BeautifulSoup) -> dict[str, str]:
    found: dict[str, str] = {}
    metas: dict[str, str] = {}
    for meta in soup.find_all("meta"):
        key = (_attribute(meta, "property") or _attribute(meta, "name") or _attribute(meta, "itemprop")).lower()
        if key and _attribute(meta, "content") and key not in metas:
            metas[key] = _flat(_attribute(meta, "content"))
    for field, keys in _META.items():
        value = next((metas[k] for k in keys if metas.get(k)), "")
        if value:
            found[field] = value
    if "title" not in found:
        heading = soup.find("h1") or soup.find("title")
        if heading and _flat(heading.get_text(" ")):
            found["title"] = _flat(heading.get_text(" "))
    if "date" not in found and (time := soup.find("time")) is not None:
        found["date"] = _flat(_attribute(time, "datetime") or time.get_text(" "))
    if "url" not in found and (link := soup.find("link", rel="canonical")) is not None and _attribute(link, "href"):
        found["url"] = _attribute(link, "href")
    if found.get("date"):
        found["date"] = found["date"][:10] if re.match(r"\d{4}-\d\d-\d\d", found["date"]) else found["date"]
    if found.get("title"):
        _split_site_name(found)
    if "subtitle" in found and found["subtitle"] == found.get("title"):
        del found["subtitle"]
    return found


def _split_site_name(found: dict[str, str]) -> None:
    """ "Tokayev meets Trump | The Astana Times": the headline, and the site's name when no meta tag gave it.

    The site named by og:site_name is cut off after any separator; without one, only after " | ",
    the separator sites put before their name (" - " also joins "Kazakhstan - US relations")."""
    title, site = found["title"], found.get("source")
    for separator in _SITE_SEPARATORS:
        head, sep, tail = title.rpartition(separator)
        if not sep or not head.strip():
            continue
        if site and tail.strip().lower() == site.lower():
            found["title"] = head.strip()
            return
        if not site and separator == " | " and len(tail.split()) <= _MAX_SITE_WORDS:
            found["title"], found["source"] = head.strip(), tail.strip()
            return


def _attribute(tag: Tag, name: str) -> str:
    """An attribute's value as one string (bs4 gives a list for multi-valued ones such as rel)."""
    value = tag.get(name)
    if value is None:
        return ""
    return (value if isinstance(value, str) else " ".join(value)).strip()


def _paragraphs(root: Tag | BeautifulSoup) -> list[str]:
    paragraphs: list[str] = []
    for block in root.find_all(_BLOCKS):
        if block.find_parent(_BLOCKS) is not None:
            continue  # its text is part of the enclosing block
        text = _flat(block.get_text(" "))
        if not text:
            continue
        if block.name == "figcaption":
            text = "Image: " + text
        elif block.name.startswith("h"):
            text = "## " + text
        paragraphs.append(text)
    if not paragraphs:
        text = root.get_text("\n")
        paragraphs = [_flat(line) for line in text.split("\n") if _flat(line)]
    return paragraphs


def _flat(text: str) -> str:
    # Whitespace runs, including newlines inside a block, become one space;
    # punctuation is re-attached where get_text(" ") spaced it from inline tags.
    text = _SPACE.sub(" ", text).strip()
    return re.sub(r" ([,.;:!?)\]])", r"\1", text).replace("( ", "(")


def _same(first: str, title: str) -> bool:
    return first.lstrip("# ").strip().lower() == title.strip().lower()
