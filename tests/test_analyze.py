import sys

from c5brief import analyze


def terms(text):
    return analyze.analyze(text)


def test_hyphenated_names_match_spaced_and_lower_case_forms():
    assert terms("Jackson-Vanik") == terms("Jackson Vanik") == terms("jackson-vanik") == ["jackson", "vanik"]


def test_dotted_acronym_is_one_token_and_not_the_stop_word_us():
    assert terms("U.S.") == ["u.s"]
    assert terms("the U.S. Congress") == ["u.s", "congress"]
    assert "u.s" not in terms("let us go")


def test_c5_plus_one_stays_whole():
    assert terms("the C5+1 format") == ["c5+1", "format"]


def test_numbers_with_units_split_at_the_hyphen():
    assert terms("90-day visas") == ["90", "day", "visa"]
    assert terms("10-year, multi-entry") == ["10", "year", "multi", "entri"]


def test_possessives_with_straight_and_curly_apostrophes():
    assert terms("Kazakhstan's") == terms("Kazakhstan\u2019s") == terms("Kazakhstan") == ["kazakhstan"]
    assert terms("the states' stance") == terms("state stance")


def test_accents_fold_and_other_scripts_survive():
    assert terms("Türkmen café") == terms("Turkmen cafe")
    assert terms("東京") == ["東京"]


# Russian

def test_russian_is_stemmed_as_russian_and_its_stop_words_dropped():
    assert terms("Токаев встретится с Трампом") == terms("Токаев встретился с Трампом")
    assert terms("встретились в Вашингтоне") == ["встрет", "вашингтон"]
    assert terms("и в на что это") == []


def test_names_and_nouns_snowball_would_split_keep_one_stem_in_every_case():
    for forms in (["Токаев", "Токаева", "Токаеву", "Токаевым", "Токаеве"],
                  ["саммит", "саммита", "саммиту", "саммитом", "саммите", "саммиты"],
                  ["Астана", "Астаны", "Астане", "Астану", "Астаной"],
                  ["визит", "визита", "визите"]):
        assert len({terms(f)[0] for f in forms}) == 1, forms
    assert terms("визит") != terms("виза")  # a visit is not a visa


def test_yo_and_the_central_asian_letters_fold_to_russian_ones():
    assert terms("Мирзиёев") == terms("Мирзиеев")
    assert terms("Қазақстан") == terms("Казакстан")
    assert terms("Тоқаев") == terms("Токаев")
    assert terms("Ўзбекистон") == terms("Узбекистон")
    assert terms("Бишкек йогурт")[1].startswith("й")  # й is a letter of its own


def test_a_word_typed_in_two_scripts_is_read_in_the_script_of_most_of_its_letters():
    assert terms("Kазахстан") == terms("Казахстан")  # a Latin K
    assert terms("Tokaев") == terms("Токаев")  # three of six letters Cyrillic: read as Cyrillic
    assert terms("С5+1") == terms("C5+1") == ["c5+1"]  # a Cyrillic С


def test_the_language_of_a_text_is_the_script_of_most_of_its_words():
    assert analyze.language("Токаев встретился с Трампом в Белом доме") == "ru"
    assert analyze.language("Tokayev met Trump at the White House") == "en"
    assert analyze.language("Токаев met Trump at the White House") == "en"
    assert analyze.language("") == "en"


_ADJECTIVES = ("ий", "ый", "ой", "ая", "ее", "ые", "ое", "ие")  # "Соединённые Штаты": declined as adjectives


def test_every_russian_name_in_the_gazetteer_has_one_stem_in_every_case():
    import json
    import re

    from c5brief.paths import gazetteer_files

    with open(gazetteer_files(())[0], encoding="utf-8") as handle:
        data = json.load(handle)
    names = {w for country in data["countries"]
             for entry in [country, country.get("capital") or {}, *country.get("places", []),
                           *country.get("people", [])]
             for name in entry.get("names", []) for w in name.split()
             if re.fullmatch(r"[А-Яа-яЁё]{4,}", w) and w[0].isupper()}
    split = []
    for name in sorted(names):
        base = name[:-1] if name[-1] in "аяоеиыйь" else name
        forms = [name] + [base + ending for ending in ("а", "у", "ом", "е", "ой")]
        if len({analyze.stem(analyze.fold(f)) for f in forms}) > 1 and not name.endswith(_ADJECTIVES):
            split.append(name)
    assert split == [], "add their stems to src/c5brief/data/stems_ru.txt"


def test_function_words_are_stop_words_and_won_is_a_word():
    # The closed-class words of the SMART / Glasgow list (Terrier's), not its content words.
    assert terms("Although talks moved towards trade, however, nothing was signed") == ["talk", "move", "trade",
                                                                                        "sign"]
    assert terms("Kazakhstan won the tender") == ["kazakhstan", "won", "tender"]
    assert terms("aid and information") == ["aid", "inform"]


def test_stemming_conflates_inflections():
    assert terms("minerals") == terms("mineral")
    assert terms("negotiating") == terms("negotiations") == terms("negotiated") == ["negoti"]


def test_fingerprint_is_stable_and_short():
    assert analyze.fingerprint() == analyze.fingerprint()
    assert len(analyze.fingerprint()) == 16


def test_importing_the_analyzer_does_not_import_nltk():
    import subprocess

    code = "import sys, c5brief.analyze as a; list(a.typed_words('x y')); print('nltk' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_counting_forms_in_text_gives_the_terms_the_analyzer_gives():
    # The tantivy engine counts candidates' terms this way; it must agree with indexing exactly.
    from collections import Counter

    from c5brief.seeds import seed_documents

    texts = [p.text for d in seed_documents() for p in d.paragraphs]
    texts += ["Kazakhstan's U.S.-backed C5+1 talks in Türkmenbaşy: “Jackson–Vanik” isn't dead, officials' notes say.",
              "US officials and the US-led talks; let us see."]
    for text in texts:
        forms = {word: analyze.stem(word) for word in analyze.content_words(text)}
        assert analyze.count_forms(text, forms) == Counter(analyze.analyze(text)), text


def test_us_in_capitals_is_the_united_states_and_us_in_lower_case_a_stop_word():
    assert terms("US officials") == terms("U.S. officials") == ["u.s", "offici"]
    assert terms("let us see") == terms("Let Us see") == ["let", "see"]
