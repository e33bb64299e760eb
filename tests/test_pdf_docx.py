"""PDF and Word files read through the one loader, in `add` and `--corpus` alike (issue 11).

Encrypted, image-only and damaged PDFs, and every other kind of file c5brief
does not read, are refused by name with the reason; nothing is read as junk.
"""

import datetime
import json
import zipfile

import pytest

from c5brief.errors import FileRefused
from c5brief.load import load_text
from c5brief.pdf_docx import pdf_paragraphs
from conftest import run
from documents import docx_bytes, encrypted, pdf_bytes

REPORT = [
    [["Kazakhstan and the United States signed an agreement on", "critical minerals at the summit in Washington on",
      "6 November."],
     ["Tokayev said the deal would bring investment to the", "Kazakh-", "stan tungsten sector, officials added."]],
    [["A second page on Uzbek uranium exports to the United States."]],
]
INFO = {"Title": "Critical Minerals After the Summit", "Author": "Steppe Policy Institute",
        "CreationDate": "D:20251110090000Z", "Producer": "a word processor"}


def write(folder, name, data):
    path = folder / name
    path.write_bytes(data)
    return path


def sources(*args):
    return json.loads(run("sources", "--no-seeds", "-f", "json", *args).stdout)["documents"]


def test_a_pdf_gives_its_paragraphs_and_metadata():
    loaded = load_text(pdf_bytes(REPORT, INFO), "/x/report.pdf")
    assert loaded.text == (
        "---\ntitle: Critical Minerals After the Summit\nsource: Steppe Policy Institute\ndate: 2025-11-10\n---\n"
        "Kazakhstan and the United States signed an agreement on critical minerals at the summit in Washington on "
        "6 November.\n\n"
        "Tokayev said the deal would bring investment to the Kazakhstan tungsten sector, officials added.\n\n"
        "A second page on Uzbek uranium exports to the United States.\n")


def test_pdf_lines_become_paragraphs():
    page = "Introduction\nThe summit opened with a long line of text that wraps\nonto a second line.\n12\n"
    assert pdf_paragraphs([page, "A paragraph that goes on from the first page\nand ends here."]) == [
        "Introduction", "The summit opened with a long line of text that wraps onto a second line.",
        "A paragraph that goes on from the first page and ends here."]
    assert pdf_paragraphs(["", "  "]) == []


def test_a_docx_gives_its_paragraphs_tables_and_metadata():
    data = docx_bytes(["Turkmen gas flowed to China through Galkynysh.", "The Caspian link was discussed."],
                      title="Gas Memo", author="Jane Analyst", created=datetime.datetime(2025, 11, 7, 9, 30),
                      heading="Gas Memo", table=[["field", "output"], ["Galkynysh", "high"]])
    assert load_text(data, "/x/memo.docx").text == (
        "---\ntitle: Gas Memo\nsource: Jane Analyst\ndate: 2025-11-07\n---\n"
        "Turkmen gas flowed to China through Galkynysh.\n\nThe Caspian link was discussed.\n\n"
        "field | output\n\nGalkynysh | high\n")


def test_an_author_that_is_only_an_account_name_is_not_a_source():
    data = docx_bytes(["Text on Dushanbe."], author="Microsoft Office User", created=datetime.datetime(2025, 1, 2))
    assert "source" not in load_text(data, "/x/a.docx").text
    pdf = pdf_bytes(REPORT, {"Title": "Microsoft Word - minerals.docx", "Author": "Administrator"})
    assert load_text(pdf, "/x/a.pdf").text.startswith("---\ntitle: minerals\n---\n")


