"""Shared fixtures and helpers: every test gets its own home, cache, data and config folders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
BBC = SHARED / "data" / "bbc-news" / "bbc"


def corrupted(data: bytes, seed: int, pages: int = 6, page_size: int = 4096) -> bytes:
    """`data` with random bytes overwritten on `pages` random pages (the header page spared)."""
    import random

    rng = random.Random(seed)
    damaged = bytearray(data)
    for page in rng.sample(range(1, len(data) // page_size), pages):
        for _ in range(40):
            damaged[page * page_size + rng.randrange(page_size)] = rng.randrange(256)
    return bytes(damaged)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


@pytest.fixture(autouse=True)
def isolated_folders(tmp_path, monkeypatch):
    """No test reads or writes the user's real cache, library or config, or sees their settings."""
    for name in list(os.environ):
        if name.startswith("C5BRIEF_") or name == "NO_COLOR":
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("C5BRIEF_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


@pytest.fixture
def cache_dir(isolated_folders) -> Path:
    return isolated_folders / "cache"


def needs_bbc():
    return pytest.mark.skipif(not BBC.is_dir(), reason="../shared/data/bbc-news is not beside the project")


def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
    """c5brief in this process, through click's CliRunner (stdout and stderr apart)."""
    from c5brief.cli import cli

    return CliRunner().invoke(cli, list(args), env=env, input=input, catch_exceptions=False)


def c5brief(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    """c5brief as a real process (`python -m c5brief`)."""
    return subprocess.run([sys.executable, "-m", "c5brief", *args], capture_output=True, text=True, **kwargs)
