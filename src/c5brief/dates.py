"""Date expressions in a sentence, English and Russian, resolved against the article's date.

find_dates runs on every sentence of a library, so it reads the usual shapes with regular
expressions and datetime alone: dateparser's search_dates takes ~1.6 ms a sentence here,
about forty times as long. The month, weekday and relative-day names are package data
(data/dates.json).

Spans leave out English prepositions ("on Thursday" -> "Thursday") but keep the Russian
ones, which decide the word's case ("в четверг", "в сентябре"). A range ("Nov. 6-7",
"6–7 ноября") is one expression and names its first day.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from c5brief.patterns import LazyPattern

DATA_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "dates.json")
# Four digits outside these years are more likely a count ("in May 1500 workers") than a year.
_FIRST_YEAR, _LAST_YEAR = 1900, 2099
# A year-less date goes in the year that puts it nearest the anchor; only a 29 February can
# land further than half a year away, and then no year is a safe guess.
_HALF_YEAR = 184
_EXPLICIT, _RELATIVE, _WEEKDAY, _FOLLOWING = "explicit", "relative", "weekday", "following"
# What may stand between a weekday and the date it names: "Thursday, Nov. 6".
_APPOSITION = re.compile(r"\s*,?\s*")


class FoundDate(NamedTuple):
    """A date expression: where it is in the text, its words and the date it names."""

    start: int
    end: int
    text: str
    iso: str  # "YYYY-MM-DD", or "YYYY-MM" when the text names a month only


class _Anchor(NamedTuple):
    day: date  # the 15th when the article's date is known to the month only
    exact: bool  # "yesterday" and weekdays need the day itself


class _Candidate(NamedTuple):
    start: int
    end: int
    iso: str | None  # None: unresolved (no anchor) but still holding its span against shorter readings
    kind: str
    offset: int = 0  # days after the previous explicit date, for _FOLLOWING


class _Tables(NamedTuple):
    data: dict[str, Any]  # the file as read, for building the patterns
    months: dict[str, int]  # every language and form, by _key
    weekdays: dict[str, int]
    modifiers: dict[str, int]
    phrases: dict[str, tuple[str, int]]  # key -> (kind of shift, amount)
    years_ru: dict[str, int]


_Handler = Callable[[re.Match[str], _Anchor | None], _Candidate | None]


def find_dates(text: str, anchor: str | None) -> list[FoundDate]:
    """Every date expression in `text`, resolved against `anchor` ("YYYY-MM-DD", "YYYY-MM" or None).

    Without an anchor only dates that state their year are found; relative ones
    ("yesterday", "в четверг", "the next day") need an anchor.
    """
    base, features = _parse_anchor(anchor), _features(text)
    candidates = [found for pattern, handler, needs in _patterns() if needs <= features
                  for match in pattern.finditer(text) if (found := handler(match, base)) is not None]
    return _resolve(text, _select(_merge_weekdays(text, candidates)), base)


def latest_date(texts: Iterable[str]) -> str | None:
    """The latest full date ("YYYY-MM-DD") the texts state with its year, or None."""
    days = [found.iso for text in texts for found in find_dates(text, None) if len(found.iso) == 10]
    return max(days, default=None)


def _parse_anchor(anchor: str | None) -> _Anchor | None:
    # An article's date that is neither a day nor a month (a raw metadata string) anchors nothing.
    if not anchor:
        return None
    try:
        if len(anchor) == 7:
            return _Anchor(date.fromisoformat(anchor + "-15"), exact=False)
        return _Anchor(date.fromisoformat(anchor[:10]), exact=True)
    except ValueError:
        return None


def _merge_weekdays(text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """A weekday right before an explicit date is part of it: "Thursday, Nov. 6" is one date."""
    explicit = {c.start: c for c in candidates if c.kind == _EXPLICIT}
    merged: list[_Candidate] = []
    for candidate in candidates:
        gap = _APPOSITION.match(text, candidate.end) if candidate.kind == _WEEKDAY else None
        after = explicit.get(gap.end()) if gap else None
        merged.append(after._replace(start=candidate.start) if after else candidate)
    return merged


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """The longest reading at each place, left to right, none overlapping another."""
    chosen: list[_Candidate] = []
    # A stable sort: of two readings of the same words, the earlier pattern's wins.
    for candidate in sorted(candidates, key=lambda c: (c.start, -c.end)):
        if not chosen or candidate.start >= chosen[-1].end:
            chosen.append(candidate)
    return chosen


def _resolve(text: str, chosen: list[_Candidate], anchor: _Anchor | None) -> list[FoundDate]:
    found: list[FoundDate] = []
    previous: date | None = None  # the last explicit day, which "the next day" counts from
    for candidate in chosen:
        iso = candidate.iso
        if candidate.kind == _FOLLOWING:
            # Only with an anchor, like every relative date: latest_date reads without one
            # and must see stated dates only.
            iso = (previous + timedelta(days=candidate.offset)).isoformat() if previous and anchor else None
        elif candidate.kind == _EXPLICIT and iso and len(iso) == 10:
            previous = date.fromisoformat(iso)
        if iso:
            found.append(FoundDate(candidate.start, candidate.end, text[candidate.start:candidate.end], iso))
    return found


# Handlers: a match and the anchor -> a candidate, or None when the match is no date at all.

def _day_date(match: re.Match[str], anchor: _Anchor | None) -> _Candidate | None:
    """Day, month and perhaps year: "Oct. 26, 2025", "26 October", "7 ноября", "2025-11-06"."""
    month, day = _month_number(match["mon"]), int(match["day"])
    if match["year"]:
        year = int(match["year"])
        stated = _day(year, month, day) if _FIRST_YEAR <= year <= _LAST_YEAR else None
        return _Candidate(*match.span(), stated.isoformat(), _EXPLICIT) if stated else None
    if not _day(2024, month, day):  # no year has a 31 April, a leap year has every other day
        return None
    nearest = _nearest_day(month, day, anchor.day) if anchor else None
    return _Candidate(*match.span(), nearest.isoformat() if nearest else None, _EXPLICIT)


def _month_year(match: re.Match[str], anchor: _Anchor | None) -> _Candidate | None:
    """A month of a stated year: "September 2023", "в ноябре 2025 года"."""
    year = int(match["year"])
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        return None
    return _Candidate(*match.span(), f"{year:04d}-{_month_number(match['mon']):02d}", _EXPLICIT)


def _en_month_alone(match: re.Match[str], anchor: _Anchor | None) -> _Candidate | None:
    """ "in September", "mid-November": a month with no year, in the year nearest the anchor."""
    month = _month_number(match["mon"])
    iso = _nearest_month(month, anchor.day) if anchor else None
    part = next((group for group in ("part", "part_only") if match[group]), "mon")  # "early" kept, "in" left out
    return _Candidate(match.start(part), match.end(), iso, _RELATIVE)


def _ru_month_alone(match: re.Match[str], anchor: _Anchor | None) -> _Candidate | None:
    """ "в сентябре", "в конце ноября", "в сентябре прошлого года"."""
    month = _month_number(match["mon"])
    iso: str | None = None
    if anchor and match["yw"]:
        iso = f"{anchor.day.year + _tables().years_ru[_key(match['yw'])]:04d}-{month:02d}"
    elif anchor:
        iso = _nearest_month(month, anchor.day)
    return _Candidate(*match.span(), iso, _RELATIVE)


def _weekday(match: re.Match[str], anchor: _Anchor | None) -> _Candidate | None:
    """ "Thursday", "next Thursday", "в четверг", "в прошлую пятницу"."""
    tables = _tables()
    weekday = tables.weekdays[_key(match["wd"])]
    direction = tables.modifiers[_key(match["mod"])] if match["mod"] else 0
    iso = _weekday_date(weekday, direction, anchor.day).isoformat() if anchor and anchor.exact else None
    return _Candidate(*match.span(), iso, _WEEKDAY)


def _phrase(match: re.Match[str], anchor: _Anchor | None) -> _Candidate | None:
    """ "yesterday", "last month", "the next day" and their Russian forms."""
    kind, amount = _tables().phrases[_key(match[0])]
    if kind == "previous":
        return _Candidate(*match.span(), None, _FOLLOWING, amount)
    if anchor is None or (kind == "day" and not anchor.exact):
        return None
    if kind == "day":
        return _Candidate(*match.span(), (anchor.day + timedelta(days=amount)).isoformat(), _RELATIVE)
    index = anchor.day.year * 12 + anchor.day.month - 1 + amount
    return _Candidate(*match.span(), f"{index // 12:04d}-{index % 12 + 1:02d}", _RELATIVE)


# Calendar arithmetic.

def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest_day(month: int, day: int, anchor: date) -> date | None:
    """The day in the year that puts it nearest `anchor`; the past wins a tie."""
    options = [d for year in range(anchor.year - 1, anchor.year + 2) if (d := _day(year, month, day))]
    best = min(options, key=lambda d: (abs((d - anchor).days), d > anchor), default=None)
    return best if best and abs((best - anchor).days) <= _HALF_YEAR else None


def _nearest_month(month: int, anchor: date) -> str:
    """The month in the year that puts it nearest `anchor` ("YYYY-MM"); the past wins a tie."""
    here = anchor.year * 12 + anchor.month - 1
    options = [year * 12 + month - 1 for year in range(anchor.year - 1, anchor.year + 2)]
    best = min(options, key=lambda index: (abs(index - here), index > here))
    return f"{best // 12:04d}-{best % 12 + 1:02d}"


def _weekday_date(weekday: int, direction: int, anchor: date) -> date:
    """The weekday on or before `anchor` (news reports the past), or strictly after/before it."""
    if direction > 0:
        return anchor + timedelta(days=(weekday - anchor.weekday() - 1) % 7 + 1)
    if direction < 0:
        return anchor - timedelta(days=(anchor.weekday() - weekday - 1) % 7 + 1)
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


# The tables and the patterns, read and compiled on first use.

def _key(words: str) -> str:
    return " ".join(words.lower().replace("ё", "е").rstrip(".").split())


def _month_number(name: str) -> int:
    return int(name) if name.isdigit() else _tables().months[_key(name)]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    # A plain path, not importlib.resources, as analyze.py reads its word lists (~8 ms saved).
    with open(DATA_FILE, encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    months = {**data["months"]["en"]["full"], **data["months"]["en"]["abbreviated"]}
    for forms in data["months"]["ru"].values():
        months.update(forms)
    weekdays = {**data["weekdays"]["en"], **data["weekdays"]["ru_accusative"]}
    modifiers = {**data["weekday_modifiers"]["en"], **data["weekday_modifiers"]["ru"]}
    phrases = {_key(p): ("day", n) for p, n in data["days_from_anchor"].items()}
    phrases |= {_key(p): ("month", n) for p, n in data["months_from_anchor"].items()}
    phrases |= {_key(p): ("previous", n) for p, n in data["days_from_previous_date"].items()}
    return _Tables(data, {_key(k): v for k, v in months.items()}, {_key(k): v for k, v in weekdays.items()},
                   {_key(k): v for k, v in modifiers.items()}, phrases, data["years_from_anchor_ru"])


def _alternation(words: Iterable[str]) -> str:
    """A regex alternative of the words, longest first, spaces matching any run of spaces."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(re.escape(part) for part in word.split()) for word in ordered)


