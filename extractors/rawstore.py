"""Content-addressed raw store: every fetched byte string kept once, named by its sha256.

Files are ``objects/ab/<sha256>``; nothing taken from a page (URL, title, file name) ever
becomes part of a path, so a hostile page cannot choose where its bytes land. Writes go
to a temporary file that is renamed into place, so a reader never sees half an object.

``manifest.jsonl`` holds one JSON object per fetch (written by ``extractors.crawl.fetch``), and
``found.jsonl`` one per document a crawl found (a ``FoundDocument``), so the parse stage can
be run again over everything in the store without crawling again. Rows are appended with one ``write`` on a file opened with ``O_APPEND`` under an
exclusive ``flock``, so concurrent crawls (Airflow tasks mapped over jurisdictions)
never interleave half lines.

The manifest grows by a row per fetch, run after run, so readers that keep what they
derived from it (the crawl's validators, the load's offers) read only what was appended
since a ``ManifestMark`` (``manifest_since``): a mark names the file and how far it was
read, and is not followed when the manifest was replaced, truncated or rewritten before it.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

_SHA256 = re.compile(r"[0-9a-f]{64}")
_CHECK_BYTES = 256  # the manifest's bytes just before a mark, hashed: still the same file there?


@dataclass(frozen=True)
class ManifestMark:
    """How far a reader has read the manifest: the file (its inode), the offset just after
    the last whole line read, and a hash of the bytes before that offset."""

    inode: int
    offset: int
    check: str

    def as_dict(self) -> dict[str, Any]:
        return {"inode": self.inode, "offset": self.offset, "check": self.check}

    @classmethod
    def from_dict(cls, data: Any) -> "ManifestMark | None":
        """The mark a reader saved, or None when it is not one (missing, half-written, another format)."""
        try:
            mark = cls(int(data["inode"]), int(data["offset"]), str(data["check"]))
        except (KeyError, TypeError, ValueError):
            return None
        return mark if mark.offset > 0 else None


@dataclass
class ManifestRead:
    """Rows read from the manifest and the mark after them (None: no manifest, or nothing
    whole in it). ``from_start``: the mark given did not fit this manifest (or there was
    none), so these are all its rows, and what was derived from the old ones is stale."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    mark: ManifestMark | None = None
    from_start: bool = True


class RawStore:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self.objects = self.root / "objects"
        self.manifest_path = self.root / "manifest.jsonl"
        self.found_path = self.root / "found.jsonl"

    # --- objects -------------------------------------------------------------------------

    def path_of(self, sha256: str) -> Path:
        if not _SHA256.fullmatch(sha256 or ""):
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        return self.objects / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def put(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        path = self.path_of(sha)
        if path.is_file():
            return sha
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)  # atomic; a concurrent put of the same bytes is harmless
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha

    def get(self, sha256: str) -> bytes:
        try:
            return self.path_of(sha256).read_bytes()
        except FileNotFoundError:
            raise KeyError(f"no object {sha256} in raw store {self.root}") from None

    # --- manifest ------------------------------------------------------------------------

    def append_manifest(self, row: dict[str, Any]) -> None:
        self._append(self.manifest_path, row)

    def iter_manifest(self) -> Iterator[dict[str, Any]]:
        return self._iter(self.manifest_path)

    def manifest(self) -> list[dict[str, Any]]:
        return list(self.iter_manifest())

    def manifest_since(self, mark: ManifestMark | None) -> ManifestRead:
        """The rows appended after ``mark`` and the mark after them; every row when ``mark``
        is None or does not fit the manifest (another file, shorter, or other bytes before
        it). A line still being written is left for the next reader."""
        try:
            fh = open(self.manifest_path, "rb")
        except FileNotFoundError:
            return ManifestRead()
        with fh:
            status = os.fstat(fh.fileno())
            start = mark.offset if mark is not None and _fits(fh, status, mark) else 0
            fh.seek(start)
            appended = fh.read(status.st_size - start)
            complete = appended.rfind(b"\n") + 1
            end = start + complete
            tail = appended[:complete][-_CHECK_BYTES:]
            if len(tail) < _CHECK_BYTES and end > len(tail):  # what was read is short: the bytes before it too
                tail = _bytes_before(fh, end)
        rows = [json.loads(raw) for raw in appended[:complete].splitlines() if raw.strip()]
        after = ManifestMark(status.st_ino, end, _check(tail)) if end else None
        return ManifestRead(rows, after, from_start=start == 0)

    def write_derived(self, name: str, data: bytes) -> bool:
        """Replace ``name`` beside the manifest (an index of what readers derived from it)
        whole: a temporary file renamed into place, so a reader sees the old file or the new.
        Derived data is a convenience, so a store that cannot be written (read-only) is no
        error: False, and readers derive it again next time."""
        try:
            fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.replace(tmp, self.root / name)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return False
        return True

    # --- found documents -------------------------------------------------------------------

    def append_found(self, document: dict[str, Any]) -> None:
        """Record a ``FoundDocument`` (as a dict) a crawl produced."""
        self._append(self.found_path, document)

    def found_documents(self) -> list[dict[str, Any]]:
        """The newest record of every document found (by source and URL), in first-seen
        order. A newer record without bytes (a failed re-fetch) does not hide older bytes."""
        latest: dict[tuple[str, str], dict[str, Any]] = {}
        for doc in self._iter(self.found_path):
            key = (doc.get("source_id") or "", doc.get("url") or "")
            if doc.get("sha256") or not (latest.get(key) or {}).get("sha256"):
                latest[key] = doc
        return list(latest.values())

    # --- JSON lines ----------------------------------------------------------------------

    def _append(self, path: Path, row: dict[str, Any]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        line = (json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            os.write(fd, line)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    @staticmethod
    def _iter(path: Path) -> Iterator[dict[str, Any]]:
        if not path.exists():
            return
        with path.open("rb") as fh:
            for raw in fh:
                raw = raw.strip()
                if raw:
                    yield json.loads(raw)


def _bytes_before(fh, offset: int) -> bytes:
    fh.seek(max(0, offset - _CHECK_BYTES))
    return fh.read(offset - max(0, offset - _CHECK_BYTES))


def _check(tail: bytes) -> str:
    return hashlib.sha256(tail).hexdigest()


def _fits(fh, status: os.stat_result, mark: ManifestMark) -> bool:
    """Is ``mark`` a place in this manifest (same file, long enough, same bytes before it)?"""
    return (mark.inode == status.st_ino and 0 < mark.offset <= status.st_size
            and _check(_bytes_before(fh, mark.offset)) == mark.check)
