import pytest

from c5brief.chunk import chunk_text, parse_date
from c5brief.models import BODY, CAPTION, META, RELATED
from conftest import FIXTURES, SEEDS

EURASIANET = (SEEDS / "000_2ea6e602d292f0a7.txt").read_text(encoding="utf-8")
THE_DIPLOMAT = (SEEDS / "003_1a24cce2f2c6f18e.txt").read_text(encoding="utf-8")


def texts(chunked, kind=BODY):
    return [text for k, text in chunked.passages if k == kind]


def test_seed_metadata_is_recognised():
    meta = chunk_text(EURASIANET).metadata
    assert meta.title == "Central Asian Leaders Arriving in Washington for Trump Summit"
    assert meta.subtitle == "Critical minerals to take center stage, but what about Afghanistan?"
    assert meta.date == "2025-11-06"
    assert meta.source == "Eurasianet"
    assert meta.url == ("https://www.themoscowtimes.com/2025/11/06/"
                        "central-asian-leaders-arriving-in-washington-for-trump-summit-a91067")


def test_metadata_lines_are_not_passages():
    everything = " ".join(text for _, text in chunk_text(EURASIANET).passages)
    for line in ("Original url", "themoscowtimes.com", "originally published", "November 06, 2025"):
        assert line not in everything


def test_paragraph_broken_mid_sentence_is_rejoined():
    body = texts(chunk_text(EURASIANET))
    joined = [t for t in body if "High-level," in t]
    assert len(joined) == 1
    assert "High-level, closed-door discussions on the topic" in joined[0]
    assert not any(t.startswith("closed-door") for t in body)


def test_markdown_links_become_their_text():
    body = " ".join(texts(chunk_text(EURASIANET)))
    assert "expanding U.S. access to Central Asia" in body
    assert "remove Jackson-Vanik trade status on Astana" in body
    assert "](" not in body and "(#)" not in body


def test_literal_brackets_in_text_are_kept():
    body = texts(chunk_text(EURASIANET))
    assert any("[of political repression in Tajikistan]" in t for t in body)


def test_captions_and_related_articles_are_tagged():
    eurasianet = chunk_text(EURASIANET)
    assert texts(eurasianet, CAPTION) == [
        "Kazakhstan's president Kassym-Jomart Tokayev meets with U.S. Secretary of State "
        "Marco Rubio in Washington. akorda.kz"]
    assert texts(eurasianet, RELATED) == ["Related article: Why Is Central Asia Buying Trump's Attention?"]
    assert texts(chunk_text(THE_DIPLOMAT), CAPTION) == [
        "Sergio Gor and Christopher Landau at the Shymbulak ski resort in Almaty; image: Akorda"]


def test_single_newline_paragraphs_and_fallback_title():
    chunked = chunk_text(THE_DIPLOMAT)
    body = texts(chunked)
    assert len(body) == 13
    assert body[0].startswith("The announcement of an upcoming C5+1 summit")
    assert body[-1].endswith("stand to play an outsized role.")
    title = chunked.metadata.title
    assert title.startswith("The announcement of an upcoming C5+1 summit") and title.endswith("\u2026")
    assert len(title.split()) <= 12
    assert chunked.metadata.date is None and chunked.metadata.url is None


def test_hard_wrapped_lines_form_one_paragraph():
    chunked = chunk_text((FIXTURES / "wrapped.txt").read_text())
    assert chunked.metadata.title == "A Hard-Wrapped Report"
    assert [t[:30] for t in texts(chunked)] == ["This first paragraph was wrapp", "The second paragraph is also w"]
    assert "old editor, so its lines end" in texts(chunked)[0]


def test_front_matter_images_and_read_more():
    chunked = chunk_text((FIXTURES / "frontmatter.md").read_text())
    meta = chunked.metadata
    assert (meta.title, meta.date, meta.source, meta.url) == (
        "Steppe Railways Expand", "2025-10-30", "Example Wire", "https://example.org/steppe-railways")
    assert texts(chunked) == ["Kazakhstan opened a new freight line toward the Caspian coast."]
    assert texts(chunked, CAPTION) == ["A train crossing the steppe"]
    assert texts(chunked, RELATED) == ["Read more: Other rail news"]


def test_a_question_in_the_body_is_not_mistaken_for_a_title():
    chunked = chunk_text("The summit opened on Thursday in Washington with five leaders.\n\nWhat next?\n")
    assert chunked.metadata.title != "What next?"
    assert "What next?" in texts(chunked)


def test_dates_in_common_shapes():
    assert parse_date("November 06, 2025") == "2025-11-06"
    assert parse_date("6 November 2025") == "2025-11-06"
    assert parse_date("Nov. 6, 2025") == "2025-11-06"
    assert parse_date("2025-11-06") == "2025-11-06"
    assert parse_date("The summit is on November 6, 2025") is None
    assert parse_date("Critical minerals") is None


@pytest.mark.parametrize("line, iso", [
    ("Sept. 8, 2025", "2025-09-08"),
    ("Thu, 06 Nov 2025 10:00:00 +0000", "2025-11-06"),   # RFC 2822, as feeds and e-mail give it
    ("06.11.2025", "2025-11-06"),                        # dotted dates are day first
    ("7 ноября 2025", "2025-11-07"),
    ("7 ноября 2025 года", "2025-11-07"),
    ("Опубликовано: 07.11.2025 14:30", "2025-11-07"),
    ("Published: Friday, November 7, 2025", "2025-11-07"),
    ("November 2025", "2025-11"),                        # month precision
    ("ноябрь 2025", "2025-11"),
    ("2025", None), ("Friday", None), ("12 apples", None), ("31.02.2025", None),
])
def test_dates_in_english_and_russian(line, iso):
    assert parse_date(line) == iso


