"""`verify`'s result: one line per problem and a summary, or every citation as JSON."""

from __future__ import annotations

import json

from c5brief.render.escape import visible
from c5brief.verify import Verification


def verification_to_text(result: Verification) -> str:
    lines = [f"{c.id}: {c.message} (line {c.line})" for c in result.problems]
    checked = len(result.citations)
    problems = len(result.problems)
    lines.append(f"{checked} citation{'s' if checked != 1 else ''} checked, "
                 f"{problems} problem{'s' if problems != 1 else ''}")
    return "".join(visible(line) + "\n" for line in lines)


def verification_to_json(result: Verification) -> str:
    return json.dumps({
        "file": result.path,
        "checked": len(result.citations),
        "problems": len(result.problems),
        "corpus_changed": result.corpus_changed,
        "citations": [{"id": c.id, "line": c.line, "status": c.status, "message": c.message,
                       "statement": c.statement} for c in result.citations],
        "notes": list(result.notes),
    }, ensure_ascii=False, indent=2) + "\n"
