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

MAX_SMALL_FILE = 16 * 1024 * 1024  # a gazetteer or a seed article: the package's largest is under 100 KB


def read_capped(path: str, what: str, limit: int = MAX_SMALL_FILE) -> bytes:
    """The bytes of a small file the user named (a gazetteer, a config file).

    Only a regular file is read, and at most `limit` bytes of it: `/dev/zero`,
    a FIFO or a disk image is refused at once rather than read without end.
    Opened without blocking, so a FIFO is told apart before anyone writes to it.
    """
    import os
    import stat

    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InputError(f"{what}: cannot read ({exc.strerror or exc})") from exc
    with open(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise InputError(f"{what}: not a regular file")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise InputError(f"{what}: cannot read ({exc.strerror or exc})") from exc
    if len(data) > limit:
        raise InputError(f"{what}: larger than {limit // 2**20} MB")
    return data


def digest(parts: Iterable[bytes | str], size: int = 16) -> str:
    """A hex digest of the parts, each separated so that ("ab", "c") != ("a", "bc")."""
    state = blake2b(digest_size=size)
    for part in parts:
        state.update(part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part)
        state.update(b"\0")
    return state.hexdigest()


def files_digest(paths: Iterable[str], label: str = "") -> str:
    """A digest of several files' contents, in order (`label` says what they are, in errors)."""
    return digest([read_capped(path, f"{label} {path}".lstrip()) for path in paths])
