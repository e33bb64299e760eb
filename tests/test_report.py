"""`report`: the pack as plain data, as Markdown and as one self-contained HTML file."""

import json
import re
from html.parser import HTMLParser

import pytest

from c5brief.corpus import CorpusSpec
from c5brief.render.html import pack_to_html
from c5brief.render.report import heading_slugs, pack_to_markdown, slug_of
from c5brief.report import build_date, build_pack
from conftest import FIXTURES, run

EPOCH = {"SOURCE_DATE_EPOCH": "1762992000"}  # 2025-11-13


@pytest.fixture
def spec(cache_dir):
    return CorpusSpec(cache_dir=str(cache_dir))


def test_the_default_pack_is_the_c5_plus_1_then_every_topic(spec):
    steps = []
    pack = build_pack(spec, progress=lambda what, done, total: steps.append((what, done, total)))
    assert [b.subject for b in pack.briefs[:6]] == ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan",
                                                    "Uzbekistan", "United States"]
    assert [b.kind for b in pack.briefs[6:]] == ["topic"] * 10
    cited = {c for b in pack.briefs for c in (s.id for s in b.sources)}
    assert {s.id for s in pack.sources} == cited and len(pack.sources) == len(cited)
    assert steps[0] == ("Kazakhstan", 0, 18) and steps[-1] == ("done", 18, 18)
    assert pack.matrix.countries[0] == "Kazakhstan"


def test_named_countries_and_topics_only(spec):
    pack = build_pack(spec, ["kazakh", "KZ", "uz"], ["minerals", "tungsten"], length=150, title="Two and two")
    assert [b.title for b in pack.briefs] == ["Republic of Kazakhstan", "Republic of Uzbekistan",
                                              "Critical minerals and rare earths", "tungsten"]
    assert pack.title == "Two and two"


