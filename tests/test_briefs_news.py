"""Briefs on multi-outlet coverage (tests/fixtures/coverage, our own wording; see coverage_expected.md)."""

import pytest

from c5brief.briefs.assemble import country_brief, topic_brief
from c5brief.corpus import CorpusSpec
from conftest import FIXTURES


@pytest.fixture
def news(cache_dir):
    return CorpusSpec(paths=(str(FIXTURES / "coverage"),), seeds=False, cache_dir=str(cache_dir))


def points(brief):
    return [*brief.key_points, *(p for s in brief.sections for p in s.points)]


def test_the_outcome_leads_reported_once_with_every_outlet(news):
    brief = country_brief("kazakhstan", news)
    lead = brief.key_points[0]
    assert "signed" in lead.text and "Steppe Tungsten Partners" in lead.text and lead.kind == "outcome"
    assert lead.outlets >= 2 and len(lead.citations) >= 2
    signings = [p for p in points(brief) if "Steppe Tungsten Partners signed" in p.text]
    assert len(signings) == 1  # the same statement from several outlets is one point


def test_forecasts_never_pass_for_results(news):
    brief = country_brief("kazakhstan", news, 1000)
    assert all(p.kind != "forecast" for p in brief.key_points)
    expected = [p for p in points(brief) if "is expected to sign" in p.text or "will probably try" in p.text]
    assert expected and all(p.kind == "forecast" for p in expected)
    assert all("is expected to" not in e.text for e in brief.timeline)


def test_the_deal_is_one_row_with_parties_amount_and_status(news):
    deals = [d for d in country_brief("kazakhstan", news).deals if d.instrument == "joint venture"]
    assert len(deals) == 1
    deal = deals[0]
    assert "Steppe Tungsten Partners" in deal.parties and "Kazakhstan" in deal.parties
    assert deal.amount and "1.1" in deal.amount and deal.currency == "USD" and deal.status == "signed"
    assert len({c.split(".p")[0] for c in deal.citations}) >= 3  # three outlets, one in Russian


def test_a_claim_stays_attributed(news):
    brief = country_brief("uzbekistan", news, 1000)
    claims = [p for p in points(brief) if "$40 billion" in p.text and "Trump" in p.text]
    assert claims and all(p.kind == "claim" for p in claims)
    assert any(len(p.citations) >= 2 for p in claims)  # the claim and its denial are one statement, both cited
    deals = [d for d in brief.deals if d.amount and "40" in d.amount]
    assert deals and deals[0].status == "claimed"


def test_quotes_have_their_speakers(news):
    quotes = country_brief("kazakhstan", news, 1000).quotes
    assert any(q.speaker == "Kassym-Jomart Tokayev" and "finished metal" in q.text for q in quotes)
    assert all(q.speaker for q in quotes)


def test_they_is_shown_with_the_sentence_naming_both(news):
    brief = country_brief("kazakhstan", news, 1000)
    trade_house = [p for p in points(brief) if "joint trade house" in p.text]
    assert trade_house
    for point in trade_house:
        assert "They [" not in point.text
        assert "Mirziyoyev" in point.text and "Tokayev" in point.text


def test_timeline_is_dated_and_in_order(news):
    timeline = country_brief("kazakhstan", news, 1000).timeline
    dates = [e.date for e in timeline]
    assert dates == sorted(dates)
    assert "2023-09" in dates
    signing = [e for e in timeline if "signed" in e.text and "Steppe Tungsten Partners" in e.text]
    assert signing and signing[0].date == "2025-11-06"  # "on Thursday" in a report of 7 November


def test_names_the_gazetteer_lacks_are_listed(news):
    brief = country_brief("kazakhstan", news, 1000)
    assert "Steppe Tungsten Partners" in brief.entities
    assert "Aidos Nurpeisov" in brief.entities
    assert not {"Steppe Wire", "Caspian Ledger"} & set(brief.entities)  # outlets are not parties


def test_header_counts_outlets_and_the_date_range(news):
    brief = country_brief("kazakhstan", news)
    assert brief.outlets >= 5 and brief.first_date == "2025-11-01" and brief.last_date == "2025-12-03"


