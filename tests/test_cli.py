"""The command line as a whole: errors, version, help, and c5brief as a real process in pipes."""

import json
import re
import shutil
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from c5brief import __version__
from c5brief.cli import cli
from c5brief.cli.settings import commands
from conftest import ROOT, c5brief, run

COMMANDS = sorted(commands(cli))


def test_internal_errors_are_one_line_unless_debugging(monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr("c5brief.retrieve.ask", boom)
    result = CliRunner().invoke(cli, ["ask", "Caspian"])
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: internal error: RuntimeError: kaboom")
    assert "Traceback" not in result.stderr
    debug = CliRunner().invoke(cli, ["--debug", "ask", "Caspian"])
    assert isinstance(debug.exception, RuntimeError)


@pytest.mark.parametrize("command", [["ask", "Caspian"], ["country", "kazakhstan"], ["sources"]])
@pytest.mark.parametrize("signum, status, said", [(0, 130, "Interrupted."), (15, 143, "Interrupted (SIGTERM)."),
                                                  (1, 129, "Interrupted (SIGHUP).")])
def test_an_interrupted_command_exits_128_plus_the_signal_not_1(monkeypatch, command, signum, status, said):
    from c5brief import corpus
    from c5brief.errors import Interrupted

    def interrupted(*args, **kwargs):
        raise Interrupted(signum) if signum else KeyboardInterrupt

    monkeypatch.setattr(corpus, "open_index", interrupted)  # as if it came during the index build
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == status
    assert result.stderr.strip().splitlines() == [said] and "Aborted" not in result.stderr


@pytest.mark.parametrize("signum, status, said", [(0, 130, "Interrupted."), (15, 143, "Interrupted (SIGTERM).")])
def test_an_interruption_while_options_are_parsed_exits_128_plus_the_signal(monkeypatch, signum, status, said):
    from c5brief.errors import Interrupted

    def interrupted(self, ctx, args):
        raise Interrupted(signum) if signum else KeyboardInterrupt

    monkeypatch.setattr(click.Group, "parse_args", interrupted)  # before any command runs
    result = CliRunner().invoke(cli, ["--debug", "country", "kazakhstan"])
    assert result.exit_code == status
    assert result.stderr.strip().splitlines() == [said] and "Aborted" not in result.stderr


def test_version():
    assert run("--version").stdout.strip() == f"c5brief, version {__version__}"
    assert run("-V").stdout.strip() == f"c5brief, version {__version__}"


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
    assert result.exit_code == 0 and "Examples:" in result.stdout
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    assert all(re.search(rf"^  {name}\b", result.stdout, re.M) for name in COMMANDS)


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    # The whole command word: `c5brief topics` does not stand for `c5brief topic`.
    assert [name for name in COMMANDS if not re.search(rf"c5brief {name}(?![\w-])", readme)] == []


# Real processes: the installed entry point, pipes and terminals.

@pytest.mark.slow
def test_subprocess_json_and_exit_codes():
    ok = c5brief("ask", "Jackson-Vanik", "--format", "json")
    assert ok.returncode == 0 and json.loads(ok.stdout)["results"]
    assert c5brief("ask", "zanzibar").returncode == 1
    bad = c5brief("ask", "the")
    assert bad.returncode == 2 and bad.stderr.startswith("Error:") and len(bad.stderr.splitlines()) == 1


@pytest.mark.slow
def test_subprocess_piped_output_is_plain_markdown():
    out = c5brief("ask", "critical minerals").stdout
    assert out.startswith("\n# critical minerals") and "\x1b" not in out


@pytest.mark.slow
def test_piping_into_head_ends_quietly(tmp_path):
    # Far more output than a pipe buffers (64 KiB), so c5brief is still writing when head leaves.
    paragraphs = [f"Paragraph {n} on the Caspian shipping lanes, " + "cargo ports and ferries " * 12
                  for n in range(600)]
    big = tmp_path / "big.txt"
    big.write_text("Caspian shipping\n\n" + "\n\n".join(paragraphs) + "\n")
    shell = f"{sys.executable} -m c5brief ask Caspian -k 1000 --corpus {big} | head -2"
    result = subprocess.run(["bash", "-c", f"set -o pipefail; {shell}"], capture_output=True, text=True)
    assert result.stdout == "\n# Caspian\n"
    assert result.stderr == ""
    assert result.returncode == 0


@pytest.mark.slow
def test_a_warm_query_imports_neither_nltk_nor_rich():
    code = ("import sys\nfrom c5brief.cli import main\n"
            "try:\n    main(['ask', 'Jackson-Vanik', '-f', 'json'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('nltk', 'rich', 'bs4') if m in sys.modules), file=sys.stderr)\n")
    cold = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "'nltk'" in cold.stderr.splitlines()[-1]  # building the index needs the stemmer
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert json.loads(warm.stdout)["results"]
    assert warm.stderr.splitlines()[-1] == "[]"


@pytest.mark.slow
def test_python_dash_m_matches_console_script():
    script = shutil.which("c5brief")
    if not script:
        pytest.skip("c5brief is not installed on PATH")
    a = subprocess.run([script, "ask", "Aktau", "-f", "json"], capture_output=True, text=True)
    assert json.loads(a.stdout) == json.loads(c5brief("ask", "Aktau", "-f", "json").stdout)
