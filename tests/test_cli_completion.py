"""Shell completion: committed scripts in sync, and candidates offered in real bash, zsh and fish."""

import fcntl
import os
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
import time

import pytest
from click.shell_completion import ShellComplete
from click.testing import CliRunner

from c5brief.cli import cli
from c5brief.cli.completion import SHELLS, completion_script
from conftest import ROOT

COMPLETIONS = ROOT / "completions"
ANSI = re.compile(rb"\x1b\[[0-9;?]*[a-zA-Z]|\x1b\([A-Z]|\x1b[>=]|\x1b\][^\x07]*\x07|\r|\x07|\x08")


@pytest.mark.parametrize("shell", SHELLS)
def test_committed_scripts_match_the_application(shell):
    committed = (COMPLETIONS / f"c5brief.{shell}").read_text()
    assert committed == completion_script(shell, cli), \
        f"regenerate: c5brief completion {shell} > completions/c5brief.{shell}"
    printed = CliRunner().invoke(cli, ["completion", shell])
    assert printed.exit_code == 0 and printed.stdout == committed


def offered(args, incomplete):
    completer = ShellComplete(cli, {}, "c5brief", "_C5BRIEF_COMPLETE")
    return [item.value for item in completer.get_completions(args, incomplete)]


def test_countries_in_every_spelling():
    assert offered(["country"], "")[:6] == ["kazakhstan", "kyrgyzstan", "tajikistan", "turkmenistan", "uzbekistan",
                                           "united-states"]
    assert {"kirghizia", "kyrgyz"} <= set(offered(["country"], "kir") + offered(["country"], "kyr"))
    assert "turkmenia" in offered(["brief", "--country"], "Turkm")
    assert "астана" not in offered(["country"], "")  # capitals are places, not country names
    assert offered(["country"], "zz") == []


def test_topics_with_their_keywords():
    topics = offered(["topic"], "")
    assert {"minerals", "trade", "water", "rights"} <= set(topics)
    assert "rare-earths" in offered(["brief", "--topic"], "rare")


def test_formats_and_commands():
    assert offered(["ask", "--format"], "") == ["rich", "md", "text", "json", "jsonl"]
    assert offered([], "cou") == ["countries", "country"]


def test_document_and_paragraph_ids():
    ids = offered(["show"], "")
    assert len(ids) == 2 and all(re.fullmatch(r"[0-9a-f]{10}", i) for i in ids)
    paragraphs = offered(["show"], ids[0] + ".p1")
    assert paragraphs[0] == ids[0] + ".p1" and all(p.startswith(ids[0] + ".p1") for p in paragraphs)


def test_library_ids_for_remove(tmp_path):
    assert offered(["remove"], "") == []
    (tmp_path / "a.txt").write_text("Aral\n\nThe Aral Sea shrank.\n")
    CliRunner().invoke(cli, ["add", str(tmp_path / "a.txt"), "--library", str(tmp_path / "lib")])
    [doc_id] = offered(["remove", "--library", str(tmp_path / "lib")], "")
    assert offered(["show", "--library", str(tmp_path / "lib")], doc_id) == [doc_id, f"{doc_id}.p1"]


def test_an_edited_documents_paragraph_ids_are_the_ones_it_has(tmp_path):
    library = ["--library", str(tmp_path / "lib")]
    (tmp_path / "a.txt").write_text("Aral\n\nThe Aral Sea shrank.\n\nFishermen left Aralsk.\n")
    CliRunner().invoke(cli, ["add", str(tmp_path / "a.txt"), *library])
    (tmp_path / "a.txt").write_text("Aral\n\nThe Aral Sea grew again.\n\nFishermen left Aralsk.\n")
    CliRunner().invoke(cli, ["add", str(tmp_path / "a.txt"), *library])
    [doc_id] = offered(["remove", *library], "")
    assert offered(["show", *library], doc_id) == [doc_id, f"{doc_id}.p3", f"{doc_id}.p2"]


def test_paths_for_add_are_left_to_the_shell():
    items = ShellComplete(cli, {}, "c5brief", "_C5BRIEF_COMPLETE").get_completions(["add"], "")
    assert [item.type for item in items] == ["file"]


def test_a_broken_library_offers_nothing_rather_than_failing(tmp_path):
    (tmp_path / "library.sqlite").write_bytes(b"garbage" * 100)
    assert offered(["remove", "--library", str(tmp_path)], "") == []


# Real shells: the committed script loaded, TAB pressed in a terminal.

SESSIONS = {
    "bash": (["bash", "--norc", "--noprofile", "-i"],
             "source {script}; bind 'set show-all-if-ambiguous on'; bind 'set completion-query-items 1000'"),
    "zsh": (["zsh", "-f", "-i"], "autoload -Uz compinit && compinit -u && source {script}"),
    "fish": (["fish", "--no-config", "-i"], "source {script}"),
}
CASES = [
    ("c5brief cou", ["countries", "country"], ["matrix"]),
    ("c5brief country ka", ["kazakhstan", "kazakh", "kazakhstani"], ["kyrgyzstan", "uzbekistan"]),
    ("c5brief ask --format ", ["rich", "jsonl", "json", "md", "text"], ["kazakhstan"]),
]


def shell_session(shell: str, typed: str, expected: list[str], timeout: float = 30.0) -> str:
    """What the terminal shows after typing `typed` and pressing TAB twice."""
    argv, setup = SESSIONS[shell]
    env = {**os.environ, "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"],
           "TERM": "xterm", "COLUMNS": "200", "LINES": "50"}
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))

    def controlling_terminal():
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT,
                               preexec_fn=controlling_terminal)
    os.close(slave)
    screen = bytearray()

    def read_until(done, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not done():
            if select.select([master], [], [], 0.1)[0]:
                try:
                    screen.extend(os.read(master, 65536))
                except OSError:
                    return

    def shown(start=0):
        return ANSI.sub(b" ", bytes(screen[start:])).decode(errors="replace")  # a cursor move parts words too

    try:
        script = COMPLETIONS / f"c5brief.{shell}"
        os.write(master, (setup.format(script=script) + "\n" + "echo READY$((6*7))\n".replace(
            "$((6*7))", "(math 6 \\* 7)" if shell == "fish" else "$((6*7))")).encode())
        read_until(lambda: "READY42" in shown(), timeout)
        start = len(screen)
        os.write(master, typed.encode() + b"\t")
        time.sleep(0.5)
        os.write(master, b"\t")
        read_until(lambda: all(word in shown(start).split() for word in expected), timeout)
        return shown(start)
    finally:
        process.kill()
        process.wait()
        os.close(master)


@pytest.mark.slow
@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("typed, expected, unexpected", CASES)
def test_tab_in_a_real_shell(shell, typed, expected, unexpected):
    if not shutil.which(shell):
        pytest.skip(f"{shell} is not installed")
    words = shell_session(shell, typed, expected).split()
    assert [w for w in expected if w not in words] == [], words
    assert [w for w in unexpected if w in words] == []
