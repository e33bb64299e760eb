"""`pip install` puts the man page and the completion scripts where the platform's tools look."""

import sys

from c5brief.cli.completion import SHELLS
from conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def test_wheel_installs_the_man_page_and_every_completion_script():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    shared = config["tool"]["hatch"]["build"]["targets"]["wheel"]["shared-data"]
    assert all((ROOT / source).is_file() for source in shared)
    assert shared["man/c5brief.1"] == "share/man/man1/c5brief.1"
    assert {f"completions/c5brief.{shell}" for shell in SHELLS} <= set(shared)
    assert shared["completions/c5brief.bash"] == "share/bash-completion/completions/c5brief"
    assert shared["completions/c5brief.zsh"] == "share/zsh/site-functions/_c5brief"
    assert shared["completions/c5brief.fish"] == "share/fish/vendor_completions.d/c5brief.fish"
    assert "man/" in config["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
