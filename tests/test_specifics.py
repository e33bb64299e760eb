"""Amounts, names the gazetteer lacks, and the deals statements report."""

import pytest

from c5brief.gazetteer import load_gazetteer
from c5brief.specifics import amounts, deal_of, gazetteer_names, unlisted_names

KNOWN = gazetteer_names(load_gazetteer())


@pytest.mark.parametrize("text, value, currency", [
    ("a deal valued at $1.1 billion", 1.1e9, "USD"),
    ("a $4.2bn order", 4.2e9, "USD"),
    ("контракты на $17 млрд", 17e9, "USD"),
    ("на сумму 1,1 млрд долларов", 1.1e9, "USD"),
    ("соглашения на 17 миллиардов долларов", 17e9, "USD"),
    ("$1,100 million in loans", 1.1e9, "USD"),
])
def test_amounts(text, value, currency):
    (found,) = amounts(text)
    assert found.value == pytest.approx(value) and found.currency == currency


def test_quantities_are_not_money():
    assert amounts("38 million tonnes of ore and 3.5% growth in 2025") == []


def test_names_the_gazetteer_lacks():
    text = "Kazakhstan’s Tau-Ken Samruk and Cove Kaz Capital signed with Wabtec, President Tokayev said."
    assert unlisted_names(text, KNOWN) == ["Tau-Ken Samruk", "Cove Kaz Capital", "Wabtec"]
    assert unlisted_names("The talks in Washington on Thursday went well.", KNOWN) == []
    assert unlisted_names("Стороны встретились в Вашингтоне.", KNOWN) == []  # Washington, in another case


def test_russian_adjectives_of_place_are_not_names():
    text = "Саммит прошёл в Белом доме, сообщил советник по делам Южной и Центральной Азии Айбек Нурланов."
    assert unlisted_names(text, KNOWN) == ["Айбек Нурланов"]


def test_compound_modifiers_are_not_names():
    text = ("A Soviet-era survey of the deposit, a US-led consortium and the Kazakh-born Aidos Nurpeisov "
            "met Jackson-Vanik critics.")
    assert unlisted_names(text, KNOWN) == ["Aidos Nurpeisov", "Jackson-Vanik"]


def test_deals():
    text = "Kazakhstan and Cove Kaz Capital signed a $1.1 billion joint venture."
    deal = deal_of(text, "outcome", ["Kazakhstan"], ["Cove Kaz Capital"])
    assert deal and deal.instrument == "joint venture" and deal.status == "signed"
    assert deal.amount and deal.amount.text == "$1.1 billion" and deal.parties == ("Kazakhstan", "Cove Kaz Capital")
    claimed = deal_of("Trump said Uzbekistan will buy $40 billion of goods.", "claim", ["Uzbekistan"], [])
    assert claimed and claimed.status == "claimed" and claimed.instrument == "purchase"
    assert deal_of("The two leaders discussed trade.", "report", ["Kazakhstan"], []) is None
    ru = deal_of("Стороны подписали соглашение о создании совместного предприятия.", "outcome",
                 ["Kazakhstan", "United States"], [])
    assert ru and ru.instrument == "joint venture" and ru.status == "signed"
