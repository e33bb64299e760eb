"""Regional knowledge as data: countries, places, people and topics.

The gazetteer lives in data/gazetteer.json; users extend it with their own file
of the same shape. Every name of an entity, in any spelling or script, is
compiled to a sequence of index terms, so that the indexer can tag mentions
and `ask` can expand a query from one spelling to all the others.

Some names hold another entity's name: "The Caspian Post" is an outlet, not
the Caspian Sea, and "The Astana Times" is not a mention of Astana. The file's
"masked_names" lists them; a masked name is matched like any other (longest
first) and so hides the names inside it, but tags nothing.

data/bilingual_terms.json pairs the coverage's key terms in English and Russian
(summit / саммит); `ask` adds a question's key terms in the other language. A
gazetteer file may add pairs of its own under "terms".
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any, NamedTuple, TypeVar

from c5brief.errors import InputError
from c5brief.hashing import files_digest, read_capped

MAX_ALIAS_TERMS = 6
MASK = "@mask"  # the tag of a masked name: matched, so the names inside it are not, and never counted


class TagTable(dict[tuple[str, ...], frozenset[str]]):
    """A name's term sequence -> the tags it stands for."""

    def __init__(self, entries: dict[tuple[str, ...], frozenset[str]]):
        super().__init__(entries)
        self.first_terms = frozenset(terms[0] for terms in entries)  # where a name can begin


TagMatch = tuple[int, int, frozenset[str]]  # (start, end, tags) of a name found in a term sequence
Entry = dict[str, Any]  # one country or topic as the JSON file gives it
Named = TypeVar("Named")


class Entity(NamedTuple):
    """Something the coverage names: a country, a place or a person."""

    tag: str  # the index token for its mentions, e.g. "@country:KZ"
    name: str
    kind: str  # "country", "capital", "place" or "person"
    country: str  # ISO code of the country it belongs to
    names: tuple[str, ...]
    role: str | None = None
    leader: bool = False


class Country(NamedTuple):
    id: str  # ISO 3166 alpha-2
    name: str
    full_name: str
    iso3: str
    group: str  # "C5", "+1" or "other"
    entities: tuple[Entity, ...]  # the country itself first, then capital, places, people

    @property
    def tag(self) -> str:
        return self.entities[0].tag

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(e.tag for e in self.entities)

    @property
    def leaders(self) -> tuple[Entity, ...]:
        return tuple(e for e in self.entities if e.leader)


class Topic(NamedTuple):
    id: str
    name: str
    keywords: tuple[str, ...]

    @property
    def tag(self) -> str:
        return f"@topic:{self.id}"


class Term(NamedTuple):
    """A key term of the coverage in both languages: words or phrases, base forms."""

    en: tuple[str, ...]
    ru: tuple[str, ...]


class Gazetteer(NamedTuple):
    countries: tuple[Country, ...]
    topics: tuple[Topic, ...]
    continuation_words: frozenset[str]  # a sentence opening with one continues the last one's subject
    pronouns: frozenset[str]  # ... and so does a sentence naming nobody that holds one of these
    # a sentence with no topic of its own that holds one of these continues the last one's topics
    reference_words: frozenset[str]
    fingerprint: str
    terms: tuple[Term, ...] = ()
    masked_names: tuple[str, ...] = ()  # names of other things that hold a listed name ("Astana Times")

    def entities(self) -> Iterable[Entity]:
        for country in self.countries:
            yield from country.entities

    def entity(self, tag: str) -> Entity | None:
        return next((e for e in self.entities() if e.tag == tag), None)

    def country(self, name: str) -> Country:
        """The country called `name` in any listed form (name, ISO code, demonym, spelling)."""
        return _resolve(name, self.countries, _country_keys, "country", "c5brief countries", lambda c: c.name)

    def topic(self, name: str) -> Topic:
        return _resolve(name, self.topics, _topic_keys, "topic", "c5brief topics", lambda t: t.id)

    def topic_named(self, name: str) -> Topic:
        """The topic whose id or name this is ("minerals", "critical minerals"), not one of its keywords:
        "Jackson-Vanik" is a subject of its own, though the trade topic lists it."""
        return _resolve(name, self.topics, _topic_names, "topic", "c5brief topics", lambda t: t.id)


def load_gazetteer(extra: Sequence[str] = ()) -> Gazetteer:
    """Read and merge the package's, the config folder's and these gazetteer files."""
    from c5brief.paths import gazetteer_files

    return load_files(gazetteer_files(tuple(extra)))


def load_files(paths: tuple[str, ...]) -> Gazetteer:
    return _load(tuple(paths))


