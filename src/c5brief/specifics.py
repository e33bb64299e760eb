"""The specifics a statement carries: amounts of money, names the gazetteer lacks, and the deal it reports.

A statement with an amount, a named counterpart or a date weighs more in a
brief; an agreement, memorandum, loan or purchase becomes a row of the deals
table. Names like "Cove Kaz Capital", "Tau-Ken Samruk" or "Wabtec" are found
from their shape (capitalised words that are not the gazetteer's names, not
titles, not months) so briefs can list them and use them as deal parties.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from c5brief.gazetteer import Gazetteer
from c5brief.patterns import LazyPattern
from c5brief.statements import CLAIM, FORECAST, OUTCOME, cues

_AMOUNT = LazyPattern(
    r"(?P<cur>US\$|\$|€|£)\s?(?P<num>\d[\d,.]*)\s*(?P<scale>trillion|billion|million|bn|mn|tn|m|b|млрд|млн|трлн)?(?!\w)"
    r"|(?P<num2>\d[\d,.]*)\s*(?P<scale2>trillion|billion|million|млрд|млн|трлн|миллиард\w*|миллион\w*)\.?\s*"
    r"(?P<cur2>dollars|долларов|доллара|долл\.|USD|\$|euros|евро|тенге|tenge|сумов|soms?)?", re.I)
_DIGIT = LazyPattern(r"\d")
_SCALES = {"trillion": "trillion", "tn": "trillion", "трлн": "trillion", "billion": "billion", "bn": "billion",
           "b": "billion", "млрд": "billion", "миллиард": "billion", "миллиарда": "billion", "миллиардов": "billion",
           "million": "million", "mn": "million", "m": "million", "млн": "million", "миллион": "million",
           "миллиона": "million", "миллионов": "million"}
_CURRENCIES = {"$": "USD", "us$": "USD", "dollars": "USD", "долларов": "USD", "доллара": "USD", "долл.": "USD",
               "usd": "USD", "€": "EUR", "euros": "EUR", "евро": "EUR", "£": "GBP", "тенге": "KZT", "tenge": "KZT",
               "сумов": "UZS", "som": "KGS", "soms": "KGS"}
_NAME = LazyPattern(r"(?:(?<=\s)|^|(?<=[(“\"«]))((?:[A-ZА-ЯЁ][\w’'&.-]*|[A-Z]{2,})"
                   r"(?:\s+(?:of|for|de)\s+[A-ZА-ЯЁ][\w’'&.-]*|\s+[A-ZА-ЯЁ][\w’'&.-]*)*)")
MAX_PARTIES = 4
_POSSESSIVE = LazyPattern(r"[’']s?$")


class Amount(NamedTuple):
    text: str  # as written: "$1.1 billion"
    value: float  # in units of the currency
    currency: str | None  # ISO 4217 when the text says


class Deal(NamedTuple):
    instrument: str  # "memorandum", "joint venture", "loan", ...
    amount: Amount | None
    status: str  # "signed", "announced", "proposed" or "claimed"
    parties: tuple[str, ...]


def amounts(text: str) -> list[Amount]:
    found: list[Amount] = []
    if not _DIGIT.search(text):
        return found  # every amount has a figure; most sentences have none, and the full pattern is slow
    for m in _AMOUNT.finditer(text):
        number = (m.group("num") or m.group("num2") or "").rstrip(".,")
        scale = (m.group("scale") or m.group("scale2") or "").lower()
        currency_text = (m.group("cur") or m.group("cur2") or "").lower()
        if not number or (not currency_text and not scale):
            continue
        if m.group("num2") and not currency_text:
            continue  # "38 million tonnes" is not money
        # "1,1 млрд" is 1.1 (a decimal comma); "1,100 million" has a thousands separator
        number = number.replace(",", ".") if re.fullmatch(r"\d+,\d{1,2}", number) else number.replace(",", "")
        try:
            value = float(number) * {"trillion": 1e12, "billion": 1e9, "million": 1e6}.get(
                _SCALES.get(scale, ""), 1)
        except ValueError:
            continue
        found.append(Amount(m.group(0).strip(), value, _CURRENCIES.get(currency_text)))
    return found


def unlisted_names(text: str, gazetteer_names: frozenset[str]) -> list[str]:
    """Capitalised names in `text` the gazetteer does not list (first word of a sentence only if a name follows)."""
    c = cues()
    found = []
    for match in _NAME.finditer(text):
        words = [_POSSESSIVE.sub("", w) for w in match.group(1).rstrip(".’'").split()]  # "Kazakhstan’s": Kazakhstan
        while words and (words[0].lower() in c.not_names or words[0].lower() in gazetteer_names
                         or _modifier(words[0])):
            words = words[1:]  # "President Wabtec" never; "The Export-Import Bank" -> "Export-Import Bank"
        while words and (words[-1].lower() in c.not_names or words[-1].lower() in ("of", "for", "and", "и")
                         or _modifier(words[-1])):
            words = words[:-1]
        if not words:
            continue
        name = " ".join(words)
        parts = [p for w in words for p in w.lower().split("-") if p]
        if name.lower() in gazetteer_names or any(_known(p, gazetteer_names, c.not_names) for p in parts):
            continue  # "Вашингтоне" is Washington in another case; "Kazakh-American" is two known names
        at_start = match.start(1) == 0 or text[:match.start(1)].rstrip().endswith((".", "!", "?", "—", "–"))
        if at_start and len(words) == 1 and not _looks_like_organisation(words[0]):
            continue  # a capitalised first word is usually just a word
        if len(words) == 1 and len(name) < 4:
            continue
        found.append(name)
    return found


def _known(word: str, gazetteer_names: frozenset[str], not_names: frozenset[str]) -> bool:
    return word in gazetteer_names or word in not_names or any(s in gazetteer_names for s in _endings_off(word))


def _endings_off(word: str) -> list[str]:
    """A Russian word with up to three letters of ending taken off ("Вашингтоне" -> "вашингтон"): a crude
    stem, but a brief must not import the stemmer (nltk costs 200 ms) to tell a name from a known one."""
    if word.isascii():
        return []
    return [word[:len(word) - k] for k in range(1, 4) if len(word) - k >= 4]


def _modifier(word: str) -> bool:
    """A compound modifier ("Soviet-era", "US-led", "Kazakh-born"), not a name ("Tau-Ken", "Jackson-Vanik")."""
    parts = word.split("-")
    return len(parts) > 1 and any(p.isalpha() and p.islower() for p in parts[1:])


def _looks_like_organisation(word: str) -> bool:
    return "-" in word or word.isupper() or any(ch.isupper() for ch in word[1:])


def deal_of(text: str, kind: str, countries: list[str], names: list[str]) -> Deal | None:
    """The agreement, memorandum, loan, purchase... this statement reports, if it reports one."""
    c = cues()
    instrument = next((name for name, pattern in c.instruments if pattern.search(text)), None)
    if instrument is None:
        return None
    money = amounts(text)
    parties = tuple(dict.fromkeys([*countries, *names]))[:MAX_PARTIES]
    if not money and not (kind == OUTCOME and len(parties) >= 2):
        return None
    return Deal(instrument, max(money, key=lambda a: a.value) if money else None, _status(text, kind), parties)


def _status(text: str, kind: str) -> str:
    if kind == CLAIM:
        return "claimed"
    if kind == FORECAST:
        return "proposed"
    statuses = dict(cues().statuses)
    for status in ("signed", "announced", "proposed"):
        if statuses[status].search(text):
            return status
    return "announced"


@lru_cache(maxsize=4)
def gazetteer_names(gazetteer: Gazetteer) -> frozenset[str]:
    """Every name and word of a name the gazetteer lists, lower-cased: these are not 'also named'."""
    names: set[str] = set()
    for entity in gazetteer.entities():
        for name in entity.names:
            names.add(name.lower())
            words = [p for w in name.lower().split() for p in {w, *w.split("-")} if len(p) > 3]
            names.update(words)
            names.update(e for w in words for e in _endings_off(w)[:1])  # "азия" -> "ази", as in "Азии"
    return frozenset(names)
