"""Properties of the loader and chunker that must hold for any input, not just the seeds."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from c5brief.chunk import chunk_text
from c5brief.errors import FileRefused
from c5brief.ingest import Prepared, Refusal, prepare_bytes
from c5brief.load import decode, document_from_bytes
from c5brief.models import PARAGRAPH_KINDS
from c5brief.webpage import html_to_text

pytestmark = pytest.mark.slow

# Words that cannot be read as metadata labels, dates, URLs or teaser markers,
# so every one of them must come out as text somewhere.
RESERVED = {"published", "originally", "first", "source", "publisher", "outlet", "url", "link", "original",
            "canonical", "related", "read", "more", "see", "also", "photo", "image", "picture", "caption",
            "credit", "photograph", "illustration", "by", "on", "in", "this", "story", "article", "piece",
            "report", "was", "is", "title", "subtitle", "date", "images", "photos", "pictures", "credits"}
WORD = st.from_regex(r"[A-Za-z][a-z]{1,9}", fullmatch=True).filter(lambda w: w.lower() not in RESERVED)
PUNCTUATION = st.sampled_from(["", "", "", ",", ".", ";", "!", "?", "'s"])
SEPARATOR = st.sampled_from([" ", " ", " ", " ", "\n", "\n\n", "\n\n\n", "  ", "\t", "\r\n", "\r\n\r\n"])
DOCUMENT = st.lists(st.tuples(WORD, PUNCTUATION, SEPARATOR), min_size=1, max_size=120)
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def words_of(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]+", text)


@SETTINGS
@given(DOCUMENT)
def test_every_word_ends_up_in_a_passage_or_the_metadata(parts):
    text = "".join(word + mark + gap for word, mark, gap in parts)
    chunked = chunk_text(text)
    meta = chunked.metadata
    kept = " ".join([*(t for _, t in chunked.passages), meta.title or "", meta.subtitle or "",
                     meta.source or ""])
    found = set(words_of(kept))
    assert [w for w in words_of(text) if w not in found] == []


@SETTINGS
@given(DOCUMENT)
def test_passages_are_never_empty_and_keep_word_order(parts):
    text = "".join(word + mark + gap for word, mark, gap in parts)
    passages = [t for _, t in chunk_text(text).passages]
    assert all(p.strip() and p == p.strip() for p in passages)
    body_words = words_of(" ".join(passages))
    all_words = words_of(text)
    iterator = iter(all_words)
    assert all(word in iterator for word in body_words)  # a subsequence: nothing reordered


@SETTINGS
@given(st.text(max_size=2000))
def test_any_text_chunks_without_error(text):
    chunked = chunk_text(text)
    assert chunked.metadata.title is not None
    assert all(kind in PARAGRAPH_KINDS for kind, _ in chunked.passages)


@SETTINGS
@given(st.binary(max_size=3000))
def test_any_bytes_decode_and_load_without_error(data):
    assert isinstance(decode(data), str)
    try:
        document = document_from_bytes(data, "/x/any.txt", "library")
    except FileRefused as refused:  # binary data is refused with a reason, never read as junk
        assert refused.reason and "\n" not in refused.reason
        return
    assert [p.number for p in document.paragraphs] == list(range(1, len(document.paragraphs) + 1))


@SETTINGS
@given(st.binary(max_size=3000), st.sampled_from(["a.txt", "a.md", "a.html"]))
def test_any_file_is_either_prepared_or_refused_with_a_reason(data, name):
    result = prepare_bytes(data, f"/x/{name}")
    assert isinstance(result, (Prepared, Refusal))
    if isinstance(result, Refusal):
        assert result.reason and "\n" not in result.reason
    else:
        assert result.document.paragraphs


@SETTINGS
@given(st.text(max_size=2000))
def test_any_markup_gives_text_without_error(markup):
    assert isinstance(html_to_text("<html><body>" + markup + "</body></html>"), str)
