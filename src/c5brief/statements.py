"""What a sentence states: its kind, its speaker, its quotation, and the sentence it leans on.

A brief must tell a result from a forecast and a claim, name who said what, and
never show "Turkmen citizens are subject to similar restrictions." without the
sentence that says what is similar. The cues are data (data/statements.json),
matched on lower-cased words; this runs while a brief is assembled, on the
candidate sentences only.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from typing import NamedTuple

from c5brief.gazetteer import Gazetteer
from c5brief.patterns import LazyPattern

CUES_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "statements.json")

OUTCOME = "outcome"
FORECAST = "forecast"
CLAIM = "claim"
REPORT = "report"
KINDS = (OUTCOME, CLAIM, REPORT, FORECAST)

MIN_QUOTE_WORDS = 5
_QUOTED = LazyPattern(r"[\"“«„]([^\"“”«»„]{12,}?)[\"”»“]")
_CLOSING_ONLY = LazyPattern(r"^[^\"“«„]*[”»]")  # a quotation carried over from the sentence before
_BOUNDARY = LazyPattern(r"(?<=[.!?…:])[\"”»’)]*\s+(?=[\"“«„(]?[A-ZА-ЯЁ])")
_MONTH_MAY = LazyPattern(r"(?<=\S\s)May\b")  # inside a sentence only the month is capitalised
_LAST_WORD = LazyPattern(r"(\S+)\.$")
_PRONOUN_SPEAKER = LazyPattern(r"\b(he|she|он|она)\s+(?:also\s+|then\s+|later\s+)?(\w+)", re.I)


class Cues(NamedTuple):
    # kinds: (the cue phrases' text without '*', for a quick substring test first; the pattern)
    kinds: tuple[tuple[str, tuple[str, ...], LazyPattern], ...]
    speech: LazyPattern
    openers: LazyPattern
    dependent_noun: LazyPattern
    reference: LazyPattern
    instruments: tuple[tuple[str, LazyPattern], ...]
    statuses: tuple[tuple[str, LazyPattern], ...]
    organisation_words: frozenset[str]
    not_names: frozenset[str]


class Statement(NamedTuple):
    """What the brief needs to know of one sentence."""

    kind: str  # OUTCOME, CLAIM, REPORT or FORECAST
    speaker: str | None  # the person it is attributed to, when that is certain
    quote: str | None  # the direct quotation it holds, if any
    lead: str | None  # the sentence(s) it depends on, to be shown before it; "" when it cannot stand
    pronoun_name: str | None  # the one person "he"/"she" stands for, to insert as "he [Name]"


def _pattern(words: list[str]) -> LazyPattern:
    parts = []
    for phrase in sorted(words, key=len, reverse=True):
        # each word of a phrase: "совместн* предприят*" matches "совместного предприятия"
        pieces = [re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else r"\b") for w in phrase.split()]
        parts.append(r"\s+".join(pieces))
    return LazyPattern(r"(?i)(?<!\w)(?:" + "|".join(parts) + ")")


@lru_cache(maxsize=1)
def cues() -> Cues:
    with open(CUES_FILE, encoding="utf-8") as handle:
        data = json.load(handle)
    openers = _pattern(data["dependent_openers"]).source.removeprefix("(?i)")
    kinds = tuple((kind, tuple(sorted({w.rstrip("*").lower() for w in data[kind]})), _pattern(data[kind]))
                  for kind in (CLAIM, FORECAST, OUTCOME))
    return Cues(
        kinds,
        _pattern(data["speech_verbs"]),
        LazyPattern(r"(?i)^[\s\"“«(—–-]*" + openers),
        LazyPattern(r"(?i)^[\s\"“«]*(?:the|this|that|такой|этот|эта)\s+(?:\S+\s+){0,3}?(?:" +
                    "|".join(data["dependent_nouns"]) + r")\b"),
        _pattern(data["reference_words"]),
        tuple((name, _pattern(words)) for name, words in data["instruments"].items()),
        tuple((name, _pattern(words)) for name, words in data["deal_status"].items()),
        frozenset(data["organisation_words"]), frozenset(data["not_names"]))


def kind_of(text: str) -> str:
    """OUTCOME for what was done, FORECAST for what is expected, CLAIM for one party's word."""
    text = _MONTH_MAY.sub("Mai", text)  # "the summit in May" is a month, not "may" the modal
    lowered = text.lower()
    for kind, phrases, pattern in cues().kinds:  # a claim first, then a forecast, then an outcome
        if any(p in lowered for p in phrases) and pattern.search(text):
            return kind
    return REPORT


