"""Command-line conventions: help, README, man page, colour, configuration."""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from c5brief.cli import all_commands, cli
from c5brief.manpage import render

from conftest import ROOT

COMMANDS = sorted(all_commands())
COLOUR = re.compile(r"\x1b\[[0-9;]*3[0-9][0-9;]*m")  # a foreground colour, not just bold or dim


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_examples_that_fits_80_columns(name):
    for flag in ("-h", "--help"):
        result = run(name, flag)
        assert result.exit_code == 0
        assert "Examples:" in result.stdout and "Exit status" in result.stdout
        too_wide = [line for line in result.stdout.splitlines() if len(line) > 80]
        assert too_wide == []


def test_top_level_help_fits_80_columns_and_lists_every_command():
    result = run("--help")
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    assert all(re.search(rf"^  {name}\b", result.stdout, re.M) for name in COMMANDS)


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    assert [name for name in COMMANDS if f"c5brief {name}" not in readme] == []


def test_man_page_is_in_sync_and_well_formed():
    committed = (ROOT / "man" / "c5brief.1").read_text()
    assert committed == render(cli), "regenerate: python -m c5brief.manpage > man/c5brief.1"
    for name in COMMANDS:
        assert f".SS {name}\n" in committed
    if shutil.which("groff"):
        checked = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", str(ROOT / "man" / "c5brief.1")],
                                 capture_output=True, text=True)
        assert checked.returncode == 0 and checked.stderr == ""


# Colour

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


@pytest.mark.skipif(not shutil.which("script"), reason="needs script(1) for a terminal")
@pytest.mark.parametrize("env, coloured", [({}, True), ({"NO_COLOR": "1"}, False), ({"TERM": "dumb"}, False)])
def test_a_terminal_is_coloured_unless_no_color_or_dumb(env, coloured):
    command = f"{sys.executable} -m c5brief ask Jackson-Vanik -k 1"
    full = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", **env}
    shown = subprocess.run(["script", "-qec", command, "/dev/null"], capture_output=True, text=True, env=full).stdout
    assert "Central Asian Leaders" in shown and "## Sources" not in shown  # rich, not Markdown
    assert bool(COLOUR.search(shown)) is coloured


# Configuration

@pytest.fixture
def config_file(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    monkeypatch.setenv("C5BRIEF_CONFIG", str(path))
    return path


def test_config_file_sets_defaults_and_env_and_options_win(config_file):
    config_file.write_text('format = "json"\nlimit = 2\n')
    assert len(json.loads(run("ask", "Central Asia").stdout)["results"]) == 2
    assert len(json.loads(run("ask", "Central Asia", env={"C5BRIEF_LIMIT": "3"}).stdout)["results"]) == 3
    assert len(json.loads(run("ask", "Central Asia", "-k", "4").stdout)["results"]) == 4
    assert run("ask", "Central Asia", "-f", "md").stdout.startswith("# Central Asia")
    assert run("country", "KZ").stdout.startswith("{")  # format applies to every command that has it


def test_config_seeds_false_and_library(config_file, tmp_path):
    (tmp_path / "a.txt").write_text("Aral\n\nThe Aral Sea shrank.\n")
    config_file.write_text(f'seeds = false\nlibrary = "{tmp_path / "lib"}"\n')
    assert run("add", str(tmp_path / "a.txt")).exit_code == 0
    assert (tmp_path / "lib" / "library.sqlite").exists()
    listed = json.loads(run("sources", "-f", "json").stdout)["documents"]
    assert [d["title"] for d in listed] == ["Aral"]


def test_config_command_says_where_each_setting_comes_from(config_file):
    config_file.write_text('limit = 7\ncolor = "never"\n')
    report = json.loads(run("config", "-f", "json", env={"C5BRIEF_FORMAT": "text"}).stdout)
    sources = {s["key"]: (s["value"], s["from"]) for s in report["settings"]}
    assert sources["limit"] == (7, f"config {config_file}")
    assert sources["format"] == ("text", "env C5BRIEF_FORMAT")
    assert sources["length"] == (300, "default")
    assert report["config_found"] is True
    text = run("config").stdout
    assert f"config file: {config_file}" in text and re.search(r"limit\s+7\s+config", text)
    assert run("config", "--path").stdout == f"{config_file}\n"


@pytest.mark.parametrize("content, message", [
    ("limit = ", "not valid TOML"),
    ('formt = "json"', "unknown setting 'formt'; did you mean format?"),
    ('limit = "many"', "limit must be a whole number"),
])
def test_a_bad_config_file_is_one_line_naming_it(config_file, content, message):
    config_file.write_text(content)
    for args in (["ask", "Caspian"], ["config"]):
        result = run(*args)
        assert result.exit_code == 2
        [line] = result.stderr.strip().splitlines()
        assert line.startswith(f"Error: config file {config_file}") and message in line
