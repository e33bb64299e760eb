"""`c5brief config`: the effective settings and c5brief's folders, as text or JSON."""

from __future__ import annotations

import os
from typing import Any

from c5brief.config import SettingsReport
from c5brief.render.escape import json_dumps, visible_line
from c5brief.render.tables import text_table


def _setting_value(value: Any) -> str:
    if value is None:
        return "(unset)"
    if isinstance(value, list):
        return os.pathsep.join(value) if value else "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def settings_to_text(report: SettingsReport) -> str:
    found = "" if report.config_found else " (not found; defaults apply)"
    lines = [f"config file: {visible_line(report.config_path)}{found}"]
    lines += [f"{what} folder: {visible_line(where)}" if what != "library" else f"library: {visible_line(where)}"
              for what, where in report.folders.items()]
    cells = [[s.key, _setting_value(s.value), s.source, s.envvar or ""] for s in report.settings]
    return "\n".join(lines) + "\n\n" + text_table(("setting", "value", "from", "env"), cells)


def settings_to_json(report: SettingsReport) -> str:
    return json_dumps({
        "config_file": report.config_path, "config_found": report.config_found, "folders": report.folders,
        "settings": [{"key": s.key, "value": s.value, "from": s.source, "env": s.envvar, "help": s.help}
                     for s in report.settings],
    }) + "\n"
