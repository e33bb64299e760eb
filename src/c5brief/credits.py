"""The lines of an article that say who and where, not what: datelines, bylines, photo credits, page chrome.

A wire story opens with a dateline ("DUSHANBE, Tajikistan, November 7 (Trend) –",
"ASTANA (Kazinform) —", "АСТАНА. 7 ноября. КАЗИНФОРМ –", "ВАШИНГТОН, 7 ноября.
/ТАСС/."), whose credit names the outlet; a page carries bylines ("By John
Smith", "Автор: ..."), photo credits ("Photo: akorda.kz") and chrome ("Share",
"Subscribe to our newsletter"). None of it is body text. Everything here is a
rule about a line's shape, never about a particular outlet.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_MONTH = (r"(?i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_MONTH_RU = (r"(?:январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?|сентябр[яь]|октябр[яь]|"
             r"ноябр[яь]|декабр[яь]|янв|фев|мар|апр|июн|июл|авг|сен|окт|ноя|дек)")
_DATE_RU = rf"\d{{1,2}} {_MONTH_RU}\.?(?: \d{{4}}(?: г(?:ода|\.)?)?)?"
_DATE = rf"(?:{_MONTH}\.? \d{{1,2}}(?:,? \d{{4}})?|\d{{1,2}} {_MONTH}\.?(?:,? \d{{4}})?|{_DATE_RU})"
_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎҲ"
_LOWER = "a-zа-яёәғқңөұүһіўҳ"
_CAPS_WORD = rf"[{_UPPER}][{_UPPER}.'’\-]+"
_PLACE = rf"(?P<place>{_CAPS_WORD}(?: {_CAPS_WORD}){{0,2}})"  # WASHINGTON, NEW YORK, NUR-SULTAN, АСТАНА
_ANY_PLACE = rf"(?P<place>[{_UPPER}][{_UPPER}{_LOWER}\-]+(?: [{_UPPER}][{_UPPER}{_LOWER}\-]+)?)"  # Астана
_REGIONS = rf"(?P<region>(?:, (?!{_MONTH}\b)[{_UPPER}][\w.'’\-]*(?: [{_UPPER}][\w.'’\-]*){{0,2}}){{0,2}})"
_DASH = r"(?:\s*(?:--|[–—])\s*|\s+-\s+)"
_REST = r"(?P<rest>.*)"
_NAMES = rf"[{_UPPER}][\w.\-]*(?: [{_UPPER}][\w.\-]*){{0,2}}"  # "РИА Новости", "Sputnik Казахстан"
_DATELINES = [re.compile(pattern, re.S) for pattern in (
    # PLACE, Date. /CREDIT/. text: TASS
    rf"^{_PLACE}, (?P<date>{_DATE})\.\s*/(?P<credit>[^/]{{2,30}})/\.?(?:\s+{_REST})?$",
    # PLACE, Date – Credit. text: RIA Novosti, Sputnik
    rf"^{_PLACE}, (?P<date>{_DATE_RU}){_DASH}(?P<credit>{_NAMES})\.(?:\s+{_REST})?$",
    # Place. Date. CREDIT – text: "АСТАНА. 7 ноября. КАЗИНФОРМ –", "Астана. 7 ноября. INTERFAX.RU -"
    rf"^{_ANY_PLACE}\.\s+(?:(?P<date>{_DATE})\.\s+)?(?P<credit>{_CAPS_WORD}(?: {_CAPS_WORD})?){_DASH}{_REST}$",
    # PLACE[, Region][, Date] [(Credit)] – text: Reuters, AP, Xinhua, Trend, Kazinform (English)
    rf"^{_PLACE}{_REGIONS}(?:, (?P<date>{_DATE}))?\s*(?:\((?P<credit>[^()]{{2,40}})\))?{_DASH}{_REST}$",
    # Place, Region, Date – text: "Toronto, Feb 26 -" (a place not in capitals, so a date is required)
    rf"^{_ANY_PLACE}{_REGIONS}, (?P<date>{_DATE})\s*(?:\((?P<credit>[^()]{{2,40}})\))?{_DASH}{_REST}$",
    # PLACE, Region, Date. text: "DUSHANBE, Tajikistan, November 7." (Trend)
    rf"^{_PLACE}{_REGIONS}, (?P<date>{_DATE})\.(?:\s+{_REST})?$",
    # a dateline alone: "ASTANA (Kazinform)", "WASHINGTON, Nov. 6 –"
    rf"^{_PLACE}{_REGIONS}(?:, (?P<date>{_DATE}))?\s*(?:\((?P<credit>[^()]{{2,40}})\))?[\s.:–—-]*$",
)]
_NOT_CREDITS = re.compile(r"\b(?:update[sd]?|photos?|video|live|exclusive|analysis|opinion|обновлено|фото|видео)\b",
                          re.I)
_MIN_PLACE_LETTERS = 3
_MIN_REST_WORDS = 3  # "KAZAKHSTAN SIGNS DEAL — REPORT" is a headline, not a dateline and a sentence

_BYLINE = re.compile(r"^(?:(?:written |reporting |story |text |words )?by|автор(?:ы)?|текст)\s*:?\s+(?P<names>.+)$",
                     re.I)
_BYLINE_LABEL = re.compile(r"^(?:author|authors|writer|reporter|correspondent|editor|edited by|автор(?:ы)?|"
                           r"корреспондент|редактор|текст)\s*:\s*\S.{0,80}$", re.I)
_NAME_JOINERS = frozenset({"and", "&", "in", "of", "for", "de", "del", "van", "von", "al", "bin", "и", "в", "из", "|",
                           "/", "-", "–", "—"})
_NOT_NAMES = re.compile(rf"^(?:{_MONTH}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|The|This|That|Then|"
                        r"Now|Then|Early|Late|Next|Last)\b")
_MAX_BYLINE_WORDS = 12

_CREDIT_LABEL = re.compile(r"^(?:(?:photo|image|picture|video|фото|видео)s?\s*(?:credit|courtesy)s?\s*(?:of|:)?|"
                           r"(?:photo|image|picture)s?\s+(?:by|courtesy of|from)|credits?\s*:|©|\(c\)|copyright\b|"
                           r"фото(?:графия)?\s+(?:предоставлено|из открытых источников))\s*\S.{0,80}$", re.I)
_LABELLED_PHOTO = re.compile(r"^(?:photo|image|picture|фото)\s*:\s*(?P<credit>.{1,80})$", re.I)
_CREDIT_WORDS = re.compile(r"(?:press service|press office|пресс-служб|getty images|/|\bshutterstock\b|\bafp\b|"
                           r"\breuters\b|\bap photo\b)", re.I)
_MAX_CREDIT_WORDS = 6
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/\S*)?$", re.I)
_CHROME = re.compile(
    r"^(?:share(?: this(?: article| story| page| post)?| on \w+(?: and \w+)?)?|subscribe(?: (?:to|for) .{0,60})?|"
    r"sign up (?:for|to) .{0,60}|follow us(?: on .{0,40})?|read more|continue reading|read the full (?:story|article)|"
    r"click here.{0,60}|advertisement|sponsored|print|e-?mail|tweet|comments?(?: \(\d+\))?|"
    r"поделиться|подписывайтесь.{0,60}|подпишитесь.{0,60}|читать далее|читать полностью|реклама)\W*$", re.I)


class Dateline(NamedTuple):
    place: str
    date: str | None  # as written ("November 7", "7 ноября")
    credit: str | None  # the outlet credited, as it is usually written ("Kazinform", "Trend", "ТАСС")


def split_dateline(text: str) -> tuple[Dateline | None, str]:
    """The dateline a paragraph opens with, and the rest of its text (all of it when there is none)."""
    for pattern in _DATELINES:
        match = pattern.match(text)
        if match and (dateline := _dateline(match)):
            return dateline, (match.groupdict().get("rest") or "").strip()
    return None, text


def _dateline(match: re.Match[str]) -> Dateline | None:
    groups = match.groupdict()
    place, date, credit, rest = groups["place"], groups.get("date"), groups.get("credit"), groups.get("rest") or ""
    if sum(ch.isalpha() for ch in place) < _MIN_PLACE_LETTERS:
        return None
    if credit and not _outlet_like(credit):
        credit = None  # "(UPDATE 1)": a dateline all the same
    if rest and (len(rest.split()) < _MIN_REST_WORDS or not (rest[0].isupper() or rest[0] in "\"'“«‘(")):
        return None
    if not rest and not (date or credit):
        return None  # "NEW YORK", "KAZAKHSTAN, UZBEKISTAN SIGN DEALS": headings
    return Dateline(place, date, outlet_name(credit) if credit else None)


def _outlet_like(credit: str) -> bool:
    """ "Trend", "Kazinform", "AP", "24.kg", "dpa"; not "UPDATE 1" or "six times"."""
    if _NOT_CREDITS.search(credit):
        return False
    return credit[0].isupper() or credit[0].isdigit() or (credit.isalpha() and len(credit) <= 3)


def outlet_name(credit: str) -> str:
    """A credit as an outlet's name: "KAZINFORM" is Kazinform; short acronyms (ТАСС, AFP) stay."""
    credit = credit.strip(" /.")
    if credit.isupper() and len(credit.replace(".", "")) > 4:
        return " ".join(word[:1] + word[1:].lower() for word in credit.split())
    return credit