def _cased(words: Iterable[str]) -> list[str]:
    # English names count only capitalised or in capitals: "may" and "march" are verbs.
    return [form for word in words for form in (word, word.upper())]


def _any_case(words: Iterable[str]) -> list[str]:
    # Spelt-out case variants rather than (?i:...), which costs the regex engine its literal
    # prefix search and made find_dates several times slower.
    return [form for word in words for form in (word, word[:1].upper() + word[1:], word.upper())]


# Shared pieces: a day with an optional ordinal and range, never a decimal or a percentage.
_ORDINAL = r"(?:st|nd|rd|th)?"
_RANGE = rf"(?:\s*[-–—]\s*\d{{1,2}}{_ORDINAL}\b)?"
_YEAR = r"(?P<year>\d{4})(?![\d%]|[.,]\d)"
_IN_RU = r"\b[Вв][Оо]?\s+"
# What a pattern needs in a sentence before it is worth running: most sentences have no
# digits, and few mix scripts.
_FEATURES = (("digit", re.compile(r"\d")), ("latin", re.compile(r"[A-Za-z]")), ("cyrillic", re.compile(r"[а-яА-ЯёЁ]")))
_Pattern = tuple["LazyPattern", _Handler, frozenset[str]]
_Spec = tuple[str, _Handler, str]  # source, handler, the features it needs, space-separated


