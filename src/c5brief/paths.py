"""Where c5brief keeps its cache, configuration and library.

Environment variables override everything (C5BRIEF_CACHE_DIR, C5BRIEF_CONFIG_DIR,
C5BRIEF_DATA_DIR). On Linux the XDG Base Directory rule is applied directly, the
same rule platformdirs applies there: importing platformdirs costs ~10 ms
(pathlib, tempfile), a tenth of a warm query's budget. Elsewhere platformdirs
decides.
"""

from __future__ import annotations

import os
import sys

from c5brief import environment

APP = "c5brief"
_OVERRIDES = {"cache": environment.CACHE_DIR, "config": environment.CONFIG_DIR, "data": environment.DATA_DIR}
_XDG = {"cache": ("XDG_CACHE_HOME", ".cache"), "config": ("XDG_CONFIG_HOME", ".config"),
        "data": ("XDG_DATA_HOME", os.path.join(".local", "share"))}


def _folder(kind: str) -> str:
    override = os.environ.get(_OVERRIDES[kind])
    if override:
        return os.path.expanduser(override)
    if sys.platform.startswith("linux"):
        variable, default = _XDG[kind]
        base = os.environ.get(variable, "").strip()
        if not os.path.isabs(base):  # the XDG spec says relative values are ignored
            base = os.path.join(os.path.expanduser("~"), default)
        return os.path.join(base, APP)
    import platformdirs

    finder = {"cache": platformdirs.user_cache_dir, "config": platformdirs.user_config_dir,
              "data": platformdirs.user_data_dir}[kind]
    return finder(APP, appauthor=False)


PACKAGE_GAZETTEER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "gazetteer.json")
BILINGUAL_TERMS = os.path.join(os.path.dirname(PACKAGE_GAZETTEER), "bilingual_terms.json")


def gazetteer_files(extra: tuple[str, ...] | list[str] = ()) -> tuple[str, ...]:
    """The package gazetteer, then the user's config-folder file if present, then `extra`."""
    files = [PACKAGE_GAZETTEER]
    user = os.path.join(config_dir(), "gazetteer.json")
    if os.path.isfile(user):
        files.append(user)
    return tuple(files + [os.path.abspath(p) for p in extra])


def bilingual_terms_file() -> str:
    """The package's pairs of English and Russian key terms (always read with the gazetteer)."""
    return BILINGUAL_TERMS


def cache_dir() -> str:
    return _folder("cache")


def config_dir() -> str:
    return _folder("config")


def data_dir() -> str:
    return _folder("data")


LIBRARY_FILE = "library.sqlite"


def library_file(folder: str | None = None) -> str:
    """The library file in `folder`, else in the platform's data folder."""
    return os.path.join(os.path.expanduser(folder) if folder else data_dir(), LIBRARY_FILE)


CONFIG_FILE = "config.toml"


def config_file() -> str:
    """The TOML config file: C5BRIEF_CONFIG, else config.toml in the config folder."""
    override = os.environ.get(environment.CONFIG)
    return os.path.expanduser(override) if override else os.path.join(config_dir(), CONFIG_FILE)
