"""User settings: each comes from the command line, an environment variable, the config file
or its default, in that order of precedence.

The config file is TOML (`config.toml` in the user config folder, or the file
C5BRIEF_CONFIG names). Which settings exist, their environment variables and
their help are not listed here: they come from the command line's own options
(c5brief.cli.settings), the one place they are declared.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from c5brief.errors import InputError

MAX_CONFIG_BYTES = 1024 * 1024  # a config file is a few lines


@dataclass(frozen=True)
class Setting:
    key: str  # in config.toml
    param: str  # the click parameter it sets
    envvar: str | None
    default: Any
    kind: type  # str, int, bool or list (of str)
    help: str
    choices: tuple[str, ...] | None = None
    inverted: bool = False  # the option is the negation of the key (seeds = false is --no-seeds)
    bounds: tuple[float | None, float | None] = (None, None)  # a number's least and greatest values


@dataclass(frozen=True)
class Effective:
    """A setting's value in force and where it came from."""

    key: str
    value: Any
    source: str  # "env NAME", "config PATH" or "default"
    help: str
    envvar: str | None = None


@dataclass(frozen=True)
class SettingsReport:
    config_path: str
    config_found: bool
    folders: dict[str, str]  # what -> where: the library, cache, data and config folders
    settings: list[Effective]


def read_config(path: str, settings: Sequence[Setting]) -> dict[str, Any]:
    """The settings in the config file, checked; {} when there is none."""
    from c5brief.hashing import read_capped

    if not os.path.lexists(path):
        return {}
    raw = read_capped(path, f"config file {path}", MAX_CONFIG_BYTES)  # not /dev/zero, not a FIFO
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    try:
        data: dict[str, Any] = tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"config file {path}: not valid TOML ({exc})") from exc
    except RecursionError as exc:
        raise InputError(f"config file {path}: nested too deeply to be a config file") from exc
    by_key = {s.key: s for s in settings}
    for key, value in data.items():
        _check(path, by_key, key, value)
    return data


def _check(path: str, by_key: dict[str, Setting], key: str, value: Any) -> None:
    setting = by_key.get(key)
    if setting is None:
        import difflib

        close = difflib.get_close_matches(key, list(by_key), n=1)
        hint = f"did you mean {close[0]}?" if close else f"known: {', '.join(by_key)}"
        raise InputError(f"config file {path}: unknown setting {key!r}; {hint}")
    if setting.kind is list:
        good = isinstance(value, list) and all(isinstance(v, str) for v in value)
    else:
        good = isinstance(value, setting.kind) and not (setting.kind is int and isinstance(value, bool))
    if not good:
        wanted = {str: "a string", int: "a whole number", bool: "true or false", list: "a list of strings"}
        raise InputError(f"config file {path}: {key} must be {wanted[setting.kind]}, not {_shown(value)}")
    if setting.choices is not None and value not in setting.choices:
        raise InputError(f"config file {path}: {key} must be one of {', '.join(setting.choices)}; "
                         f"not {_shown(value)}")
    low, high = setting.bounds
    if (low is not None and value < low) or (high is not None and value > high):
        span = f"from {low} to {high}" if low is not None and high is not None else \
            f"at least {low}" if low is not None else f"at most {high}"
        raise InputError(f"config file {path}: {key} must be {span}, not {_shown(value)}")


def _shown(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:39] + "…"


def effective(path: str, config: dict[str, Any], settings: Sequence[Setting]) -> list[Effective]:
    """Every setting with its value in force (before any command-line option) and its source."""
    found = []
    for setting in settings:
        if setting.envvar and os.environ.get(setting.envvar):
            value: Any = os.environ[setting.envvar]
            if setting.kind is list:
                value = [p for p in value.split(os.pathsep) if p]
            elif setting.kind is int and value.strip().isdigit():
                value = int(value)
            source = f"env {setting.envvar}"
        elif setting.key in config:
            value, source = config[setting.key], f"config {path}"
        else:
            value, source = setting.default, "default"
        if setting.key == "color" and value == "auto":
            if os.environ.get("NO_COLOR"):
                value, source = "never", f"{source}; NO_COLOR is set"
            elif os.environ.get("TERM") == "dumb":
                value, source = "never", f"{source}; TERM=dumb"
        found.append(Effective(setting.key, value, source, setting.help, setting.envvar))
    return found


def settings_report(settings: Sequence[Setting]) -> SettingsReport:
    """The effective settings and c5brief's folders, for `c5brief config`."""
    from c5brief import paths

    path = paths.config_file()
    config = read_config(path, settings)
    library = next((e.value for e in effective(path, config, settings) if e.key == "library"), None)
    folders = {"library": paths.library_file(library), "cache": paths.cache_dir(),
               "data": paths.data_dir(), "config": paths.config_dir()}
    return SettingsReport(path, os.path.isfile(path), folders, effective(path, config, settings))
