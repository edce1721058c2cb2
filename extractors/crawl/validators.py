"""The validators of every page fetched before (ETag, Last-Modified and the sha256 of the
bytes they name), by URL: what a fetcher sends as If-None-Match / If-Modified-Since; and
each site's newest robots.txt answer (``extractors.crawl.robots_cache``).

Both are a fold over the raw store's manifest (the newest fetched or unchanged row of a URL
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

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractors.crawl.robots_cache import RobotsAnswer, fold_robots
from extractors.rawstore import ManifestMark, RawStore

INDEX_NAME = "validators.json"
_FORMAT = 2  # 2: robots.txt answers too


@dataclass(frozen=True)
class Validators:
    etag: str | None
    last_modified: str | None
    sha256: str


def index_path(store: RawStore) -> Path:
    return store.root / INDEX_NAME


@dataclass(frozen=True)
class FetchMemory:
    validators: dict[str, Validators]  # by URL
    robots: dict[str, RobotsAnswer]  # by robots_cache.origin_key


def fetch_memory(store: RawStore) -> FetchMemory:
    """Every URL's newest validators and every site's newest robots.txt answer in ``store``'s
    manifest (the index brought up to date)."""
    memory, mark = _read_index(store)
    read = store.manifest_since(mark)
    if read.from_start:
        memory = FetchMemory({}, {})
    for row in read.rows:
        _fold(memory.validators, row)
        fold_robots(memory.robots, row)
    if read.mark is not None and read.mark != mark:
        _write_index(store, memory, read.mark)
    return memory


def _fold(by_url: dict[str, Validators], row: dict[str, Any]) -> None:
    if row.get("outcome") in ("fetched", "unchanged") and row.get("sha256"):
        if row.get("etag") or row.get("last_modified"):
            by_url[row.get("final_url") or row["url"]] = Validators(row.get("etag"), row.get("last_modified"),
                                                                    row["sha256"])


def _read_index(store: RawStore) -> tuple[FetchMemory, ManifestMark | None]:
    """(what the index holds, the manifest mark it was read up to); nothing when it is
    missing, half-written by a crash, or of another format (the manifest is then read whole)."""
    try:
        index = json.loads(index_path(store).read_bytes())
        mark = ManifestMark.from_dict(index)
        if index["format"] != _FORMAT or mark is None:
            return FetchMemory({}, {}), None
        by_url = {url: Validators(etag, lm, sha) for url, (etag, lm, sha) in index["urls"].items()}
        robots = {key: RobotsAnswer(*answer) for key, answer in index["robots"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return FetchMemory({}, {}), None
    return FetchMemory(by_url, robots), mark


def _write_index(store: RawStore, memory: FetchMemory, mark: ManifestMark) -> None:
    index = {"format": _FORMAT, **mark.as_dict(),
             "urls": {url: [v.etag, v.last_modified, v.sha256] for url, v in memory.validators.items()},
             "robots": {key: [a.fetched_at, a.outcome, a.status, a.sha256] for key, a in memory.robots.items()}}
    # not written (a read-only store): it still answers, and the next reader reads the manifest again
    store.write_derived(INDEX_NAME, json.dumps(index, ensure_ascii=False).encode("utf-8"))
