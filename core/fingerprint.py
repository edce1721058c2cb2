"""A hash of code and data files, so a remembered result is dropped when what produced it
changes (the parse cache over the parsing code, the validate cache over the suites)."""

from __future__ import annotations

import hashlib
from pathlib import Path


def fingerprint(directory: Path, suffixes: tuple[str, ...], skip: set[str] = frozenset()) -> str:
    """sha256 over every file with one of ``suffixes`` below ``directory`` (names and bytes),
    leaving out subfolders named in ``skip``."""
    h = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        rel = path.relative_to(directory)
        if path.suffix in suffixes and not skip & set(rel.parts):
            h.update(str(rel).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()
