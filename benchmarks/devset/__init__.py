"""The development set: its own parts, committed here, and its articles, kept outside the checkout.

manifest.json (the list of pages), questions.json and keyfacts.json are ours and live in
this folder; the article texts are third-party and live in a folder DIR (given with
--devset DIR or C5BRIEF_DEVSET) as DIR/articles/NNN.txt, which README.md says how to
rebuild. A manifest.json, questions.json or keyfacts.json in DIR is used instead of ours.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def locate(given: str | None) -> Path:
    """The folder DIR from --devset or C5BRIEF_DEVSET; exits when it has no articles/."""
    devset = Path(given or os.environ.get("C5BRIEF_DEVSET") or "").expanduser()
    if not (devset / "articles").is_dir():
        sys.exit("give the development set: --devset DIR or C5BRIEF_DEVSET (a folder with articles/; "
                 f"{HERE / 'README.md'} says how to rebuild it)")
    return devset


def load(devset: Path, name: str) -> Any:
    """DIR/name's JSON, or our committed copy's when DIR has none."""
    own = devset / name
    return json.loads((own if own.is_file() else HERE / name).read_text(encoding="utf-8"))


def split_articles(devset: Path, split: str) -> list[Path]:
    """The article files of a split (all, dev or heldout), in manifest order; exits if any is missing."""
    paths = [devset / "articles" / entry["file"] for entry in load(devset, "manifest.json")
             if split == "all" or entry["split"] == split]
    missing = [path.name for path in paths if not path.is_file()]
    if missing:  # figures on a partial set would compare with no other run
        more = ", ..." if len(missing) > 5 else ""
        sys.exit(f"{len(missing)} articles of the manifest are missing from {devset / 'articles'} "
                 f"({', '.join(missing[:5])}{more}): rebuild them as {HERE / 'README.md'} says")
    return paths
