"""Datelines, bylines, photo credits and page chrome: told from body text by their shape."""

import json

import pytest

from c5brief.credits import (
    Dateline,
    is_byline,
    is_chrome,
    is_photo_credit,
    outlet_from_url,
    outlet_name,
    split_dateline,
)
from conftest import run


@pytest.mark.parametrize("text, dateline, rest", [
    ("DUSHANBE, Tajikistan, November 7 (Trend) – Tajik President Emomali Rahmon met Trump.",
     Dateline("DUSHANBE", "November 7", "Trend"), "Tajik President Emomali Rahmon met Trump."),
    ("ASTANA (Kazinform) — President Kassym-Jomart Tokayev held talks in Washington.",
     Dateline("ASTANA", None, "Kazinform"), "President Kassym-Jomart Tokayev held talks in Washington."),
    ("АСТАНА. 7 ноября. КАЗИНФОРМ – Президент Касым-Жомарт Токаев провел переговоры.",
     Dateline("АСТАНА", "7 ноября", "Казинформ"), "Президент Касым-Жомарт Токаев провел переговоры."),
    ("Астана. 7 ноября. INTERFAX.RU - Президент Казахстана встретился с Трампом.",
     Dateline("Астана", "7 ноября", "Interfax.ru"), "Президент Казахстана встретился с Трампом."),
    ("ВАШИНГТОН, 7 ноября. /ТАСС/. Президент США Дональд Трамп принял лидеров.",
     Dateline("ВАШИНГТОН", "7 ноября", "ТАСС"), "Президент США Дональд Трамп принял лидеров."),
    ("МОСКВА, 7 ноя — РИА Новости. В Кремле прокомментировали саммит.",
     Dateline("МОСКВА", "7 ноя", "РИА Новости"), "В Кремле прокомментировали саммит."),
    ("WASHINGTON, Nov 6 (Reuters) - U.S. President Donald Trump hosted five leaders.",
     Dateline("WASHINGTON", "Nov 6", "Reuters"), "U.S. President Donald Trump hosted five leaders."),
    ("ASTANA, Nov. 7 (Xinhua) -- Kazakh President Tokayev said the deal was signed.",
     Dateline("ASTANA", "Nov. 7", "Xinhua"), "Kazakh President Tokayev said the deal was signed."),
    ("WASHINGTON — The White House hosted the summit on Thursday.",
     Dateline("WASHINGTON", None, None), "The White House hosted the summit on Thursday."),
    ("BAKU, Azerbaijan, Nov. 7 (UPDATE 1) – The leaders met again.",
     Dateline("BAKU", "Nov. 7", None), "The leaders met again."),
    ("DUSHANBE, Tajikistan, November 7.", Dateline("DUSHANBE", "November 7", None), ""),
    ("ASTANA (Kazinform)", Dateline("ASTANA", None, "Kazinform"), ""),
])
def test_datelines_are_split_from_the_text_they_open(text, dateline, rest):
    assert split_dateline(text) == (dateline, rest)


@pytest.mark.parametrize("text", [
    "KAZAKHSTAN SIGNS DEAL — REPORT",                    # a headline in capitals
    "NATO — the alliance said it would watch closely.",  # no capital after the dash
    "The C5+1 summit — held on Thursday — ended well.",
    "US — Kazakhstan relations are strong, he said.",    # two letters are no place
    "WINNERS (six times)",                               # a table row: no date, and no outlet's name
    "ANALYSIS",
    "WASHINGTON, D.C.",
])
def test_other_capitals_and_dashes_are_not_datelines(text):
    assert split_dateline(text) == (None, text)


@pytest.mark.parametrize("text, expected", [
    ("By John Smith", True),
    ("By Aigerim Seisembayeva in Astana", True),
    ("By JOHN SMITH and Jane Doe, Reuters", True),
    ("Author: Staff correspondent", True),
    ("Автор: Айгерим Сейсембаева", True),
    ("By Thursday, the leaders had agreed on a text.", False),
    ("By November 6 the deal was done", False),
    ("By the end of the year", False),
    ("By Tuesday Night", False),
])
def test_bylines(text, expected):
    assert is_byline(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("Photo: akorda.kz", True),
    ("Photo: Akorda", True),
    ("Photo credit: Reuters", True),
    ("Photo by Jane Doe/AFP", True),
    ("Фото: пресс-служба Акорды", True),
    ("© Reuters 2025", True),
    ("akorda.kz", True),
    ("Photo: the signing ceremony in the Oval Office, by a pool photographer.", False),  # a caption
    ("Photo: Tokayev and Trump at the White House", False),
    ("Photo: Tokayev and Trump at the White House. Reuters/Kevin Lamarque", False),  # a caption with its credit
    ("Photo: Reuters/Kevin Lamarque", True),
])
def test_photo_credits_are_told_from_captions(text, expected):
    assert is_photo_credit(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("Share", True), ("Share this article", True), ("Share on Facebook", True),
    ("Subscribe to our newsletter", True), ("Read more", True), ("Continue reading »", True),
    ("Поделиться", True), ("Follow us on Telegram", True),
    ("Read more: Other rail news", False),  # a related-article teaser
    ("Share prices rose 3% on the news.", False),
])
def test_page_chrome(text, expected):
    assert is_chrome(text) is expected


def test_outlets_from_credits_and_addresses():
    assert outlet_name("КАЗИНФОРМ") == "Казинформ" and outlet_name("ТАСС") == "ТАСС" and outlet_name("AFP") == "AFP"
    assert outlet_from_url("https://www.akorda.kz/en/president-meets-us-investors") == "akorda.kz"
    assert outlet_from_url("https://m.kabar.kg/news/1") == "kabar.kg"
    assert outlet_from_url("#") is None and outlet_from_url(None) is None
    assert outlet_from_url("[") is None and outlet_from_url("https://[::1/") is None  # not an address


def test_a_broken_address_in_front_matter_is_read_not_an_internal_error(tmp_path):
    (tmp_path / "doc.md").write_text("---\ntitle: [\nurl: [\n---\n\nSamarkand cotton moved by rail.\n")
    result = run("ask", "Samarkand", "--no-seeds", "--corpus", str(tmp_path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["results"][0]["url"] == "["