def outlet_from_url(url: str | None) -> str | None:
    """The site an article's address names: "akorda.kz" for https://www.akorda.kz/en/..."""
    if not url:
        return None
    from urllib.parse import urlsplit

    try:
        host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    except ValueError:  # "[" is read as half an IPv6 address: a broken address names no site
        return None
    for prefix in ("www.", "m.", "amp."):
        host = host.removeprefix(prefix)
    return host if "." in host else None


def is_byline(text: str) -> bool:
    """ "By John Smith", "By Aigerim Seisembayeva in Astana", "Author: ...", "Автор: ..." """
    if _BYLINE_LABEL.match(text):
        return True
    match = _BYLINE.match(text.rstrip("."))
    if not match:
        return False
    words = match["names"].replace(",", " , ").split()
    names = [w for w in words if w not in _NAME_JOINERS and w != ","]
    if len(words) > _MAX_BYLINE_WORDS or len(names) < 2 or _NOT_NAMES.match(match["names"]):
        return False
    return all(w[0].isupper() for w in names)


def is_photo_credit(text: str) -> bool:
    """ "Photo: akorda.kz", "Photo by Jane Doe/AFP", "Фото: пресс-служба Акорды", "© Reuters"; not a caption."""
    if _CREDIT_LABEL.match(text) or _DOMAIN.match(text):
        return True
    labelled = _LABELLED_PHOTO.match(text)
    if not labelled:
        return False
    credit = labelled["credit"].strip(" .")
    words = credit.split()
    if len(words) > _MAX_CREDIT_WORDS:
        return False  # "Photo: Tokayev and Trump at the White House. Reuters/Kevin Lamarque" is a caption
    return bool(_DOMAIN.match(credit) or _CREDIT_WORDS.search(credit)
                or (len(words) <= 2 and all(w[0].isupper() for w in words)))


def is_chrome(text: str) -> bool:
    """The page's own furniture: "Share", "Subscribe to our newsletter", "Read more", "Поделиться"."""
    return bool(_CHROME.match(text.strip()))
