"""Options every command shares: colour on a terminal, NO_COLOR, TERM=dumb, --color."""

import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import run

COLOUR = re.compile(r"\x1b\[[0-9;]*3[0-9][0-9;]*m")  # a foreground colour, not just bold or dim


def test_color_always_forces_rich_colour_even_when_piped():
    coloured = run("ask", "Jackson-Vanik", "--color", "always", "-k", "1").stdout
    assert "\x1b[" in coloured and "## Sources" not in coloured


def test_color_never_gives_rich_layout_without_escape_codes():
    plain = run("ask", "Jackson-Vanik", "--color", "never", "-f", "rich", "-k", "1").stdout
    assert "\x1b" not in plain and "Jackson-Vanik" in plain


def test_color_env_var_and_no_color():
    assert "\x1b[" in run("country", "KZ", env={"C5BRIEF_COLOR": "always"}).stdout
    assert "\x1b[" not in run("country", "KZ", "-f", "rich").stdout  # not a terminal
    # NO_COLOR removes colour but an explicit --color always wins, as no-color.org asks.
    assert COLOUR.search(run("ask", "Caspian", "--color", "always", env={"NO_COLOR": "1"}).stdout)


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("script"), reason="needs script(1) for a terminal")
@pytest.mark.parametrize("env, coloured", [({}, True), ({"NO_COLOR": "1"}, False), ({"TERM": "dumb"}, False)])
def test_a_terminal_is_coloured_unless_no_color_or_dumb(env, coloured):
    command = f"{sys.executable} -m c5brief ask Jackson-Vanik -k 1"
    full = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", **env}
    shown = subprocess.run(["script", "-qec", command, "/dev/null"], capture_output=True, text=True, env=full).stdout
    assert "Central Asian Leaders" in shown and "## Sources" not in shown  # rich, not Markdown
    assert bool(COLOUR.search(shown)) is coloured
