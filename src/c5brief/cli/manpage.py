"""The man page, generated from the click application: `python -m c5brief.cli.manpage > man/c5brief.1`.

It is committed in man/ and a test regenerates it, so it cannot drift from
`--help`. No date goes in, so the output depends on the code alone.
"""

from __future__ import annotations

import inspect

import click

from c5brief import __version__, environment
from c5brief.cli.errors import DEBUG_ENV
from c5brief.cli.settings import settings_of

_SECTIONS = """\
.SH FILES
.TP
.I ~/.config/c5brief/config.toml
Settings: format, color, limit, length, library, corpus, gazetteer, seeds.
.TP
.I ~/.config/c5brief/gazetteer.json
Extra names, spellings and topics merged over the built\\-in gazetteer.
.TP
.I ~/.local/share/c5brief/library.sqlite
The document library.
.TP
.I ~/.cache/c5brief/
The index (SQLite), rebuilt whenever it is missing, stale or damaged.
.SH EXIT STATUS
0 found (or done), 1 nothing found, 2 usage or input error (including a file
refused by add, a damaged, read\\-only or full library, a \\-\\-library that does
not exist), 3 internal error, 130 interrupted (Ctrl\\-C), 143 SIGTERM, 129 SIGHUP.
"""


def render(root: click.Group) -> str:
    """The whole page as roff (man macros)."""
    context = click.Context(root, info_name="c5brief", **root.context_settings)
    lines = [f'.TH C5BRIEF 1 "" "c5brief {__version__}" "User Commands"', ".SH NAME",
             "c5brief \\- " + _escape(root.get_short_help_str(limit=200)), ".SH SYNOPSIS",
             ".B c5brief", "[\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]...", ".SH DESCRIPTION"]
    lines += _paragraphs(root.help or "")
    lines += [".SH OPTIONS", *_options(root, context), ".SH COMMANDS"]
    for name in root.list_commands(context):
        command = root.get_command(context, name)
        if command is None or command.hidden:
            continue
        sub = click.Context(command, info_name=name, parent=context, **command.context_settings)
        usage = " ".join(command.collect_usage_pieces(sub))
        lines += [f".SS {name}", f".B c5brief {name}", _escape(usage), ".PP"]
        lines += _paragraphs(command.help or "")
        lines += _options(command, sub)
    lines += _environment(root)
    return "\n".join(lines) + "\n" + _SECTIONS


def _environment(root: click.Group) -> list[str]:
    """Every variable c5brief reads: the options' own, then the others (c5brief.environment)."""
    lines = [".SH ENVIRONMENT"]
    for setting in settings_of(root):
        if setting.envvar:
            lines += [".TP", f".B {setting.envvar}", _escape(f"Default for --{setting.key}: {setting.help}.")]
    variables = (*environment.VARIABLES, (DEBUG_ENV, "Show tracebacks for unexpected errors (as --debug)."))
    for name, meaning in variables:
        lines += [".TP", f".B {name}", _escape(meaning)]
    return lines


def _options(command: click.Command, context: click.Context) -> list[str]:
    lines = []
    for param in command.get_params(context):
        record = None if isinstance(param, click.Argument) else param.get_help_record(context)
        if record:
            lines += [".TP", f".B {_escape(record[0])}", _escape(record[1])]
    return lines


def _paragraphs(text: str) -> list[str]:
    """click's help text: blank-line paragraphs, and \\b blocks kept verbatim."""
    lines: list[str] = []
    for block in inspect.cleandoc(text).split("\n\n"):
        if block.startswith("\b"):
            lines += [".PP", ".nf", *(_escape(line) for line in block[1:].strip("\n").split("\n")), ".fi"]
        else:
            lines += [".PP", _escape(" ".join(block.split()))]
    return lines


def _escape(text: str) -> str:
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text.startswith((".", "'")) else text


if __name__ == "__main__":
    from c5brief.cli import cli

    print(render(cli), end="")
