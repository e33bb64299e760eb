import json
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from c5brief.dates import DATA_FILE, FoundDate, find_dates, latest_date

SUMMIT = "2025-11-06"  # a Thursday


def dates(text, anchor=SUMMIT):
    return [(found.text, found.iso) for found in find_dates(text, anchor)]


@pytest.mark.parametrize(("text", "expected"), [
    ("The summit was first confirmed on Oct. 26, 2025.", [("Oct. 26, 2025", "2025-10-26")]),
    ("The summit, scheduled for November 6 in Washington", [("November 6", "2025-11-06")]),
    ("arriving on Nov. 4, the first regional leader", [("Nov. 4", "2025-11-04")]),
    ("talks began Sept. 8 and resumed September 8", [("Sept. 8", "2025-09-08"), ("September 8", "2025-09-08")]),
    ("November 06, 2025", [("November 06, 2025", "2025-11-06")]),
    ("signed on 26 October 2025 in Astana", [("26 October 2025", "2025-10-26")]),
    ("the 6th of November and November 7th", [("6th of November", "2025-11-06"), ("November 7th", "2025-11-07")]),
    ("agreed in September 2023 and ratified in January 2025", [("September 2023", "2023-09"),
                                                                ("January 2025", "2025-01")]),
    ("Posted 2025-11-06T10:00 and 06.11.2025", [("2025-11-06", "2025-11-06"), ("06.11.2025", "2025-11-06")]),
    ("The forum runs Nov. 6-7, 2025 in Washington", [("Nov. 6-7, 2025", "2025-11-06")]),
    ("since 11 September 2001 and 25 August, 1938", [("11 September 2001", "2001-09-11"),
                                                      ("25 August, 1938", "1938-08-25")]),
    ("DECEMBER 3, 2025 and Dec 3", [("DECEMBER 3, 2025", "2025-12-03"), ("Dec 3", "2025-12-03")]),
])
def test_explicit_english_dates(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Саммит прошел 7 ноября в Вашингтоне.", [("7 ноября", "2025-11-07")]),
    ("Встреча состоялась 7 ноября 2025 года.", [("7 ноября 2025 года", "2025-11-07")]),
    ("Токаев и Трамп встретились 7 ноября 2025", [("7 ноября 2025", "2025-11-07")]),
    ("Соглашение подписано в ноябре 2025 года.", [("в ноябре 2025 года", "2025-11")]),
    ("Переговоры начались в сентябре.", [("в сентябре", "2025-09")]),
    ("Визит намечен на 6–7 ноября.", [("6–7 ноября", "2025-11-06")]),
    ("Как сообщалось в конце октября, сделка готова.", [("в конце октября", "2025-10")]),
    ("Меморандум подписан в сентябре прошлого года.", [("в сентябре прошлого года", "2024-09")]),
    ("Ноябрь 2025 г. стал рекордным", [("Ноябрь 2025 г.", "2025-11")]),
])
def test_explicit_russian_dates(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("officials said on Thursday", [("Thursday", "2025-11-06")]),  # the anchor's own weekday is that day
    ("the letter sent on Wednesday", [("Wednesday", "2025-11-05")]),
    ("arrived on Friday", [("Friday", "2025-10-31")]),  # news reports the past
    ("will meet again next Thursday", [("next Thursday", "2025-11-13")]),
    ("as agreed last Thursday", [("last Thursday", "2025-10-30")]),
    ("В четверг лидеры встретились", [("В четверг", "2025-11-06")]),
    ("во вторник и в следующую пятницу", [("во вторник", "2025-11-04"), ("в следующую пятницу", "2025-11-07")]),
    ("Yesterday, today and tomorrow", [("Yesterday", "2025-11-05"), ("today", "2025-11-06"),
                                      ("tomorrow", "2025-11-07")]),
    ("вчера, сегодня, завтра и позавчера", [("вчера", "2025-11-05"), ("сегодня", "2025-11-06"),
                                           ("завтра", "2025-11-07"), ("позавчера", "2025-11-04")]),
    ("Last month and next month", [("Last month", "2025-10"), ("next month", "2025-12")]),
    ("в прошлом месяце и в следующем месяце", [("в прошлом месяце", "2025-10"), ("в следующем месяце", "2025-12")]),
    ("They met last week and last year.", []),  # too vague to date
])
def test_relative_dates_count_from_the_anchor(text, expected):
    assert dates(text) == expected


def test_the_next_day_counts_from_the_last_explicit_date():
    text = "lawmakers met on Nov. 4 and Nov. 5 before participating the next day in the summit"
    assert dates(text)[-1] == ("the next day", "2025-11-06")
    # The explicit date comes after it: nothing to count from.
    assert dates("На следующий день после 4 ноября", "2025-12-01") == [("4 ноября", "2025-11-04")]
    assert dates("Они прилетели 5 ноября, а на следующий день встретились.") == [
        ("5 ноября", "2025-11-05"), ("на следующий день", "2025-11-06")]


