"""Short digests for cache keys and fingerprints.

blake2b comes from CPython's built-in _blake2 module when it can: importing
hashlib loads OpenSSL, ~2 ms on every warm query for nothing. Document ids
(SHA-256) are computed only while building, where hashlib is fine.
"""

from __future__ import annotations

from collections.abc import Iterable

try:
    from _blake2 import blake2b
except ImportError:  # not CPython
    from hashlib import blake2b

from c5brief.errors import InputError


def digest(parts: Iterable[bytes | str], size: int = 16) -> str:
    """A hex digest of the parts, each separated so that ("ab", "c") != ("a", "bc")."""
    state = blake2b(digest_size=size)
    for part in parts:
        state.update(part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part)
        state.update(b"\0")
    return state.hexdigest()


def files_digest(paths: Iterable[str]) -> str:
    """A digest of several files' contents, in order."""
    contents = []
    for path in paths:
        try:
            with open(path, "rb") as handle:
                contents.append(handle.read())
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    return digest(contents)
