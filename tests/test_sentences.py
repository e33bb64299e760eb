import pytest

from c5brief.sentences import split_sentences


@pytest.mark.parametrize("text, expected", [
    ("Kazakhstan's president Kassym-Jomart Tokayev meets with U.S. Secretary of State Marco Rubio in Washington.", 1),
    ("Uzbek President Shavkat Mirziyoyev was the first regional leader to land in Washington, arriving on Nov. 4. "
     "He was due to meet with U.S. lawmakers and corporate executives on Nov. 5 before participating.", 2),
    ("The summit was first confirmed on Oct. 26. The same day two top U.S. diplomats began a tour.", 2),
    ("In his Sept. 8 address, Tokayev set targets. He said so twice.", 2),
    ("Officials in the U.S. and the U.K. agreed. Talks resume in Dec. next year.", 2),
    ("The five presidents attended the U.S. (C5+1) Summit and discussed critical minerals.", 1),
    ("Tokayev met the U.S. President in the Oval Office. They signed two agreements.", 2),
    ("Vice President J. D. Vance hosted the dinner. Rubio spoke first.", 2),
    ("Vice President J.D. Vance hosted the dinner. Rubio spoke first.", 2),
    ("The leaders met in Washington, D.C. on Thursday. The U.A.E. sent an observer.", 2),
    ("The deal is worth $1.5 billion over 10 years. Growth reached 3.5% in 2024.", 2),
    ("Talks opened on Sept. 8 and closed on Nov. 6, 2025. No date was set.", 2),
    ("В 2025 г. президенты встретились в Вашингтоне. Переговоры продолжатся.", 2),
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


@pytest.mark.parametrize("text", [
    "Talks were held in the U.S. The leaders then flew home.",
    "He landed in Washington, D.C. But the summit had already begun.",
    "She said it was worth it, etc. However, not everyone agreed.",
])
def test_an_abbreviation_ends_a_sentence_before_a_sentence_starter(text):
    assert len(split_sentences(text)) == 2, split_sentences(text)


def test_the_lists_are_data_and_change_the_fingerprint(monkeypatch):
    from c5brief import sentences

    assert {"u.s", "nov", "sept"} <= sentences.abbreviations()
    assert "the" in sentences.sentence_starters() and "president" not in sentences.sentence_starters()
    before = sentences.fingerprint()
    monkeypatch.setattr(sentences, "sentence_starters", lambda: frozenset({"the"}))
    assert sentences.fingerprint() != before