def test_a_month_line_under_the_headline_is_the_date_not_a_subtitle():
    chunked = chunk_text("Summit diary\n\nNovember 2025\n\nThe leaders met in Washington.\n")
    assert chunked.metadata.date == "2025-11" and chunked.metadata.subtitle is None


def test_empty_and_whitespace_texts_give_no_passages():
    assert chunk_text("").passages == ()
    assert chunk_text("\n\n   \n\t\n").passages == ()
    assert not chunk_text("\ufeff").metadata.title  # the caller names it after its file


def test_html_entities_become_their_characters():
    chunked = chunk_text("---\ntitle: Trade &amp; transit\n---\n"
                         "Kazakhstan&#8217;s exports &amp; imports rose &mdash; officials said &#x201C;sharply&#x201D;."
                         "\n\nhttps://example.org/a?x=1&amp;y=2\n")
    assert chunked.metadata.title == "Trade & transit"
    assert texts(chunked) == ["Kazakhstan\u2019s exports & imports rose \u2014 officials said \u201csharply\u201d."]
    assert chunked.metadata.url == "https://example.org/a?x=1&y=2"


def test_an_escaped_bracket_is_text_not_a_link():
    assert texts(chunk_text("Title\n\nHe quoted &#91;the report&#93;(sic) in full.\n")) == [
        "He quoted [the report](sic) in full."]


WIRE = FIXTURES / "wire"


def test_a_wire_storys_dateline_is_cut_and_its_credit_is_the_source():
    chunked = chunk_text((WIRE / "trend.txt").read_text(encoding="utf-8"))
    assert chunked.metadata.source == "Trend"
    assert texts(chunked)[0].startswith("Tajik President Emomali Rahmon and US officials signed")
    assert texts(chunked, META) == ["By Aziz Karimov", "Photo: president.tj", "Share"]
    assert not any("DUSHANBE" in t or "Trend" in t for t in texts(chunked))


def test_a_russian_dateline_and_byline():
    chunked = chunk_text((WIRE / "kazinform-ru.txt").read_text(encoding="utf-8"))
    assert chunked.metadata.source == "Казинформ"
    assert texts(chunked) == [
        "Президент Казахстана Касым-Жомарт Токаев обсудил с Дональдом Трампом поставки вольфрама.",
        "Стороны подписали меморандум о сотрудничестве."]
    assert texts(chunked, META) == ["Автор: Айгерим Сейсембаева", "Поделиться"]


def test_a_dateline_alone_is_kept_out_of_the_body():
    chunked = chunk_text((WIRE / "dateline-alone.txt").read_text(encoding="utf-8"))
    assert chunked.metadata.title == "Rahmon returns from Washington" and chunked.metadata.source is None
    assert [kind for kind, _ in chunked.passages] == [META, BODY, META]
    assert texts(chunked, META) == ["DUSHANBE, Tajikistan, November 7.", "Subscribe to our newsletter"]


def test_a_dateline_with_a_year_dates_the_document():
    chunked = chunk_text("Summit ends\n\nWASHINGTON, November 6, 2025 (AP) — The five leaders left the White House.\n")
    assert (chunked.metadata.date, chunked.metadata.source) == ("2025-11-06", "AP")
    assert texts(chunked) == ["The five leaders left the White House."]


def test_a_label_or_the_front_matter_names_the_outlet_before_a_dateline_credit():
    republished = ("Talks\n\nASTANA (Kazinform) — The talks went on.\n\n"
                   "This story was originally published by Eurasianet.\n")
    assert chunk_text(republished).metadata.source == "Eurasianet"
    front = "---\nsource: Steppe Wire\n---\nASTANA (Kazinform) — The talks went on all day.\n"
    assert chunk_text(front).metadata.source == "Steppe Wire"


def test_a_second_source_line_is_metadata_not_body():
    chunked = chunk_text("Talks\n\nThe talks went on all day.\n\nSource: Kabar\n\nИсточник: Kabar\n")
    assert chunked.metadata.source == "Kabar"
    assert texts(chunked) == ["The talks went on all day."] and texts(chunked, META) == ["Источник: Kabar"]


def test_the_address_names_the_outlet_when_nothing_else_does():
    chunked = chunk_text((WIRE / "akorda.md").read_text(encoding="utf-8"))
    assert chunked.metadata.source == "akorda.kz"
    assert chunk_text(EURASIANET).metadata.source == "Eurasianet"  # "originally published by" comes first


def test_a_photo_credit_alone_is_metadata_and_a_caption_with_a_credit_a_caption():
    chunked = chunk_text("Talks\n\nThe talks went on.\n\n[akorda.kz](https://www.akorda.kz)\n\n"
                         "Photo: the leaders at the table. [akorda.kz](https://www.akorda.kz)\n")
    assert texts(chunked, META) == ["akorda.kz"]
    assert texts(chunked, CAPTION) == ["Photo: the leaders at the table. akorda.kz"]


def test_a_headline_with_only_metadata_lines_is_still_a_passage():
    chunked = chunk_text("Rahmon in Washington\n\nBy Aziz Karimov\n")
    assert chunked.passages == ((BODY, "Rahmon in Washington"), (META, "By Aziz Karimov"))