@lru_cache(maxsize=4)
def _load(paths: tuple[str, ...]) -> Gazetteer:
    from c5brief.paths import bilingual_terms_file

    merged: dict[str, list[Any]] = {"countries": [], "topics": [], "continuation_words": [], "pronouns": [],
                                    "reference_words": [], "terms": [], "masked_names": []}
    for path in paths:
        _merge(merged, _parse(_read(path), path), path)
    bilingual = bilingual_terms_file()
    _merge(merged, _parse(_read(bilingual), bilingual), bilingual)
    countries = tuple(_country(c) for c in merged["countries"])
    topics = tuple(Topic(t["id"], t["name"], tuple(t.get("keywords", ()))) for t in merged["topics"])
    words = frozenset(w.lower() for w in merged["continuation_words"])
    pronouns = frozenset(w.lower() for w in merged["pronouns"])
    references = frozenset(w.lower() for w in merged["reference_words"])
    terms = tuple(Term(tuple(t.get("en", ())), tuple(t.get("ru", ()))) for t in merged["terms"])
    masked = tuple(dict.fromkeys(merged["masked_names"]))
    return Gazetteer(countries, topics, words, pronouns, references, files_digest((*paths, bilingual)), terms,
                     masked)


def _read(path: str) -> bytes:
    return read_capped(path, f"gazetteer {path}")


def _parse(raw: bytes, path: str) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"gazetteer {path}: not valid JSON ({exc})") from exc
    except RecursionError as exc:
        raise InputError(f"gazetteer {path}: nested too deeply to be a gazetteer") from exc
    if not isinstance(data, dict):
        raise InputError(f"gazetteer {path}: expected a JSON object with 'countries' and/or 'topics'")
    _check_shape(data, _SHAPE, path, "")
    parsed: dict[str, Any] = data
    return parsed


_NAMES = [str]
_SHAPE: dict[str, Any] = {
    "about": str, "continuation_words": _NAMES, "pronouns": _NAMES, "reference_words": _NAMES,
    "masked_names": _NAMES,
    "countries": [{"id": str, "name": str, "full_name": str, "iso3": str, "group": str, "names": _NAMES,
                   "demonyms": _NAMES, "capital": {"name": str, "names": _NAMES},
                   "places": [{"name": str, "names": _NAMES}],
                   "people": [{"name": str, "role": str, "leader": bool, "names": _NAMES}]}],
    "topics": [{"id": str, "name": str, "keywords": _NAMES}],
    "terms": [{"en": _NAMES, "ru": _NAMES}],
}
_KINDS = {str: "a string", bool: "true or false", list: "a list", dict: "an object"}


def _check_shape(value: Any, shape: Any, path: str, where: str) -> None:
    """What a gazetteer file holds has the shape the built-in one has (keys it does not know are
    ignored), so a name is a string wherever one is read: one line naming the place, not a crash."""
    kind = type(shape) if isinstance(shape, (list, dict)) else shape
    if not isinstance(value, kind):
        raise InputError(f"gazetteer {path}: {where or 'the file'} must be {_KINDS[kind]}, "
                         f"not {json.dumps(value)[:40]}")
    if isinstance(shape, list):
        for number, item in enumerate(value):
            _check_shape(item, shape[0], path, f"{where}[{number}]")
    elif isinstance(shape, dict):
        for key, inner in shape.items():
            if key in value:
                _check_shape(value[key], inner, path, f"{where}.{key}" if where else key)


def _merge(merged: dict[str, list[Any]], data: dict[str, Any], path: str) -> None:
    """Add a file's entries; an entry whose id exists gains the new names and keywords."""
    for section, key in (("countries", "id"), ("topics", "id")):
        items = data.get(section, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) and i.get(key) for i in items):
            raise InputError(f"gazetteer {path}: '{section}' must be a list of objects, each with an 'id'")
        for item in items:
            existing = next((e for e in merged[section] if e[key].lower() == item[key].lower()), None)
            if existing is None:
                _require(item, ("name",), path)
                merged[section].append(item)
            else:
                _extend(existing, item)
    for words in ("continuation_words", "pronouns", "reference_words", "masked_names"):
        merged[words] += [w for w in data.get(words, []) if isinstance(w, str)]
    terms = data.get("terms", [])
    if not isinstance(terms, list) or not all(isinstance(t, dict) for t in terms):
        raise InputError(f"gazetteer {path}: 'terms' must be a list of {{\"en\": [...], \"ru\": [...]}} objects")
    merged["terms"] += terms


def _require(item: Entry, keys: tuple[str, ...], path: str) -> None:
    missing = [k for k in keys if not item.get(k)]
    if missing:
        raise InputError(f"gazetteer {path}: entry {item.get('id')!r} lacks {', '.join(missing)}")