def test_any_subject_gets_a_brief_of_the_same_shape(news):
    brief = topic_brief("tungsten", news)
    assert brief.kind == "subject" and brief.key_points
    assert any(d.instrument == "joint venture" for d in brief.deals)
    assert "not a gazetteer topic" in brief.notes[-1]


def test_a_large_brief_covers_every_topic_the_country_has(news):
    from c5brief.briefs.coverage import coverage_matrix
    from c5brief.corpus import gazetteer

    matrix = coverage_matrix(news)
    row = matrix.counts[matrix.countries.index("Kazakhstan")]
    brief = country_brief("kazakhstan", news, 5000)
    headings = {s.heading for s in brief.sections}
    key_text = " ".join(p.text for p in brief.key_points).lower()
    topics = {t.id: t for t in gazetteer(news).topics}
    counted = [topic for topic, count in zip(matrix.topics, row, strict=True) if count]
    assert counted
    for topic in counted:
        t = topics[topic]
        assert t.name in headings or any(k.lower() in key_text for k in t.keywords), t.name


def test_russian_reports_are_dated_quoted_and_marked(news, cache_dir):
    timeline = country_brief("kazakhstan", news, 1000).timeline
    russian = [e for e in timeline if e.language == "ru" and "подписали" in e.text]
    assert russian and russian[0].date == "2025-11-06"  # "в четверг" in a report of 7 November
    spec = CorpusSpec(paths=(str(FIXTURES / "russian"),), seeds=False, cache_dir=str(cache_dir))
    quotes = country_brief("russia", spec).quotes
    assert any(q.speaker == "Dmitry Peskov" and q.language == "ru" for q in quotes)  # "— заявил ... Песков"


def test_a_story_retold_by_many_outlets_cites_one_report_of_each_up_to_five(tmp_path, cache_dir):
    story = ("Kazakhstan and the US firm Steppe Tungsten Partners signed a joint venture agreement on Thursday "
             "to develop the Upper Kairakty tungsten deposit.")
    for n in range(8):
        second = "\n\nThe deal was announced at the White House." if n % 2 else ""
        (tmp_path / f"{n}.md").write_text(f"---\ntitle: Tungsten deal {n}\ndate: 2025-11-07\nsource: Outlet {n}\n"
                                          f"---\n\n{story}{second}\n\n{story}\n", encoding="utf-8")
    spec = CorpusSpec(paths=(str(tmp_path),), seeds=False, cache_dir=str(cache_dir))
    lead = country_brief("kazakhstan", spec).key_points[0]
    assert "Steppe Tungsten Partners signed" in lead.text
    assert lead.outlets == 8  # every outlet counted
    documents = [c.split(".p")[0] for c in lead.citations]
    assert len(documents) == 5 and len(set(documents)) == 5  # five cited, one report of each outlet


def test_a_sentence_inside_a_quotation_is_never_shown_without_its_speaker(tmp_path, cache_dir):
    (tmp_path / "post.md").write_text(
        "---\ntitle: A post on trade\ndate: 2025-11-08\nsource: Oxus Daily\n---\n\n"
        "In a post on his social network on Friday, Trump wrote about the deal with Uzbekistan:\n\n"
        '"I am delighted to announce a historic trade deal with Uzbekistan. Within five years, Uzbekistan '
        'will buy and invest nearly $20 billion in American industries, from aircraft to farm machinery. '
        'A great day for both countries!"\n\n'
        "Neither government has confirmed the figure, and Uzbekistan's ministry of investment published no "
        "details of the deal.\n", encoding="utf-8")
    spec = CorpusSpec(paths=(str(tmp_path),), seeds=False, cache_dir=str(cache_dir))
    brief = country_brief("uzbekistan", spec, 1000)
    shown = [*points(brief), *brief.timeline, *brief.deals]
    assert shown and not any("Within five years" in p.text or "I am delighted" in p.text for p in shown)
    assert any("Neither government has confirmed" in p.text for p in points(brief))
