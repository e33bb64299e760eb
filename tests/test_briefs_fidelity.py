"""Every statement of every brief is verbatim from the first paragraph it cites (insertions in brackets aside)."""

import re

import pytest

from c5brief.briefs.assemble import country_brief, subject_brief, topic_brief
from c5brief.corpus import CorpusSpec, gazetteer, using_corpus
from conftest import FIXTURES

INSERTION = re.compile(r" \[[^\]]*\]")
CORPORA = {
    "seeds": {},
    "coverage": {"paths": (str(FIXTURES / "coverage"),), "seeds": False},
    "russian": {"paths": (str(FIXTURES / "russian"),), "seeds": False},
}


def paragraph_texts(spec):
    def read(corpus):
        index = corpus.index
        return {p.id: " ".join(p.text.split()) for doc in index.iter_documents() for p in index.paragraphs_of(doc.id)}
    return using_corpus(spec, read)


def shown_items(brief):
    for point in (*brief.key_points, *(p for s in brief.sections for p in s.points)):
        yield point.text, point.citations
    for item in (*brief.timeline, *brief.deals):
        yield item.text, item.citations
    for quote in brief.quotes:
        yield quote.text, quote.citations


@pytest.mark.parametrize("corpus", CORPORA)
def test_every_brief_is_verbatim(corpus, cache_dir):
    spec = CorpusSpec(cache_dir=str(cache_dir), **CORPORA[corpus])
    texts = paragraph_texts(spec)
    gz = gazetteer(spec)
    briefs = [country_brief(c.id, spec, length) for c in gz.countries if c.group in ("C5", "+1")
              for length in (300, 1000)]
    briefs += [topic_brief(t.id, spec) for t in gz.topics]
    briefs += [subject_brief(words, spec) for words in ("tungsten", "Jackson-Vanik", "вольфрам")]
    checked = 0
    for brief in briefs:
        for text, citations in shown_items(brief):
            assert citations, f"uncited: {text}"
            source = texts[citations[0]]
            ours = [m.group() for m in INSERTION.finditer(text) if m.group().strip() not in source]
            plain = text
            for insertion in ours:
                plain = plain.replace(insertion, "", 1)
            assert " ".join(plain.split()) in source, f"not verbatim in {citations[0]}: {text}"
            checked += 1
    assert checked > 20


@pytest.mark.parametrize("corpus", CORPORA)
def test_insertions_are_only_names_after_a_pronoun(corpus, cache_dir):
    spec = CorpusSpec(cache_dir=str(cache_dir), **CORPORA[corpus])
    texts = paragraph_texts(spec)
    gz = gazetteer(spec)
    people = {e.name for e in gz.entities() if e.kind == "person"}
    for country in gz.countries:
        if country.group not in ("C5", "+1"):
            continue
        for text, citations in shown_items(country_brief(country.id, spec, 1000)):
            for match in re.finditer(r"(\w+) \[([^\]]*)\]", text):
                if match.group() in texts[citations[0]]:
                    continue  # the outlet's own brackets
                assert match.group(1).lower() in ("he", "she", "он", "она"), text
                assert match.group(2) in people, text  # a country is never inserted for a person
