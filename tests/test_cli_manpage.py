"""The man page is generated from the application, committed, and well formed."""

import shutil
import subprocess

from c5brief.cli import cli
from c5brief.cli.manpage import render
from c5brief.cli.settings import commands
from conftest import ROOT

COMMANDS = sorted(commands(cli))


def test_man_page_is_in_sync_and_well_formed():
    committed = (ROOT / "man" / "c5brief.1").read_text()
    assert committed == render(cli), "regenerate: python -m c5brief.cli.manpage > man/c5brief.1"
    for name in COMMANDS:
        assert f".SS {name}\n" in committed
    if shutil.which("groff"):
        checked = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", str(ROOT / "man" / "c5brief.1")],
                                 capture_output=True, text=True)
        assert checked.returncode == 0 and checked.stderr == ""