def test_add_a_folder_of_pdf_and_docx_files(tmp_path):
    write(tmp_path, "report.pdf", pdf_bytes(REPORT, INFO))
    write(tmp_path, "memo.docx", docx_bytes(["Turkmen gas flowed to China through Galkynysh."], title="Gas Memo",
                                            author="Jane Analyst", created=datetime.datetime(2025, 11, 7)))
    result = run("add", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == "2 added, 0 updated, 0 unchanged, 0 refused"
    found = {(d["title"], d["source"], d["date"], d["paragraphs"]) for d in sources()}
    assert found == {("Critical Minerals After the Summit", "Steppe Policy Institute", "2025-11-10", 3),
                     ("Gas Memo", "Jane Analyst", "2025-11-07", 1)}
    hit = json.loads(run("ask", "tungsten", "--no-seeds", "-f", "json").stdout)["results"][0]
    assert "Kazakhstan tungsten sector" in hit["text"] and hit["paragraph"] == 2


def test_corpus_reads_a_pdf_as_text_not_as_junk(tmp_path):
    path = write(tmp_path, "report.pdf", pdf_bytes(REPORT, INFO))
    result = run("ask", "tungsten", "--no-seeds", "--corpus", str(path), "-f", "json")
    assert result.exit_code == 0 and result.stderr == ""
    data = json.loads(result.stdout)
    assert [r["title"] for r in data["results"]] == ["Critical Minerals After the Summit"]
    listed = sources("--corpus", str(path))
    assert [d["paragraphs"] for d in listed] == [3]  # not a thousand paragraphs of PDF syntax


@pytest.fixture
def unreadable(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    write(folder, "good.pdf", pdf_bytes(REPORT, INFO))
    write(folder, "locked.pdf", encrypted(pdf_bytes(REPORT, INFO), "secret"))
    write(folder, "scanned.pdf", pdf_bytes([[], []], {"Title": "Scanned"}))
    write(folder, "cut.pdf", pdf_bytes(REPORT, INFO)[:400])
    write(folder, "photo.png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    with zipfile.ZipFile(folder / "bundle.zip", "w") as archive:
        archive.writestr("a.txt", "hello")
    write(folder, "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64))
    return folder


REASONS = {
    "locked.pdf": "an encrypted PDF (it needs a password to open)",
    "scanned.pdf": "a PDF with no text layer (scanned or image-only pages; c5brief reads text, not images)",
    "photo.png": "not a document type c5brief reads (a .png file; it reads .txt, .md, .html, .pdf and .docx)",
    "bundle.zip": "not a document type c5brief reads (a .zip file; it reads .txt, .md, .html, .pdf and .docx)",
    "old.doc": "not a document type c5brief reads (a .doc file; it reads .txt, .md, .html, .pdf and .docx)",
}


def test_add_refuses_each_unreadable_file_by_name_and_adds_the_rest(unreadable):
    result = run("add", str(unreadable))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    for name, reason in REASONS.items():
        assert f"refused: {unreadable / name}: {reason}" in lines
    assert any(line.startswith(f"refused: {unreadable / 'cut.pdf'}: a PDF that cannot be read") for line in lines)
    assert lines[-1] == "1 added, 0 updated, 0 unchanged, 6 refused"


def test_corpus_names_each_file_it_leaves_out(unreadable):
    result = run("ask", "tungsten", "--no-seeds", "--corpus", str(unreadable), "-f", "json")
    assert result.exit_code == 0
    assert [r["title"] for r in json.loads(result.stdout)["results"]] == ["Critical Minerals After the Summit"]
    warnings = result.stderr.splitlines()
    for name, reason in REASONS.items():
        assert f"warning: skipped {unreadable / name}: {reason}" in warnings
    # A file left out is tried again, and named again, on the next run.
    again = run("ask", "tungsten", "--no-seeds", "--corpus", str(unreadable), "-f", "json")
    assert f"warning: skipped {unreadable / 'locked.pdf'}: {REASONS['locked.pdf']}" in again.stderr.splitlines()


def test_files_named_directly_are_read_by_what_they_are(tmp_path):
    png = write(tmp_path, "picture.txt", b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert run("add", str(png)).stderr.splitlines()[0] == f"refused: {png}: not text: a PNG image"
    fake = write(tmp_path, "fake.pdf", b"Just text, though named .pdf.\n")
    assert "not a PDF file, though it is named as one" in run("add", str(fake)).stderr
    xlsx = tmp_path / "sheet.bin"
    with zipfile.ZipFile(xlsx, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert run("add", str(xlsx)).stderr.splitlines()[0] == f"refused: {xlsx}: not text: an Excel workbook"
    only = run("ask", "tungsten", "--no-seeds", "--corpus", str(png))
    assert only.exit_code == 2 and "not text: a PNG image" in only.stderr


def test_a_pdf_with_an_empty_password_is_read():
    data = encrypted(pdf_bytes(REPORT, INFO), "")
    assert "Kazakhstan tungsten sector" in load_text(data, "/x/a.pdf").text


def test_a_pdf_piped_to_add_is_read():
    result = run("add", "-", "--title", "Piped report", input=pdf_bytes(REPORT, INFO))
    assert result.exit_code == 0, result.stderr
    assert [(d["title"], d["paragraphs"]) for d in sources()] == [("Piped report", 3)]


def test_refusals_are_raised_as_file_refused():
    with pytest.raises(FileRefused) as refused:
        load_text(b"GIF89a" + bytes(20), "/x/a.gif")
    assert refused.value.reason == "not text: a GIF image" and refused.value.path == "/x/a.gif"


def test_the_librarys_own_files_are_not_named_as_refused(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "note.txt").write_text("Aral notes\n\nThe Aral Sea shrank.\n")
    library = project / "briefing-lib"
    assert run("add", str(project / "note.txt"), "--library", str(library)).exit_code == 0
    again = run("add", str(project), "--library", str(library))
    assert again.exit_code == 0 and "refused:" not in again.stderr
    asked = run("ask", "Aral", "--no-seeds", "--corpus", str(project), "--library", str(library), "-f", "json")
    assert asked.exit_code == 0 and "library.sqlite" not in asked.stderr
