"""Coverage listings and the country x topic matrix."""

import pytest

from c5brief.briefs.coverage import country_coverage, coverage_matrix, topic_coverage
from c5brief.corpus import CorpusSpec


@pytest.fixture
def seeds(cache_dir):
    return CorpusSpec(cache_dir=str(cache_dir))


def test_coverage_listings_and_matrix(seeds):
    countries = {r.name: r for r in country_coverage(seeds).rows}
    assert countries["Kazakhstan"].passages > countries["Turkmenistan"].passages == 1
    assert countries["Kazakhstan"].documents == 2
    assert "Kassym-Jomart Tokayev" in countries["Kazakhstan"].detail
    topics = {r.id: r for r in topic_coverage(seeds).rows}
    assert topics["minerals"].passages >= 5
    matrix = coverage_matrix(seeds)
    cell = dict(zip(matrix.countries, matrix.counts, strict=True))
    rights = matrix.topics.index("rights")
    assert cell["Tajikistan"][rights] >= 1 and cell["Kazakhstan"][rights] == 0
    assert len(coverage_matrix(seeds, everything=True).countries) > len(matrix.countries)
