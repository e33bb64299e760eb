"""The bundled seed articles: found, read and chunked here, once per process.

A seed's path is stored relative to the seeds folder ("seeds/000_....txt"),
so an index built by one installation serves another that shares the cache.
"""

from __future__ import annotations

import os
from functools import lru_cache

from c5brief.load import SEED, find_sources, read_document
from c5brief.models import Document, SourceFile

SEEDS_PREFIX = "seeds"


def seeds_folder() -> str:
    """The bundled seed articles (package data; the repository's seeds/ in a source tree)."""
    package = os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(package, "seeds")
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(package)), "seeds")


def seed_files() -> list[SourceFile]:
    return find_sources([seeds_folder()], SEED)


@lru_cache(maxsize=1)
def seed_documents() -> tuple[Document, ...]:
    """Every seed article, read and chunked."""
    documents = []
    for source in seed_files():
        document = read_document(source)
        relative = os.path.join(SEEDS_PREFIX, os.path.relpath(source.path, seeds_folder()))
        documents.append(Document(document.info._replace(path=relative), document.paragraphs))
    return tuple(documents)


def seed_ids() -> frozenset[str]:
    return frozenset(document.info.id for document in seed_documents())
