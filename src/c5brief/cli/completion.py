"""Shell completion: the scripts for bash, zsh and fish, and the values offered as you type.

The scripts are click's; they call c5brief back with _C5BRIEF_COMPLETE set,
and the functions here offer country and topic names (in every listed
spelling), document and paragraph ids. A failure while completing offers
nothing rather than printing a traceback into the user's prompt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import click
from click.shell_completion import CompletionItem

SHELLS = ("bash", "zsh", "fish")
MAX_OFFERED = 200  # ids offered at once; typing more narrows them
COMPLETE_VAR = "_C5BRIEF_COMPLETE"


def completion_script(shell: str, root: click.Command) -> str:
    """The completion script for `shell`, as committed in completions/."""
    from click.shell_completion import get_completion_class

    completion_class = get_completion_class(shell)
    if completion_class is None:
        raise ValueError(f"no completion for {shell}")
    return completion_class(root, {}, "c5brief", COMPLETE_VAR).source().rstrip("\n") + "\n"


def _quietly(offer: Callable[[click.Context, str], list[CompletionItem]]) -> Callable:
    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        try:
            return offer(ctx, incomplete)
        except Exception:
            return []

    return complete


def slug(name: str) -> str:
    """A name as one shell word: "United States" -> "united-states" (lookups accept both)."""
    return re.sub(r"[\s_]+", "-", name.strip().lower())


def _matching(names: Iterable[tuple[str, str]], incomplete: str) -> list[CompletionItem]:
    wanted = slug(incomplete)
    seen: dict[str, CompletionItem] = {}
    for value, help_text in names:
        word = slug(value)
        if word.startswith(wanted) and word not in seen:
            seen[word] = CompletionItem(word, help=help_text)
    return list(seen.values())


def _gazetteer(ctx: click.Context):
    from c5brief.gazetteer import load_gazetteer

    return load_gazetteer(tuple(ctx.params.get("gazetteer_files") or ()))


@_quietly
def complete_country(ctx: click.Context, incomplete: str) -> list[CompletionItem]:
    countries = _gazetteer(ctx).countries
    if not incomplete:  # the canonical names; every spelling once a letter is typed
        return _matching(((c.name, c.full_name) for c in countries), incomplete)
    names = ((n, c.name) for c in countries for n in (c.name, c.id, *c.entities[0].names))
    return _matching(names, incomplete)


@_quietly
def complete_topic(ctx: click.Context, incomplete: str) -> list[CompletionItem]:
    topics = _gazetteer(ctx).topics
    if not incomplete:
        return _matching(((t.id, t.name) for t in topics), incomplete)
    return _matching(((n, t.name) for t in topics for n in (t.id, t.name, *t.keywords)), incomplete)


@_quietly
def complete_citation_id(ctx: click.Context, incomplete: str) -> list[CompletionItem]:
    """Document ids; once a whole id is typed, its paragraph ids too (a prefix lookup, so a library
    of any size answers at once)."""
    from c5brief.lookup import ids_to_complete

    doc_id = incomplete.split(".")[0]
    documents, paragraph_ids = ids_to_complete(_spec(ctx), doc_id, MAX_OFFERED)
    exact = next((d for d in documents if d.id == doc_id), None)
    if exact is None:
        return [CompletionItem(d.id, help=d.title) for d in documents if d.id.startswith(incomplete)]
    ids = [exact.id, *paragraph_ids]
    return [CompletionItem(i, help=exact.title if i == exact.id else None) for i in ids if i.startswith(incomplete)]


@_quietly
def complete_library_id(ctx: click.Context, incomplete: str) -> list[CompletionItem]:
    from c5brief.library import Library
    from c5brief.paths import library_file

    library = Library.open(library_file(ctx.params.get("library_dir")))
    if library is None:
        return []
    try:
        return [CompletionItem(i.id, help=i.title) for i in library.infos(prefix=incomplete, limit=MAX_OFFERED)]
    finally:
        library.close()


def _spec(ctx: click.Context):
    from c5brief.corpus import corpus_spec

    params = ctx.params
    return corpus_spec(tuple(params.get("corpus_paths") or ()), bool(params.get("no_seeds")),
                       tuple(params.get("gazetteer_files") or ()), params.get("library_dir"))