def test_provenance_names_version_date_corpus_and_scoring(spec, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1762992000")
    assert build_date() == "2025-11-13"
    provenance = build_pack(spec, ["KZ"]).provenance
    line = provenance.line()
    assert re.fullmatch(r"Built by c5brief \S+ on 2025-11-13 from 2 documents \(\d+ paragraphs; corpus digest "
                        r"[0-9a-f]{12}\), BM25 okapi, k1 1\.5, b 0\.3\.", line), line
    other = CorpusSpec(cache_dir=spec.cache_dir, paths=(str(FIXTURES / "news"),))
    assert build_pack(other, ["KZ"]).provenance.digest != provenance.digest


def test_markdown_pack_contents_link_to_the_headings(spec, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1762992000")
    md = pack_to_markdown(build_pack(spec, ["KZ", "US"], ["minerals", "trade"]))
    lines = md.splitlines()
    anchors = set(heading_slugs(lines).values())
    links = re.findall(r"^- \[[^\]]+\]\(#([^)]+)\)$", md, re.M)
    assert len(links) == 5 and set(links) <= anchors
    assert "critical-minerals-and-rare-earths-2" in links  # both country briefs' sections of that name came first
    assert lines[0] == "# C5+1 briefing pack" and lines[2].startswith("*Built by c5brief ")
    assert md.count("\n## ") == 2 + 4 and "## Sources" not in md
    definitions = re.findall(r"^\[\^([^\]]+)\]: ", md, re.M)
    assert len(definitions) == len(set(definitions)) > 5  # one bibliography for the whole pack
    assert set(re.findall(r"\[\^([^\]]+)\](?!:)", md)) == set(definitions)
    anchors_plugin = pytest.importorskip("mdit_py_plugins.anchors").anchors_plugin
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").enable("table").use(anchors_plugin, max_level=6).render(md)
    assert all(f'id="{link}"' in html for link in links)  # as a Markdown renderer makes the anchors


def test_slugs_as_github_makes_them():
    assert slug_of("Relations with Russia and China") == "relations-with-russia-and-china"
    assert slug_of("C5+1 briefing pack") == "c51-briefing-pack"
    assert heading_slugs(["# Energy", "text", "## Energy", "### Energy"]) == {0: "energy", 2: "energy-1",
                                                                              3: "energy-2"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.ids, self.hrefs, self.cites, self.attributes, self.headings = [], set(), [], [], [], []
        self._heading = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attributes = dict(attrs)
        self.attributes += [name for name, _ in attrs]
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a":
            self.hrefs.append(attributes.get("href"))
            if "cite" in (attributes.get("class") or ""):
                self.cites.append(attributes["href"])
        if tag in ("h1", "h2", "h3"):
            self._heading = [tag, ""]

    def handle_data(self, data):
        if self._heading:
            self._heading[1] += data

    def handle_endtag(self, tag):
        if self._heading and tag == self._heading[0]:
            self.headings.append(tuple(self._heading))
            self._heading = None


def test_html_pack_is_self_contained_with_headings_and_working_links(spec, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1762992000")
    pack = build_pack(spec, ["KZ", "TJ"], ["minerals"])
    page = Page()
    page.feed(pack_to_html(pack))
    assert page.tags[0] == "html" and "style" in page.tags
    assert not {"script", "iframe", "object", "embed", "img", "link", "base", "form"} & set(page.tags)
    assert not [a for a in page.attributes if a.startswith("on") or a in ("src", "srcset", "action")]
    assert ("h1", "C5+1 briefing pack") in page.headings
    assert [h for h in page.headings if h[0] == "h2"][:3] == [("h2", "Contents"), ("h2", "Coverage matrix"),
                                                              ("h2", "Republic of Kazakhstan")]
    assert ("h3", "Key points") in page.headings and ("h2", "Sources") in page.headings
    internal = [h[1:] for h in page.hrefs if h.startswith("#")]
    assert internal and set(internal) <= page.ids  # contents and citations all land
    assert {c[1:] for c in page.cites} == {f"src-{s.id}" for s in pack.sources}
    external = [h for h in page.hrefs if not h.startswith("#")]
    assert external and all(h.startswith("https://") for h in external)


def test_html_pack_shows_no_document_markup_and_links_only_web_urls(spec):
    from c5brief.briefs.models import Brief, Point
    from c5brief.models import Citation
    from c5brief.report import Pack, Provenance

    evil = Citation("abcdef0123.p1", "abcdef0123", 1, "<script>alert(1)</script>", None, "x\" onmouseover=\"y",
                    "javascript:alert(1)")
    brief = Brief("X", "country", "<b>X</b>", (), 1, 1, False, (), (evil,),
                  key_points=(Point("A <img src=x onerror=alert(1)> point.", ("abcdef0123.p1",)),))
    matrix = build_pack(spec, ["KZ"]).matrix
    page = pack_to_html(Pack("T", Provenance("0", "2025-01-01", 1, 1, "0" * 12, "BM25"), (brief,), matrix, (evil,)))
    assert "<script>" not in page and "<img" not in page and 'href="javascript' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "javascript:alert(1)" in page


def test_report_command_writes_md_or_html(tmp_path):
    out = run("report", "--country", "kz", "--topic", "water", env=EPOCH)
    assert out.exit_code == 0 and out.stdout.startswith("\n# C5+1 briefing pack\n")
    assert out.stdout == run("report", "-c", "KZ", "-t", "water", "-f", "md", env=EPOCH).stdout  # byte-stable
    target = tmp_path / "pack.html"
    written = run("report", "-c", "kz", "-o", str(target), "--title", "Kazakhstan pack")
    assert written.exit_code == 0 and written.stdout == ""
    assert "wrote" in written.stderr and target.read_text().startswith("<!DOCTYPE html>")
    assert "<title>Kazakhstan pack</title>" in target.read_text()
    shifted = run("report", "-c", "kz", "--heading-level", "2", env=EPOCH).stdout
    assert shifted.startswith("\n## C5+1 briefing pack\n") and "\n### Republic of Kazakhstan\n" in shifted
    assert not list(tmp_path.glob(".c5brief-*"))


def test_report_errors(tmp_path):
    assert run("report", "-c", "atlantis").exit_code == 2
    bad = run("report", "-c", "kz", "-o", str(tmp_path / "no" / "such" / "pack.md"))
    assert bad.exit_code == 2 and "Error: cannot write" in bad.stderr
    assert run("report", "-f", "pdf").exit_code == 2


def test_pack_json_is_not_a_format():
    assert "json" not in json.dumps(run("report", "--help").stdout.split("--format", 1)[1][:60])
