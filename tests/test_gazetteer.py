import json

import pytest

from c5brief.analyze import analyze
from c5brief.errors import InputError
from c5brief.gazetteer import compile_tags, find_tags, load_gazetteer
from conftest import FIXTURES


@pytest.fixture
def gz():
    return load_gazetteer()


@pytest.mark.parametrize("name", ["kazakhstan", "Kazakhstan", "KZ", "kz", "KAZ", "kazakh", "Qazaqstan", "Казахстан"])
def test_country_names_resolve_case_insensitively(gz, name):
    assert gz.country(name).name == "Kazakhstan"


@pytest.mark.parametrize("name, country", [
    ("Kirghizia", "Kyrgyzstan"), ("kyrgyz republic", "Kyrgyzstan"), ("Tadzhikistan", "Tajikistan"),
    ("Turkmenia", "Turkmenistan"), ("uzbek", "Uzbekistan"), ("U.S.", "United States"), ("us", "United States"),
    ("US", "United States"), ("usa", "United States"),
])
def test_transliterations_and_demonyms(gz, name, country):
    assert gz.country(name).name == country


def test_unknown_country_suggests_close_matches(gz):
    with pytest.raises(InputError, match="did you mean kazakhstan"):
        gz.country("kazakhsta")
    with pytest.raises(InputError, match="c5brief countries"):
        gz.country("atlantis")


def test_topics_resolve_by_id_name_or_keyword(gz):
    assert gz.topic("minerals").id == "minerals"
    assert gz.topic("Human Rights").id == "rights"
    assert gz.topic("visas").id == "migration"
    with pytest.raises(InputError, match="did you mean"):
        gz.topic("sanctons")


def test_a_brief_topic_is_named_by_its_id_or_name_not_a_keyword(gz):
    assert gz.topic_named("critical minerals").id == "minerals"  # a keyword that is part of the name
    assert gz.topic_named("visas").id == "migration"
    assert gz.topic("Jackson-Vanik").id == "trade"  # as an `ask --topic` filter, a keyword finds its topic
    with pytest.raises(InputError):
        gz.topic_named("Jackson-Vanik")  # as a brief, it is a subject of its own


def test_the_c5_with_capitals_and_leaders(gz):
    c5 = [c for c in gz.countries if c.group == "C5"]
    assert sorted(c.name for c in c5) == ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"]
    assert {c.name: c.leaders[0].name.split()[-1] for c in c5} == {
        "Kazakhstan": "Tokayev", "Kyrgyzstan": "Japarov", "Tajikistan": "Rahmon",
        "Turkmenistan": "Berdimuhamedov", "Uzbekistan": "Mirziyoyev"}


@pytest.mark.parametrize("text, tag", [
    ("Tokaev spoke", "@person:KZ:kassym-jomart-tokayev"),
    ("Токаев spoke", "@person:KZ:kassym-jomart-tokayev"),
    ("in Nur-Sultan", "@place:KZ:astana"),
    ("a Kyrgyz Republic delegation", "@country:KG"),
    ("Zhaparov said", "@person:KG:sadyr-japarov"),
    ("rare earth metals", "@topic:minerals"),
])
def test_names_are_tagged_in_any_spelling(gz, text, tag):
    table = compile_tags(gz, analyze)
    found = {t for _, _, tags in find_tags(analyze(text), table) for t in tags}
    assert tag in found


def test_user_gazetteer_extends_without_editing_the_package(tmp_path):
    gz = load_gazetteer([str(FIXTURES / "extra_gazetteer.json")])
    assert gz.country("Kazakh Steppe Republic").id == "KZ"
    assert any(e.name == "Olzhas Bektenov" for e in gz.country("KZ").entities)
    assert gz.country("Mongolia").full_name == "Mongolia"
    assert gz.topic("railways").name == "Railways"
    assert gz.fingerprint != load_gazetteer().fingerprint


