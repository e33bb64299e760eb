"""User settings: each comes from the command line, an environment variable, the config file or
its default, in that order of precedence.

The config file is TOML (`config.toml` in the user config folder, or the file
C5BRIEF_CONFIG names). Its keys are the settings below; click applies them
as the commands' defaults, so an option or environment variable still wins.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from c5brief.errors import InputError

from c5brief.paths import config_file as config_path  # noqa: F401 - where the file is read from


@dataclass(frozen=True)
class Setting:
    key: str  # in config.toml
    param: str  # the click parameter it sets
    envvar: str | None
    default: Any
    kind: type  # str, int, bool or list (of str)
    help: str


SETTINGS = (
    Setting("format", "output_format", "C5BRIEF_FORMAT", None, str,
            "output format; unset: rich on a terminal, md when piped"),
    Setting("color", "color", "C5BRIEF_COLOR", "auto", str, "auto, always or never (NO_COLOR and TERM=dumb mean never)"),
    Setting("limit", "limit", "C5BRIEF_LIMIT", 5, int, "passages `ask` shows"),
    Setting("length", "length", "C5BRIEF_LENGTH", 300, int, "about how many words a brief runs to"),
    Setting("library", "library_dir", "C5BRIEF_LIBRARY", None, str, "library folder; unset: the user data folder"),
    Setting("corpus", "corpus_paths", "C5BRIEF_CORPUS", [], list, "files or folders searched besides the library"),
    Setting("gazetteer", "gazetteer_files", "C5BRIEF_GAZETTEER", [], list, "extra gazetteer files"),
    Setting("seeds", "no_seeds", None, True, bool, "search the bundled seed articles"),
)
_BY_KEY = {s.key: s for s in SETTINGS}


@dataclass(frozen=True)
class Effective:
    """A setting's value in force and where it came from."""

    key: str
    value: Any
    source: str  # "option or default", "env NAME", "config PATH", "default"
    help: str


def read_config(path: str) -> dict[str, Any]:
    """The settings in the config file; {} when there is none."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise InputError(f"config file {path}: cannot read ({exc.strerror or exc})") from exc
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"config file {path}: not valid TOML ({exc})") from exc
    for key, value in data.items():
        _check(path, key, value)
    return data


def _check(path: str, key: str, value: Any) -> None:
    setting = _BY_KEY.get(key)
    if setting is None:
        import difflib

        close = difflib.get_close_matches(key, list(_BY_KEY), n=1)
        hint = f"did you mean {close[0]}?" if close else f"known: {', '.join(_BY_KEY)}"
        raise InputError(f"config file {path}: unknown setting {key!r}; {hint}")
    good = (isinstance(value, list) and all(isinstance(v, str) for v in value)) if setting.kind is list \
        else isinstance(value, setting.kind) and not (setting.kind is int and isinstance(value, bool))
    if not good:
        wanted = {str: "a string", int: "a whole number", bool: "true or false", list: "a list of strings"}
        raise InputError(f"config file {path}: {key} must be {wanted[setting.kind]}, not {value!r}")


def default_map(config: dict[str, Any], commands: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """click's default_map: each command's parameter defaults taken from the config file."""
    mapping: dict[str, dict[str, Any]] = {}
    for name, command in commands.items():
        defaults = {}
        for param in command.params:
            for key, value in config.items():
                setting = _BY_KEY[key]
                if param.name != setting.param:
                    continue
                value = _param_value(setting, value)
                choices = getattr(param.type, "choices", None)
                if choices is None or value in choices:  # e.g. format = "jsonl" suits `ask` only
                    defaults[param.name] = value
        if defaults:
            mapping[name] = defaults
    return mapping


def _param_value(setting: Setting, value: Any) -> Any:
    if setting.key == "seeds":
        return not value  # the option is --no-seeds
    if setting.kind is list:
        return [os.path.expanduser(v) for v in value]
    if setting.key == "library":
        return os.path.expanduser(value)
    return value


def effective(path: str, config: dict[str, Any]) -> list[Effective]:
    """Every setting with its value in force (before any command-line option) and its source."""
    found = []
    for setting in SETTINGS:
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
        found.append(Effective(setting.key, value, source, setting.help))
    return found


@dataclass(frozen=True)
class SettingsReport:
    config_path: str
    config_found: bool
    folders: dict[str, str]  # what -> where: the library, cache, data and config folders
    settings: list[Effective]


def settings_report() -> SettingsReport:
    """The effective settings and c5brief's folders, for `c5brief config`."""
    from c5brief import paths

    path = config_path()
    config = read_config(path)
    library_dir = os.environ.get("C5BRIEF_LIBRARY") or config.get("library")
    folders = {"library": paths.library_file(library_dir), "cache": paths.cache_dir(),
               "data": paths.data_dir(), "config": paths.config_dir()}
    return SettingsReport(path, os.path.isfile(path), folders, effective(path, config))
