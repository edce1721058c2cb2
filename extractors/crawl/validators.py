"""The validators of every page fetched before (ETag, Last-Modified and the sha256 of the
bytes they name), by URL: what a fetcher sends as If-None-Match / If-Modified-Since.

They are a fold over the raw store's manifest (the newest fetched or unchanged row of a URL
that carried a validator wins), and the manifest grows by a row per fetch, run after run:
reading it whole cost every crawl task more with every run. So the fold is kept beside the
manifest in ``validators.json`` with how far into the manifest it has read, and each reader
reads only the rows appended since (and keeps the index up to date for the next). The index
is derived data: written to a temporary file renamed into place (a reader never sees half of
it, and concurrent writers each leave a whole index), not fsynced, and rebuilt from the
manifest whenever it is missing, unreadable, or does not match the manifest any more (the
manifest replaced, truncated, or different before the point the index read up to).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractors.rawstore import RawStore

INDEX_NAME = "validators.json"
_FORMAT = 1
_CHECK_BYTES = 256  # the manifest's bytes just before the index's offset, hashed: the same file?


@dataclass(frozen=True)
class Validators:
    etag: str | None
    last_modified: str | None
    sha256: str


def index_path(store: RawStore) -> Path:
    return store.root / INDEX_NAME


def validators_by_url(store: RawStore) -> dict[str, Validators]:
    """Every URL's newest validators in ``store``'s manifest (the index brought up to date)."""
    try:
        fh = open(store.manifest_path, "rb")
    except FileNotFoundError:
        return {}
    with fh:
        size = os.fstat(fh.fileno()).st_size
        inode = os.fstat(fh.fileno()).st_ino
        by_url, offset = _usable_index(store, fh, inode, size)
        if offset == size:
            return by_url
        fh.seek(offset)
        appended = fh.read(size - offset)
    complete = appended.rfind(b"\n") + 1  # a line still being written is read next time
    for raw in appended[:complete].splitlines():
        raw = raw.strip()
        if raw:
            _fold(by_url, json.loads(raw))
    offset += complete
    if complete:
        _write_index(store, by_url, inode, offset, appended[:complete])
    return by_url


def _fold(by_url: dict[str, Validators], row: dict[str, Any]) -> None:
    if row.get("outcome") in ("fetched", "unchanged") and row.get("sha256"):
        if row.get("etag") or row.get("last_modified"):
            by_url[row.get("final_url") or row["url"]] = Validators(row.get("etag"), row.get("last_modified"),
                                                                    row["sha256"])


def _usable_index(store: RawStore, fh, inode: int, size: int) -> tuple[dict[str, Validators], int]:
    """(validators, manifest offset they cover) from the index if it matches the manifest
    open in ``fh``; else nothing read yet."""
    try:
        index = json.loads(index_path(store).read_bytes())
        offset, check = int(index["offset"]), index["check"]
        if index["format"] != _FORMAT or index["inode"] != inode or not 0 < offset <= size:
            return {}, 0
        fh.seek(max(0, offset - _CHECK_BYTES))
        if _check(fh.read(offset - max(0, offset - _CHECK_BYTES))) != check:
            return {}, 0
        by_url = {url: Validators(etag, lm, sha) for url, (etag, lm, sha) in index["urls"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}, 0  # missing, half-written by a crash, or from another format: rebuilt
    return by_url, offset


def _check(tail: bytes) -> str:
    return hashlib.sha256(tail).hexdigest()


def _write_index(store: RawStore, by_url: dict[str, Validators], inode: int, offset: int, read: bytes) -> None:
    # the bytes before ``offset``: the end of what was just read, or of what was read before
    tail = read[-_CHECK_BYTES:]
    if len(tail) < _CHECK_BYTES and offset > len(tail):
        with open(store.manifest_path, "rb") as fh:
            fh.seek(max(0, offset - _CHECK_BYTES))
            tail = fh.read(offset - max(0, offset - _CHECK_BYTES))
    index = {"format": _FORMAT, "inode": inode, "offset": offset, "check": _check(tail),
             "urls": {url: [v.etag, v.last_modified, v.sha256] for url, v in by_url.items()}}
    try:
        fd, tmp = tempfile.mkstemp(dir=store.root, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(json.dumps(index, ensure_ascii=False).encode("utf-8"))
            os.replace(tmp, index_path(store))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only store still answers; the next reader reads the manifest again