def test_the_next_day_without_an_explicit_date_is_skipped():
    assert dates("The following day they met Trump.") == []
    assert dates("On Wednesday they arrived; the following day they met.") == [("Wednesday", "2025-11-05")]


def test_a_weekday_before_a_date_is_part_of_it():
    assert dates("Thursday, Nov. 6, 2025", None) == [("Thursday, Nov. 6, 2025", "2025-11-06")]
    assert dates("в четверг, 6 ноября, лидеры встретились") == [("в четверг, 6 ноября", "2025-11-06")]
    assert dates("The deadline is next Thursday, 4 December.") == [("next Thursday, 4 December", "2025-12-04")]


@pytest.mark.parametrize(("text", "anchor", "expected"), [
    ("on January 5", "2025-11-06", "2026-01-05"),  # two months ahead is nearer than ten back
    ("on May 5", "2025-11-06", "2026-05-05"),  # 180 days ahead against 185 back
    ("on May 8", "2025-11-06", "2025-05-08"),  # 182 days back against 183 ahead
    ("on Dec. 30", "2026-01-02", "2025-12-30"),  # across the new year, backwards
    ("in May", "2025-11-06", "2025-05"),  # six months either way: the past wins
    ("в феврале", "2025-11-06", "2026-02"),
    ("in early September", "2025-11-06", "2025-09"),
])
def test_a_missing_year_is_the_one_nearest_the_anchor(text, anchor, expected):
    assert [found.iso for found in find_dates(text, anchor)] == [expected]


def test_a_day_no_nearby_year_has_is_skipped():
    assert dates("on February 29", "2025-11-06") == []  # 2024's is a year away
    assert dates("on February 29", "2024-01-10") == [("February 29", "2024-02-29")]
    assert dates("on 31 April and 30 февраля") == []
    assert dates("on 31.04.2025 and 2025-13-01") == []


def test_without_an_anchor_only_dates_with_a_year_are_found():
    text = "On Thursday, Nov. 4, in September, yesterday, the next day; Oct. 26, 2025 and в ноябре 2025 года"
    assert dates(text, None) == [("Oct. 26, 2025", "2025-10-26"), ("в ноябре 2025 года", "2025-11")]


def test_an_anchor_known_to_the_month_dates_months_but_not_days():
    text = "On Thursday, yesterday, on Nov. 4, last month, в сентябре"
    assert dates(text, "2025-11") == [("Nov. 4", "2025-11-04"), ("last month", "2025-10"),
                                      ("в сентябре", "2025-09")]
    assert dates("on Nov. 4 and yesterday", "not a date") == []


@pytest.mark.parametrize("text", [
    "Kazakhstan may sign 12 apples worth of deals.",
    "Kazakhstan May sign? Protesters march on the capital.",
    "The deal is worth $35 billion, up 3.5% in 2025.",
    "Version 1.2.3 and 10.11.2025.1 and v06.11.2025 of the software",
    "Leaders will meet in 2025 and 2026; 2024-25 was a bad season.",
    "November elections, with Mayor Jones in Marseille and Janet in Octavia.",
    "Rates rose to 5.5 percent; Sept 4.5 is a model number.",
    "Средняя температура окружающей среды выросла на 3%.",
])
def test_not_dates(text):
    assert dates(text) == []


def test_spans_point_into_the_text():
    text = "On Thursday, Nov. 6, 2025, in Washington; вчера и 7 ноября."
    found = find_dates(text, SUMMIT)
    assert found == [FoundDate(3, 25, "Thursday, Nov. 6, 2025", "2025-11-06"),
                     FoundDate(42, 47, "вчера", "2025-11-05"), FoundDate(50, 58, "7 ноября", "2025-11-07")]


def test_latest_date_is_the_latest_stated_full_date():
    texts = ["Confirmed on Oct. 26, 2025.", "Leaders met on 6 November 2025 and in December 2025.",
             "Yesterday and on Nov. 9 and 2025-11-05."]
    assert latest_date(texts) == "2025-11-06"
    assert latest_date(["Thursday and in November 2025"]) is None
    assert latest_date([]) is None


def test_the_data_file_names_every_month_and_weekday_in_each_form():
    with open(DATA_FILE, encoding="utf-8") as handle:
        data = json.load(handle)
    assert sorted(data["months"]["en"]["full"].values()) == list(range(1, 13))
    for form in data["months"]["ru"].values():
        assert sorted(form.values()) == list(range(1, 13))
    for names in data["weekdays"].values():
        assert sorted(names.values()) == list(range(7))


@given(st.text(alphabet=st.sampled_from(list("0123456789 .,-–Nov.Sept5May в ноябряThursdayвчера года")), max_size=60))
def test_any_text_yields_ordered_spans_of_itself(text):
    found = find_dates(text, SUMMIT)
    assert all(text[f.start:f.end] == f.text for f in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
    for f in found:
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", f.iso)
        date.fromisoformat(f.iso if len(f.iso) == 10 else f.iso + "-01")