def _features(text: str) -> frozenset[str]:
    return frozenset(name for name, pattern in _FEATURES if pattern.search(text))


@lru_cache(maxsize=1)
def _patterns() -> tuple[_Pattern, ...]:
    # Compiled when a sentence first needs them (re caches them): an English brief never pays for the
    # Russian patterns, and compiling all of them costs a warm brief ~20 ms.
    data = _tables().data
    return tuple((LazyPattern(source), handler, frozenset(needs.split()))
                 for source, handler, needs in (*_english(data), *_russian(data), *_relative(data), *_numeric()))


def _english(data: dict[str, Any]) -> list[_Spec]:
    names = data["months"]["en"]
    month = rf"(?:{_alternation(_cased(names['full']))})\b|(?:{_alternation(_cased(names['abbreviated']))})\b\.?"
    day = rf"(?P<day>\d{{1,2}}){_ORDINAL}\b{_RANGE}(?!\s*%|[.,:]\d)"
    parts = _alternation(_any_case(data["month_parts"]["en"]))
    weekday = _alternation(_cased(data["weekdays"]["en"]))
    modifier = _alternation(_any_case(data["weekday_modifiers"]["en"]))
    return [
        (rf"\b(?P<mon>{month})\s*{day}(?:,?\s+{_YEAR})?", _day_date, "latin digit"),
        (rf"(?<![\w.,$]){day}\s+(?:of\s+)?(?P<mon>{month})(?:,?\s+{_YEAR})?", _day_date, "latin digit"),
        (rf"\b(?P<mon>{month}),?\s+(?:of\s+)?{_YEAR}", _month_year, "latin digit"),
        # "in September", "in early September", "mid-September", but never a bare "September".
        (rf"\b(?:[Ii]n\s+(?P<part>(?:{parts})(?:-|\s+))?|(?P<part_only>(?:{parts})(?:-|\s+)))(?P<mon>{month})"
         r"(?![.,]?\s*(?:of\s+)?\d)", _en_month_alone, "latin"),
        (rf"\b(?:(?P<mod>{modifier})\s+)?(?P<wd>{weekday})\b", _weekday, "latin"),
    ]


