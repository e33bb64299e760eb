"""Evaluation: questions about the seeds, each answered by one known passage.

The expected passage is named by a phrase it contains, not by its id, so the
test checks what a reader would check: is the answering paragraph among the
top three? It runs on the seeds alone and again with the 2,225 BBC articles
of ../shared/data/bbc-news added as distractors.
"""

import pytest

from c5brief.corpus import CorpusSpec
from c5brief.retrieve import SearchOptions, ask
from conftest import BBC, needs_bbc

# (question, a phrase from the passage that answers it)
QUESTIONS = [
    # keyword questions
    ("Jackson-Vanik", "remove Jackson-Vanik trade status"),
    ("Jackson Vanik trade status Astana", "remove Jackson-Vanik trade status"),
    ("Caspian Sea water level", "Caspian Sea's receding water level"),
    ("Middle Corridor", "threat to trade along the Middle Corridor"),
    ("Aktau port", "including Aktau"),
    ("Taliban Afghanistan seaport", "stands between Central Asia and access to a seaport"),
    ("90-day visas", "single-entry, 90-day visas"),
    ("10-year multi-entry visas Kyrgyz citizens", "no longer eligible to receive 10-year"),
    ("sanctions Kyrgyz banking sector", "sanctions on the Kyrgyz banking sector"),
    ("Emilbek Dzhuraev OSCE Academy", "OSCE Academy in Bishkek"),
    ("Movement for Reform and Growth", "Movement for Reform and Growth"),
    ("Doug Burgum National Energy Dominance Council", "National Energy Dominance Council"),
    ("Erlan Akkezhenov", "Erlan Akkezhenov"),
    ("Sergio Gor Christopher Landau", "A swift visit by U.S. Special Envoy"),
    ("Kuyrektykol Karaganda", "Kuyrektykol site in the Karaganda region"),
    ("Sanae Takaichi", "Sanae Takaichi"),
    ("Ursula von der Leyen", "Ursula von der Leyen"),
    ("Economic Course of Fair Kazakhstan", "The Economic Course of Fair Kazakhstan"),
    ("C5+1 format White House summit", "occurring under the C5+1 format"),
    ("cultural-educational exchanges managerial class", "cultural-educational exchanges"),
    # paraphrased questions
    ("Which leader arrived in Washington first?", "first regional leader to land in Washington"),
    ("What trade restriction does Kazakhstan want Congress to lift?", "remove Jackson-Vanik trade status"),
    ("Why might the Caspian Sea matter for shipping?", "lower water levels complicate cargo ship access"),
    ("What do Central Asian leaders think about engaging the Taliban?",
     "the Taliban needs to be engaged with"),
    ("Why has the U.S. refused to recognize the Taliban government?", "especially concerning women"),
    ("Will human rights be discussed at the summit?", "human rights/political freedom"),
    ("What did the Tajik opposition group ask Trump to do?", "urge the release of political prisoners"),
    ("Who phoned Putin after the correspondence with Trump became public?",
     "held a phone call with Russian President Vladimir Putin"),
    ("How many enterprises did Tokayev order to produce high-tech goods?",
     "at least three enterprises within three years"),
    ("Where are rare earth materials often found?", "often found underwater"),
    ("When was the summit first confirmed?", "first confirmed on Oct. 26"),
    ("Does China's role make a zero-sum minerals strategy backfire?", "strategy would backfire"),
    ("What is the strategic realignment behind the summit?", "wider strategic realignment"),
    ("How many promising deposits did Kazakh geologists identify in 2024?", "38 promising solid mineral deposits"),
]


def _rank_of(question, spec):
    hits = ask(question, spec, SearchOptions(limit=3)).hits
    return [h.paragraph.text for h in hits]


def _misses(spec):
    misses = []
    for question, phrase in QUESTIONS:
        texts = _rank_of(question, spec)
        if not any(phrase in text for text in texts):
            misses.append((question, phrase, [t[:60] for t in texts]))
    return misses


def test_there_are_at_least_thirty_questions():
    assert len(QUESTIONS) >= 30
    assert len({q for q, _ in QUESTIONS}) == len(QUESTIONS)


def test_answers_rank_in_the_top_three_on_the_seeds(cache_dir):
    assert _misses(CorpusSpec(cache_dir=str(cache_dir))) == []


@pytest.mark.slow
@needs_bbc()
def test_answers_rank_in_the_top_three_among_bbc_distractors(cache_dir):
    assert _misses(CorpusSpec(paths=(str(BBC),), cache_dir=str(cache_dir))) == []


def test_every_expected_phrase_exists_in_the_seeds():
    # Guards the evaluation itself: a typo in a phrase would make a question unanswerable.
    from c5brief.seeds import seed_documents

    texts = [p.text for document in seed_documents() for p in document.paragraphs]
    assert [ph for _, ph in QUESTIONS if not any(ph in t for t in texts)] == []
