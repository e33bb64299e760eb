"""Annotation for the index: tags of the names a passage's sentences mention."""

from c5brief.analyze import analyze
from c5brief.annotate import annotate
from c5brief.gazetteer import compile_tags, load_gazetteer


def sentence_tags(text):
    gazetteer = load_gazetteer()
    passage = annotate(text, compile_tags(gazetteer, analyze), gazetteer)
    return [set(s.tags) for s in passage.sentences]  # none when the passage names nothing


def test_a_passage_naming_nothing_has_no_sentences_to_keep():
    assert sentence_tags("Fares will fall next year. Nobody said why.") == []


def test_a_named_passage_keeps_its_sentences_in_order_with_their_numbers():
    assert sentence_tags("Fares will fall. He spoke in Astana. Nobody said why.") == [
        set(), {"@place:KZ:astana"}, set()]


def test_an_outlets_name_is_no_mention_of_the_place_in_it():
    assert not any(sentence_tags("Fares will fall, a minister told The Astana Times. The Caspian Post agreed."))


def test_the_place_is_still_tagged_beside_the_outlet():
    assert sentence_tags("The Caspian Post says the Caspian Sea is shrinking. He spoke in Astana.") == [
        {"@topic:water"}, {"@place:KZ:astana"}]


def test_an_outlet_credit_makes_no_brief_about_its_country(tmp_path, cache_dir):
    from c5brief.corpus import CorpusSpec, using_corpus

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "credit.txt").write_text("Tariffs\n\nRail tariffs will fall, The Astana Times reported.\n")
    spec = CorpusSpec(paths=(str(tmp_path / "docs"),), seeds=False, cache_dir=str(cache_dir))
    found = using_corpus(spec, lambda corpus: corpus.index.sentences_mentioning(["@place:KZ:astana", "@country:KZ"]))
    assert found == []


def test_a_metadata_line_naming_a_place_makes_no_brief_about_it(tmp_path, cache_dir):
    from c5brief.corpus import CorpusSpec, using_corpus

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "byline.txt").write_text("Fares\n\nBy Aziz Karimov in Dushanbe\n\n"
                                                  "Photo: Dushanbe city hall\n\nRail fares will fall next year.\n")
    spec = CorpusSpec(paths=(str(tmp_path / "docs"),), seeds=False, cache_dir=str(cache_dir))
    found = using_corpus(spec, lambda corpus: corpus.index.sentences_mentioning(["@place:TJ:dushanbe"]))
    assert found == []
