"""What the loader opens, and what it says about how it read a file (issue 11).

A named pipe is never opened for reading (the read would wait for a writer
for good), whether it is listed, found in a folder, or put in place of a file
after the folder was walked. A file in two encodings is read with a note
naming the file and the encodings assumed.
"""

import json
import os
import subprocess
import sys

import pytest

from c5brief.errors import FileRefused
from c5brief.ingest import Refusal, prepare
from c5brief.load import decode_text, find_sources, read_file
from conftest import run

ARTICLE = "Water talks in Dushanbe\n\nTajik officials said the Rogun dam would change the region's water balance.\n"
pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def in_subprocess(code: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """Run code that might block on a pipe in a process of its own, killed if it does."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)


def test_a_file_that_became_a_named_pipe_is_refused_not_waited_on(tmp_path):
    pipe = tmp_path / "article.txt"
    os.mkfifo(pipe)  # as if replaced after `add` listed the folder
    result = in_subprocess(f"from c5brief.ingest import prepare; print(prepare({str(pipe)!r}))")
    assert result.returncode == 0, result.stderr
    assert "not a regular file (a named pipe)" in result.stdout
    assert prepare(str(pipe)) == Refusal(str(pipe), "not a regular file (a named pipe)")
    with pytest.raises(FileRefused, match="named pipe"):
        read_file(str(pipe))


def test_add_names_a_named_pipe_in_a_folder(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "listed.txt")
    result = subprocess.run([sys.executable, "-m", "c5brief", "add", str(tmp_path), str(tmp_path / "listed.txt"),
                             "--library", str(tmp_path.parent / "lib")], capture_output=True, text=True, timeout=60)
    lines = result.stderr.splitlines()
    assert result.returncode == 2
    assert f"refused: {tmp_path / 'pipe.txt'}: not a regular file (a named pipe)" in lines
    assert f"refused: {tmp_path / 'listed.txt'}: not a regular file (a named pipe)" in lines
    assert lines[-1] == "1 added, 0 updated, 0 unchanged, 2 refused"


def test_corpus_names_a_named_pipe_in_a_folder(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    os.mkfifo(tmp_path / "pipe.md")
    skipped = []
    assert [os.path.basename(s.path) for s in find_sources([tmp_path], skipped=skipped)] == ["a.txt"]
    assert skipped == [(str(tmp_path / "pipe.md"), "not a regular file (a named pipe)")]
    result = run("ask", "Rogun", "--no-seeds", "--corpus", str(tmp_path), "-f", "json")
    assert result.exit_code == 0
    assert f"warning: skipped {tmp_path / 'pipe.md'}: not a regular file (a named pipe)" in result.stderr


def test_a_corpus_file_that_became_a_named_pipe_is_left_out_by_name(tmp_path):
    from c5brief.load import read_document
    from c5brief.models import SourceFile

    pipe = tmp_path / "late.txt"
    os.mkfifo(pipe)
    code = (f"from c5brief.load import read_document; from c5brief.models import SourceFile\n"
            f"try:\n    read_document(SourceFile({str(pipe)!r}, 'corpus', 0, 0))\n"
            f"except Exception as exc:\n    print(type(exc).__name__, exc)")
    assert in_subprocess(code).stdout.startswith("FileRefused")
    with pytest.raises(FileRefused):
        read_document(SourceFile(str(pipe), "corpus", 0, 0))


# A UTF-8 article with a quote pasted from a Windows-1251 file, and one with a
# Windows-1252 aside: each part must come out as written.
UTF8_PART = "Токаев заявил: «Мы готовы» — "
CP1251_PART = "сказал министр в Астане."
MIXED_CYRILLIC = (ARTICLE + "\n" + UTF8_PART).encode("utf-8") + CP1251_PART.encode("cp1251") + b"\n"
MIXED_LATIN = ("Caf\u00e9 talks \u201cin\u201d Z\u00fcrich\n\nThe d\u00e9l\u00e9gation said ").encode("utf-8") + \
    "se\u00f1or P\u00e9rez arrived.\n".encode("cp1252")


def test_mixed_encodings_are_read_part_by_part_with_what_was_assumed():
    text, assumed = decode_text(MIXED_CYRILLIC)
    assert UTF8_PART + CP1251_PART in text
    assert assumed == "UTF-8, with the bytes that are not UTF-8 as Windows-1251 (Cyrillic)"
    text, assumed = decode_text(MIXED_LATIN)
    assert "Caf\u00e9 talks \u201cin\u201d Z\u00fcrich" in text and "se\u00f1or P\u00e9rez" in text
    assert assumed == "UTF-8, with the bytes that are not UTF-8 as Windows-1252 (Western European)"


@pytest.mark.parametrize("text,encoding", [("Привет «ТАСС» и «РИА Новости», Ёлка", "cp1251"),
                                           ("Caf\u00e9 in Z\u00fcrich, \u00a3100", "cp1252"),
                                           ("Plain ASCII only", "ascii"), ("Unicode \u201cquotes\u201d", "utf-8")])
def test_a_file_in_one_encoding_gives_no_note(text, encoding):
    assert decode_text(text.encode(encoding)) == (text, None)


def test_add_and_corpus_say_which_encodings_were_assumed(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes(MIXED_CYRILLIC)
    note = (f"warning: {path}: not valid in any one encoding; read as UTF-8, with the bytes that are not UTF-8 "
            "as Windows-1251 (Cyrillic)")
    added = run("add", str(path))
    assert added.exit_code == 0 and note in added.stderr.splitlines()
    shown = json.loads(run("ask", "Токаев", "--no-seeds", "-f", "json").stdout)["results"][0]["text"]
    assert UTF8_PART + CP1251_PART in shown
    other = tmp_path / "corpus"
    other.mkdir()
    (other / "mixed.txt").write_bytes(MIXED_CYRILLIC)
    asked = run("ask", "Токаев", "--no-seeds", "--corpus", str(other), "-f", "json")
    assert asked.exit_code == 0 and note.replace(str(path), str(other / "mixed.txt")) in asked.stderr.splitlines()
