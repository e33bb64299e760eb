"""What a sentence states: kind, speaker, quotation and the sentence it leans on."""

import pytest

from c5brief.gazetteer import load_gazetteer
from c5brief.statements import CLAIM, FORECAST, OUTCOME, REPORT, analyse, kind_of, previous_sentence

GZ = load_gazetteer()
TOKAYEV = next(e.tag for e in GZ.entities() if e.name == "Kassym-Jomart Tokayev")
TRUMP = next(e.tag for e in GZ.entities() if e.name == "Donald Trump")


@pytest.mark.parametrize("text, kind", [
    ("Kazakhstan and the US signed a memorandum on critical minerals.", OUTCOME),
    ("Казахстан и США подписали меморандум о критических минералах.", OUTCOME),
    ("Kazakhstan is expected to sign a memorandum on critical minerals.", FORECAST),
    ("Tokayev will probably try to raise the Jackson-Vanik amendment.", FORECAST),
    ("Ожидается, что стороны подпишут соглашение.", FORECAST),
    ("Trump said on social media that Uzbekistan will buy $40 billion of US goods.", CLAIM),
    ("Tashkent has not confirmed the figure.", CLAIM),
    ("The deposit lies in the Karaganda region.", REPORT),
    ("The topic also featured at the Central Asia-Italy summit in May, where Tokayev proposed a centre.", REPORT),
    ("Kazakhstan may sign a memorandum in May.", FORECAST),
    ("The company takes a majority stake in the venture, which will mine the ore.", REPORT),  # "will" alone
])
def test_kinds(text, kind):
    assert kind_of(text) == kind


def test_he_said_is_the_one_person_named_just_before():
    said = analyse("“We want to sell finished metal,” he said.", "Tokayev spoke at the forum. ", {TOKAYEV: 0}, GZ)
    assert said.speaker == "Kassym-Jomart Tokayev" and said.pronoun_name == "Kassym-Jomart Tokayev"
    assert said.quote == "We want to sell finished metal,"


def test_he_after_two_people_is_nobody_and_the_sentence_comes_with_its_lead():
    said = analyse("“We value this partnership greatly,” he noted.", "Tokayev met Trump. ", {TOKAYEV: 0, TRUMP: 0}, GZ)
    assert said.speaker is None and said.pronoun_name is None
    assert said.lead == "Tokayev met Trump."


def test_they_is_never_one_name():
    they = analyse("They also agreed to set up a trade house.", "Tokayev and Trump met at the embassy. ",
                   {TOKAYEV: 0, TRUMP: 0}, GZ)
    assert they.pronoun_name is None and they.lead == "Tokayev and Trump met at the embassy."


def test_a_reference_back_brings_the_sentence_it_refers_to():
    similar = analyse("Tajik citizens are subject to similar restrictions.", "Kyrgyz citizens face new visa rules. ",
                      {}, GZ)
    assert similar.lead == "Kyrgyz citizens face new visa rules."
    colon = analyse("Over the next three years, Uzbekistan will be purchasing $35 billion of goods.",
                    "Trump wrote on Truth Social: ", {}, GZ)
    assert colon.lead == "Trump wrote on Truth Social:" and colon.kind == CLAIM


def test_a_sentence_leaning_on_another_paragraph_cannot_stand():
    assert analyse("The initiative aims to double trade.", "", {}, GZ).lead == ""
    assert analyse("Tokayev met Trump in Washington.", "", {TOKAYEV: 1, TRUMP: 1}, GZ).lead is None


def test_a_speaker_named_beside_the_verb_and_one_the_gazetteer_lacks():
    named = analyse("“Trade is growing fast this year,” Tokayev said after the talks.", "", {TOKAYEV: 1}, GZ)
    assert named.speaker == "Kassym-Jomart Tokayev"
    unlisted = analyse("“We are ready to co-finance serious projects,” said Aidos Nurpeisov, the bank's deputy.", "",
                       {}, GZ)
    assert unlisted.speaker == "Aidos Nurpeisov"


def test_previous_sentence_keeps_abbreviations_of_the_text_before():
    assert previous_sentence("Kyrgyz citizens face rules. Trump met them on Nov. 4 in the U.S. Capitol. ") == \
        "Trump met them on Nov. 4 in the U.S. Capitol."
    assert previous_sentence("") == ""
