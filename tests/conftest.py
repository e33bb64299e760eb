"""Shared fixtures: every test gets its own cache, data and config folders."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
BBC = SHARED / "data" / "bbc-news" / "bbc"


@pytest.fixture(autouse=True)
def isolated_folders(tmp_path, monkeypatch):
    """No test reads or writes the user's real cache, library or config."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("C5BRIEF_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("C5BRIEF_CORPUS", "C5BRIEF_FORMAT", "C5BRIEF_LIMIT", "C5BRIEF_DEBUG",
                 "C5BRIEF_LIBRARY", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.fixture
def cache_dir(isolated_folders) -> Path:
    return isolated_folders / "cache"


def needs_bbc():
    return pytest.mark.skipif(not BBC.is_dir(), reason="../shared/data/bbc-news is not beside the project")