def test_config_folder_gazetteer_is_read(tmp_path, monkeypatch):
    monkeypatch.setenv("C5BRIEF_CONFIG_DIR", str(tmp_path))
    space = {"id": "space", "name": "Space", "keywords": ["Baikonur"]}
    (tmp_path / "gazetteer.json").write_text(json.dumps({"topics": [space]}))
    assert load_gazetteer().topic("space").keywords == ("Baikonur",)


@pytest.mark.parametrize("content, message", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "expected a JSON object"),
    ('{"countries": [{"name": "No id"}]}', "must be a list of objects, each with an 'id'"),
    ('{"topics": [{"id": "x"}]}', "lacks name"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply to be a gazetteer"),
    ('{"countries": [{"id": "KZ", "names": ' + "[" * 5000 + "]" * 5000 + "}]}", "nested too deeply"),
    ('{"countries": [{"id": "KZ", "names": [["Astana"]]}]}', r"countries\[0\].names\[0\] must be a string"),
    ('{"countries": [{"id": "KZ", "names": "Astana"}]}', r"countries\[0\].names must be a list, not \"Astana\""),
    ('{"topics": [{"id": "x", "name": "X", "keywords": [1]}]}', r"topics\[0\].keywords\[0\] must be a string"),
    ('{"countries": [{"id": "KZ", "people": [{"name": "A", "leader": "yes"}]}]}', "leader must be true or false"),
])
def test_bad_gazetteer_files_are_clear_errors(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(InputError, match=message):
        load_gazetteer([str(path)])


@pytest.mark.parametrize("special", ["/dev/zero", "fifo", "large"])
def test_a_gazetteer_that_is_not_a_small_regular_file_is_refused_at_once(tmp_path, special):
    import os

    from conftest import run

    path = special
    if special == "fifo":
        path = str(tmp_path / "names.json")
        os.mkfifo(path)  # nobody writes to it: reading would wait for good
    elif special == "large":
        path = str(tmp_path / "names.json")
        with open(path, "wb") as handle:
            handle.truncate(16 * 2**20 + 1)
    said = "larger than 16 MB" if special == "large" else "not a regular file"
    for command in (["ask", "Caspian"], ["country", "kazakhstan"]):
        result = run(*command, "--gazetteer", path)
        assert result.exit_code == 2
        assert result.stderr.strip().splitlines() == [f"Error: gazetteer {path}: {said}"]
    with pytest.raises(InputError, match=said):
        load_gazetteer([path])


def tags_in(text, table):
    return {t for _, _, tags in find_tags(analyze(text), table) for t in tags}


@pytest.mark.parametrize("text, hidden", [
    ("The Caspian Post reported the talks", "@topic:water"),
    ("an analyst at the Caspian Policy Center said", "@topic:water"),
    ("he told The Astana Times on Friday", "@place:KZ:astana"),
    ("according to The Washington Post", "@place:US:washington"),
    ("пишет «Казахстанская правда»", "@country:KZ"),
    ("Sputnik Узбекистан сообщает", "@country:UZ"),
])
def test_outlets_named_after_places_tag_nothing(gz, text, hidden):
    assert tags_in(text, compile_tags(gz, analyze)) == set()


def test_a_masked_name_hides_only_itself(gz):
    table = compile_tags(gz, analyze)
    assert tags_in("The Caspian Post says the Caspian Sea is shrinking near Astana", table) == {
        "@topic:water", "@place:KZ:astana"}


def test_masked_names_come_from_the_data_files(tmp_path):
    extra = tmp_path / "extra.json"
    extra.write_text(json.dumps({"masked_names": ["Tashkent Herald"]}))
    gz = load_gazetteer([str(extra)])
    assert "Tashkent Herald" in gz.masked_names and "The Astana Times" in gz.masked_names
    assert tags_in("the Tashkent Herald reported", compile_tags(gz, analyze)) == set()
    assert tags_in("the Tashkent Herald reported", compile_tags(load_gazetteer(), analyze)) == {"@place:UZ:tashkent"}


def test_the_query_planner_knows_the_mask_tag():
    from c5brief import gazetteer, query_plan

    assert query_plan.MASK == gazetteer.MASK
