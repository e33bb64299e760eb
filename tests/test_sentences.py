import pytest

from c5brief.sentences import split_sentences


@pytest.mark.parametrize("text, expected", [
    ("Kazakhstan's president Kassym-Jomart Tokayev meets with U.S. Secretary of State Marco Rubio in Washington.", 1),
    ("Uzbek President Shavkat Mirziyoyev was the first regional leader to land in Washington, arriving on Nov. 4. "
     "He was due to meet with U.S. lawmakers and corporate executives on Nov. 5 before participating.", 2),
    ("The summit was first confirmed on Oct. 26. The same day two top U.S. diplomats began a tour.", 2),
    ("In his Sept. 8 address, Tokayev set targets. He said so twice.", 2),
    ("Officials in the U.S. and the U.K. agreed. Talks resume in Dec. next year.", 2),
])
def test_abbreviations_do_not_end_sentences(text, expected):
    sentences = split_sentences(text)
    assert len(sentences) == expected, sentences
    assert "".join(s.replace(" ", "") for s in sentences) == text.replace(" ", "")


def test_quotes_close_sentences():
    text = ("\u201cGiven global trends, rare earth metals are important.\u201d "
            "In this area, Kazakhstan has opportunities.")
    assert len(split_sentences(text)) == 2


def test_empty_text_has_no_sentences():
    assert split_sentences("   ") == []
