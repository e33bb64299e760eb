import io
import json

from rich.console import Console

from c5brief.models import Answer, DocumentInfo, Hit, Paragraph
from c5brief.render import answer as render
from safety import shown_text

DOC = DocumentInfo(id="abc123def0", title="A [bold]Title[/bold]", path="/x.txt", origin="corpus",
                   sha256="0" * 64, date="2025-11-06", source="Wire", url="https://example.org/a")
UNDATED = DocumentInfo(id="fff0000000", title="Plain", path="/y.txt", origin="seed", sha256="1" * 64)


def answer(text="Ignoring this crisis [of political repression in Tajikistan] matters.", hits=2):
    made = (
        Hit(1, 3.25, Paragraph(DOC.id, 4, "body", text), DOC, ("Tajikistan",)),
        Hit(2, 1.5, Paragraph(UNDATED.id, 1, "body", "Second passage."), UNDATED, ("passage",)),
    )[:hits]
    return Answer("Tajikistan repression", made, ("Tajikistan", "repression"), (),
                  frozenset({"tajikistan"}))


def test_json_shape():
    data = json.loads(render.answer_to_json(answer()))
    assert data["query"] == "Tajikistan repression"
    first = data["results"][0]
    assert {"rank", "score", "id", "doc", "paragraph", "title", "date", "url", "text"} <= set(first)
    assert first["id"] == "abc123def0.p4" and first["doc"] == "abc123def0" and first["paragraph"] == 4
    assert first["text"] == answer().hits[0].paragraph.text
    assert data["results"][1]["date"] is None and data["results"][1]["url"] is None


def test_empty_answer_is_valid_json():
    empty = Answer("nothing", (), ("nothing",), ("nothing",))
    assert json.loads(render.answer_to_json(empty)) == {
        "query": "nothing", "results": [], "unmatched": ["nothing"], "corrections": [], "suggestions": [],
        "expanded": []}


def test_jsonl_is_one_object_per_line():
    lines = render.answer_to_jsonl(answer()).splitlines()
    assert [json.loads(line)["rank"] for line in lines] == [1, 2]


def test_markdown_cites_with_footnotes_labelled_by_citation_id():
    md = render.answer_to_markdown(answer())
    assert md.startswith("# Tajikistan repression\n")
    assert "\\[of political repression in Tajikistan\\] matters.[^abc123def0.p4]" in md  # brackets escaped
    assert "Second passage.[^fff0000000.p1]" in md
    assert "## Sources" not in md
    first = ("[^abc123def0.p4]: A \\[bold\\]Title\\[/bold\\], paragraph 4 (`abc123def0.p4`), 2025-11-06, Wire, "
             "<https://example.org/a>")
    assert first in md.splitlines()
    assert "A [bold]Title[/bold], paragraph 4 (abc123def0.p4)" in shown_text(md)
    assert md.endswith("\n[^fff0000000.p1]: Plain, paragraph 1 (`fff0000000.p1`)\n")
    assert render.answer_to_markdown(answer(), heading_level=3).startswith("### Tajikistan repression\n")


def test_text_has_no_markdown_syntax():
    text = render.answer_to_text(answer())
    assert "#" not in text and "**" not in text and "`" not in text
    assert "[1] A [bold]Title[/bold], paragraph 4 (abc123def0.p4), 2025-11-06, Wire, https://example.org/a" in text


def test_control_characters_are_shown_not_sent():
    evil = "Red \x1b[31malert\x1b[0m and a bell \x07 and \x9b CSI."
    for output in (shown_text(render.answer_to_markdown(answer(evil))), render.answer_to_text(answer(evil)),
                   rich_text(answer(evil))):
        assert "\x1b" not in output and "\x07" not in output and "\x9b" not in output
        assert "\\x1b[31malert\\x1b[0m" in output and "\\x07" in output and "\\x9b" in output
    assert "\x1b" in json.loads(render.answer_to_json(answer(evil)))["results"][0]["text"]


def rich_text(result, color=False):
    buffer = io.StringIO()
    console = Console(file=buffer, width=100, force_terminal=color, color_system="standard" if color else None,
                      markup=False, highlight=False)
    console.print(render.answer_to_rich(result))
    return buffer.getvalue()


def test_rich_prints_brackets_and_markup_literally():
    out = rich_text(answer())
    assert "[of political repression in Tajikistan]" in out
    assert "A [bold]Title[/bold]" in out
    assert "abc123def0.p4" in out and "score 3.25" in out


def test_rich_highlights_matched_words_on_a_colour_terminal():
    out = rich_text(answer(), color=True)
    assert "\x1b[1;33mTajikistan\x1b[0m" in out
    assert "\x1b[1;33mcrisis" not in out