def previous_sentence(before: str) -> str:
    """The last whole sentence of the paragraph text before a sentence ('' at a paragraph's start)."""
    before = before.rstrip()
    if not before:
        return ""
    from c5brief.sentences import abbreviations

    known = abbreviations()
    starts = [0]
    for m in _BOUNDARY.finditer(before):
        word = _LAST_WORD.search(before[:m.start()].rstrip("\"”»’)"))
        if word and word.group(1).lower().rstrip(".") in known:
            continue  # "Nov. 4", "the U.S. Congress"
        starts.append(m.end())
    return before[starts[-1]:].strip()


_EXPLETIVE = LazyPattern(r"^[\s\"“«]*it\s+(?:is|was|has\s+been|had\s+been)\s+(?:\w+\s+){0,2}?\w+(?:ed|ble|ant|ear|ing)"
                        r"\s+(?:that|to|how|whether)\b", re.I)


def depends_on_previous(text: str, before: str) -> bool:
    """Whether the sentence cannot stand alone: it refers back, or continues a quotation or a colon."""
    c = cues()
    if before.rstrip().endswith(":"):
        return True
    if _EXPLETIVE.search(text) and not c.reference.search(text):
        return False  # "It was emphasized that ..." refers to nothing before it
    if c.openers.search(text) or c.dependent_noun.search(text) or c.reference.search(text):
        return True
    return bool(_CLOSING_ONLY.search(text))


def analyse(text: str, before: str, tags: dict[str, int], gazetteer: Gazetteer,
            lead_limit: int = 2, kind: str | None = None) -> Statement:
    """The statement in `text`, a sentence whose paragraph opens with `before` (`kind`: kind_of(text), if known)."""
    person = _pronoun_person(text, tags, gazetteer)
    lead = _lead(text, before, person is not None, lead_limit)
    kind = kind or kind_of(text)
    if lead and kind_of(lead) == CLAIM:
        kind = CLAIM  # "Trump wrote on Truth Social: ..." makes what follows his claim
    quote = _quotation(text)
    speaker = speaker_of(text, tags, gazetteer, person) if quote or cues().speech.search(text) else None
    if quote and not speaker and lead:
        speaker = speaker_of(lead, {}, gazetteer, None)
    return Statement(kind, speaker, quote, lead, person if _opens_with_pronoun(text) or _pronoun_speaks(text)
                     else None)


def _lead(text: str, before: str, pronoun_resolved: bool, limit: int) -> str | None:
    """The sentences `text` needs before it, verbatim from the paragraph; "" if it cannot stand; None if none."""
    if pronoun_resolved and not cues().reference.search(text) and not _CLOSING_ONLY.search(text):
        return None
    unattributed = not pronoun_resolved and _pronoun_speaks(text)  # "..., he said": who is he?
    if not unattributed and not depends_on_previous(text, before):
        return None
    lead_start = len(before.rstrip())
    for _ in range(limit):
        sentence = previous_sentence(before[:lead_start])
        if not sentence:
            return ""  # the first sentence of its paragraph leans on text that is not shown with it
        lead_start = before.rfind(sentence, 0, lead_start)
        if not depends_on_previous(sentence, before[:lead_start]):
            return before[lead_start:].strip()
    return ""


def _opens_with_pronoun(text: str) -> bool:
    return bool(re.match(r"^[\s\"“«]*(?:he|she|он|она)\b", text, re.I))


def _pronoun_speaks(text: str) -> bool:
    return any(cues().speech.match(m.group(2)) for m in _PRONOUN_SPEAKER.finditer(text))