def _russian(data: dict[str, Any]) -> list[_Spec]:
    forms = data["months"]["ru"]
    genitive = _alternation(_any_case(forms["genitive"]))
    prepositional = _alternation(_any_case(forms["prepositional"]))
    every_form = _alternation(_any_case([*forms["genitive"], *forms["nominative"], *forms["prepositional"]]))
    year_word = rf"(?:\s*(?:{_alternation(data['year_words_ru'])})(?!\w))?"
    parts = rf"(?:(?P<part>{_alternation(data['month_parts']['ru'])})\s+)?"
    weekday = _alternation(data["weekdays"]["ru_accusative"])
    modifier = _alternation(data["weekday_modifiers"]["ru"])
    relative_year = _alternation(data["years_from_anchor_ru"])
    return [
        (rf"(?<![\w.,])(?P<day>\d{{1,2}})(?:-?го)?{_RANGE}\s+(?P<mon>{genitive})\b(?:\s+{_YEAR}{year_word})?",
         _day_date, "cyrillic digit"),
        (rf"(?:{_IN_RU})?{parts}\b(?P<mon>{every_form})\s+{_YEAR}{year_word}", _month_year, "cyrillic digit"),
        (rf"{_IN_RU}{parts}(?P<mon>{prepositional}|{genitive})\b(?:\s+(?P<yw>{relative_year})\s+года\b)?",
         _ru_month_alone, "cyrillic"),
        (rf"{_IN_RU}(?:(?P<mod>{modifier})\s+)?(?P<wd>{weekday})\b", _weekday, "cyrillic"),
    ]


def _relative(data: dict[str, Any]) -> list[_Spec]:
    phrases = [*data["days_from_anchor"], *data["months_from_anchor"], *data["days_from_previous_date"]]
    russian = [p for p in phrases if re.search("[а-яё]", p)]
    english = [p for p in phrases if p not in russian]
    return [(rf"\b(?:{_alternation(_any_case(words))})(?!\w)", _phrase, script)
            for words, script in ((english, "latin"), (russian, "cyrillic"))]


def _numeric() -> list[_Spec]:
    return [
        (r"(?<![\w.-])(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})(?![\d-])", _day_date, "digit"),
        # Dotted dates are day first, as in Europe and Russia; a version number has no four-digit tail.
        (r"(?<![\w.])(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>\d{4})(?!\d|\.\d)", _day_date, "digit"),
    ]