def _extend(existing: Entry, addition: Entry) -> None:
    for field, value in addition.items():
        if isinstance(value, list) and isinstance(existing.get(field), list):
            existing[field] = existing[field] + [v for v in value if v not in existing[field]]
        elif field == "capital" and isinstance(value, dict) and isinstance(existing.get("capital"), dict):
            names = existing["capital"].get("names", []) + value.get("names", [])
            existing["capital"] = {**existing["capital"], "names": list(dict.fromkeys(names))}
        elif field not in existing:
            existing[field] = value


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _country(item: Entry) -> Country:
    iso = item["id"].upper()
    own_names = tuple(dict.fromkeys([item["name"], *item.get("names", []), *item.get("demonyms", [])]))
    entities = [Entity(f"@country:{iso}", item["name"], "country", iso, own_names)]
    capital = item.get("capital")
    if capital:
        names = tuple(dict.fromkeys([capital["name"], *capital.get("names", [])]))
        entities.append(Entity(f"@place:{iso}:{_slug(capital['name'])}", capital["name"], "capital", iso, names))
    for place in item.get("places", []):
        names = tuple(dict.fromkeys([place["name"], *place.get("names", [])]))
        entities.append(Entity(f"@place:{iso}:{_slug(place['name'])}", place["name"], "place", iso, names))
    for person in item.get("people", []):
        names = tuple(dict.fromkeys([person["name"], *person.get("names", [])]))
        entities.append(Entity(f"@person:{iso}:{_slug(person['name'])}", person["name"], "person", iso, names,
                               person.get("role"), bool(person.get("leader"))))
    return Country(iso, item["name"], item.get("full_name") or item["name"], item.get("iso3", ""),
                   item.get("group", "other"), tuple(entities))


def _country_keys(country: Country) -> list[str]:
    return [country.id, country.iso3, country.name, country.full_name, *country.entities[0].names]


def _topic_keys(topic: Topic) -> list[str]:
    return [topic.id, topic.name, *topic.keywords]


def _topic_names(topic: Topic) -> list[str]:
    name = _normal(topic.name)
    return [topic.id, topic.name, *(k for k in topic.keywords if _normal(k) in name)]


def _normal(text: str) -> str:
    from c5brief.analyze import fold

    if text.strip().lower() == "us":
        text = "US"  # a name asked for is never the pronoun: `c5brief country us`
    return " ".join(fold(word) for word in re.split(r"[\s\-_]+", text.strip()) if word)


def _resolve(name: str, items: Sequence[Named], keys: Callable[[Named], list[str]], kind: str, listing: str,
             shown: Callable[[Named], str]) -> Named:
    wanted = _normal(name)
    for item in items:
        if wanted in {_normal(k) for k in keys(item) if k}:
            return item
    import difflib

    choices = {_normal(k): item for item in items for k in keys(item) if k}
    close = difflib.get_close_matches(wanted, list(choices), n=3, cutoff=0.75)
    suggestions = list(dict.fromkeys(_normal(shown(choices[c])) for c in close))
    hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else f"; see `{listing}`"
    raise InputError(f"unknown {kind} {name!r}{hint}")


def compile_tags(gazetteer: Gazetteer, terms_of: Callable[[str], list[str]]) -> TagTable:
    """Map each name's and keyword's term sequence to the tags it stands for (MASK for a masked name)."""
    table: dict[tuple[str, ...], set[str]] = {}
    named = [(e.tag, e.names) for e in gazetteer.entities()]
    named += [(t.tag, (t.name, *t.keywords)) for t in gazetteer.topics]
    for tag, names in named:
        for name in names:
            terms = tuple(terms_of(name))
            if 0 < len(terms) <= MAX_ALIAS_TERMS:
                table.setdefault(terms, set()).add(tag)
    for name in gazetteer.masked_names:
        terms = tuple(terms_of(name))
        if 0 < len(terms) <= MAX_ALIAS_TERMS:
            table[terms] = {MASK}  # a masked name is another thing, whatever else its words name
    return TagTable({terms: frozenset(tags) for terms, tags in table.items()})


def compile_translations(gazetteer: Gazetteer, terms_of: Callable[[str], list[str]]
                         ) -> list[tuple[str, str, str]]:
    """(terms, the other language's terms, that phrase as written) for every pair of key terms."""
    rows: dict[tuple[str, str], str] = {}
    for term in gazetteer.terms:
        for sources, targets in ((term.en, term.ru), (term.ru, term.en)):
            for source in sources:
                key = " ".join(terms_of(source))
                for target in targets:
                    other = " ".join(terms_of(target))
                    if key and other and key != other and len(key.split()) <= MAX_ALIAS_TERMS:
                        rows.setdefault((key, other), target)
    return [(key, other, shown) for (key, other), shown in rows.items()]


def find_tags(terms: Sequence[str], table: TagTable) -> list[TagMatch]:
    """Longest matches of known names in a term sequence: (start, end, tags); masked names are passed over."""
    found = []
    position = 0
    first_terms = table.first_terms
    while position < len(terms):
        if terms[position] not in first_terms:  # most terms begin no name: the lookups below would all miss
            position += 1
            continue
        for length in range(min(MAX_ALIAS_TERMS, len(terms) - position), 0, -1):
            tags = table.get(tuple(terms[position:position + length]))
            if tags:
                if MASK not in tags:
                    found.append((position, position + length, tags))
                position += length
                break
        else:
            position += 1
    return found