def _pronoun_person(text: str, tags: dict[str, int], gazetteer: Gazetteer) -> str | None:
    """The one person a 'he'/'she' in this sentence can stand for: named just before, and alone."""
    if not re.search(r"\b(?:he|she|он|она)\b", text, re.I):
        return None
    own = [t for t, n in tags.items() if t.startswith("@person:") and n > 0]
    inherited = [t for t, n in tags.items() if t.startswith("@person:") and n == 0]
    if own:
        return None  # the sentence names its people itself
    if len(inherited) != 1:
        return None  # two presidents just named: "he" could be either
    entity = gazetteer.entity(inherited[0])
    return entity.name if entity else None


def _quotation(text: str) -> str | None:
    quoted = [m.group(1).strip() for m in _QUOTED.finditer(text)]
    quoted = [q for q in quoted if len(q.split()) >= MIN_QUOTE_WORDS]
    return max(quoted, key=len) if quoted else None


def speaker_of(text: str, tags: dict[str, int], gazetteer: Gazetteer, pronoun_person: str | None) -> str | None:
    """Who the sentence attributes its words to: a name next to a speech verb, or the person 'he' stands for."""
    c = cues()
    verbs = [m.start() for m in c.speech.finditer(text)]
    if not verbs:
        return None
    people = _people_named(text, tags, gazetteer) + _unlisted_people(text)
    if people:
        # the name closest to a speech verb, outside any quotation
        outside = [(p, name) for p, name in people if not _inside_quote(text, p)]
        if outside:
            return min(outside, key=lambda item: min(abs(item[0] - v) for v in verbs))[1]
    if pronoun_person and _pronoun_speaks(text):
        return pronoun_person
    return None


def _inside_quote(text: str, position: int) -> bool:
    return any(m.start() < position < m.end() for m in _QUOTED.finditer(text))


def _people_named(text: str, tags: dict[str, int], gazetteer: Gazetteer) -> list[tuple[int, str]]:
    found = []
    lowered = text.lower()
    for tag, count in tags.items():
        if not tag.startswith("@person:") or count == 0:
            continue
        entity = gazetteer.entity(tag)
        if entity is None:
            continue
        positions = [lowered.find(n.lower()) for n in entity.names if n.lower() in lowered]
        if positions:
            found.append((min(positions), entity.name))
    return found


_TITLED = LazyPattern(r"(?:said|says|added|noted|told|according to|заявил\w*|сказал\w*|отметил\w*|по словам)\s+"
                     r"(?:[a-zа-я.]+\s+){0,4}?((?:[A-ZА-ЯЁ][\w’'-]+\s){1,2}[A-ZА-ЯЁ][\w’'-]+)")


_BEFORE_VERB = LazyPattern(r"(?<![\w’'])((?:[A-ZА-ЯЁ][\w’'-]+\s){0,2}[A-ZА-ЯЁ][\w’'-]+),?\s+"
                          r"(?:said|says|added|noted|told|stressed|explained|argued|warned|заявил\w*|сказал\w*|"
                          r"отметил\w*|добавил\w*)\b")


def _unlisted_people(text: str) -> list[tuple[int, str]]:
    """'said Aidos Nurpeisov, ...', '..., Dzhuraev said.': a capitalised name beside a speech verb
    (one word only after a quotation: a surname the article named in full before)."""
    found = []
    matches = [(m, m.group(1)) for m in _TITLED.finditer(text)]
    matches += [(m, m.group(1)) for m in _BEFORE_VERB.finditer(text)
                if " " in m.group(1) or _after_quotation(text, m.start(1))]
    for match, name in matches:
        name = name.strip()
        words = name.lower().split()
        if any(w in cues().not_names or w in cues().organisation_words for w in words):
            continue
        found.append((match.start(1), name))
    return found


def _after_quotation(text: str, position: int) -> bool:
    return text[:position].rstrip().endswith((",\"", ",”", "”", "\"", "»", ",»"))


def full_name(surname: str, texts: list[str]) -> str:
    """The name in full that an article gave before using the surname alone ("Emilbek Dzhuraev")."""
    pattern = re.compile(r"\b((?:[A-ZА-ЯЁ][\w’'-]+\s){1,2})" + re.escape(surname) + r"\b")
    for text in texts:
        for match in pattern.finditer(text):
            first = match.group(1).split()
            while first and first[0].lower() in cues().not_names:
                first = first[1:]
            if first:
                return " ".join([*first, surname])
    return surname
