"""The settings, read off the commands' own options, and the config file applied as their defaults.

click's default_map carries the config file's values, so an option given on
the command line or through its environment variable still wins.
"""

from __future__ import annotations

import os
import re
from typing import Any

import click

from c5brief.cli.options import SettingOption
from c5brief.config import Setting, read_config


def commands(root: click.Group) -> dict[str, click.Command]:
    """Every command of the application, by name (imports them all)."""
    context = click.Context(root)
    found = {}
    for name in root.list_commands(context):
        command = root.get_command(context, name)
        if command is not None:
            found[name] = command
    return found


def settings_of(root: click.Group) -> tuple[Setting, ...]:
    """Each setting once, as its option declares it."""
    found: dict[str, Setting] = {}
    by_name = commands(root)
    first = [by_name.pop(name) for name in ("ask", "brief") if name in by_name]
    for command in [*first, *by_name.values()]:
        for param in command.params:
            if isinstance(param, SettingOption) and param.config_key not in found:
                found[param.config_key] = _setting(param)
    return tuple(found.values())


def _setting(option: SettingOption) -> Setting:
    if option.is_flag:
        kind: type = bool
    elif option.multiple:
        kind = list
    elif isinstance(option.type, click.types.IntParamType):
        kind = int
    else:
        kind = str
    # click 8.2 marks "no default" with a sentinel rather than None.
    default = [] if option.multiple else (option.default if _has_value(option.default) else None)
    if option.inverted:
        default = not default
    choices = tuple(option.type.choices) if isinstance(option.type, click.Choice) else None
    bounds = (option.type.min, option.type.max) if isinstance(option.type, click.IntRange) else (None, None)
    help_text = re.sub(r"[;,]?\s*env C5BRIEF_\w+(?:, [^)\]]*)?", "", option.help or "")
    help_text = re.sub(r"\s*\(\)", "", help_text).rstrip(".")
    if option.inverted:
        help_text = f"false is {option.opts[0]}: {help_text[0].lower()}{help_text[1:]}"
    return Setting(option.config_key, option.name or "", option.envvar if isinstance(option.envvar, str) else None,
                   default, kind, help_text, choices, option.inverted, bounds)


def _has_value(default: Any) -> bool:
    return default is not None and type(default).__name__ != "Sentinel"


def apply_config(ctx: click.Context, path: str) -> None:
    """Make the config file's values the defaults of every command's options."""
    root = ctx.command
    assert isinstance(root, click.Group)
    config = read_config(path, settings_of(root))
    if config:
        ctx.default_map = default_map(config, root)


def default_map(config: dict[str, Any], root: click.Group) -> dict[str, dict[str, Any]]:
    """click's default_map: each command's parameter defaults taken from the config file."""
    mapping: dict[str, dict[str, Any]] = {}
    for name, command in commands(root).items():
        defaults = {}
        for param in command.params:
            if not isinstance(param, SettingOption) or param.config_key not in config or param.name is None:
                continue
            value = _param_value(param, config[param.config_key])
            choices = getattr(param.type, "choices", None)
            if choices is None or value in choices:  # e.g. format = "jsonl" suits `ask` only
                defaults[param.name] = value
        if defaults:
            mapping[name] = defaults
    return mapping


def _param_value(option: SettingOption, value: Any) -> Any:
    if option.inverted:
        return not value
    if isinstance(value, list):
        return [os.path.expanduser(v) for v in value]
    if isinstance(option.type, click.Path) and isinstance(value, str):
        return os.path.expanduser(value)
    return value
