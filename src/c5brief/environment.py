"""The environment variables c5brief reads that are not defaults of an option.

Options with an environment default (C5BRIEF_FORMAT, C5BRIEF_LIMIT, ...) name
their variable in their own click declaration; these are the rest. The man
page's ENVIRONMENT section and `c5brief config` are generated from both.
"""

from __future__ import annotations

CACHE_DIR = "C5BRIEF_CACHE_DIR"
DATA_DIR = "C5BRIEF_DATA_DIR"
CONFIG_DIR = "C5BRIEF_CONFIG_DIR"
CONFIG = "C5BRIEF_CONFIG"
WORKERS = "C5BRIEF_WORKERS"
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"  # the reproducible-builds convention

VARIABLES: tuple[tuple[str, str], ...] = (
    (CACHE_DIR, "The cache folder (the index, rebuilt when missing, stale or damaged); "
                "else $XDG_CACHE_HOME/c5brief."),
    (DATA_DIR, "The data folder holding the default library; else $XDG_DATA_HOME/c5brief."),
    (CONFIG_DIR, "The config folder (config.toml, gazetteer.json); else $XDG_CONFIG_HOME/c5brief."),
    (CONFIG, "The config file to read instead of config.toml in the config folder."),
    (WORKERS, "How many worker processes reading and annotating may use (1: none); "
              "else one per core, at most 4."),
    ("NO_COLOR", "No colour (unless --color always); so does TERM=dumb."),
    (SOURCE_DATE_EPOCH, "Seconds since 1970: the date `report` gives the pack, so it can be rebuilt byte for byte; "
                        "else today (UTC)."),
)
