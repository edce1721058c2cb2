"""Remembered stage results, so a re-run over unchanged raw bytes does no parsing (and,
through ``govwork.stages.validate``, no re-validation).

A result is keyed by everything a parse depends on: the found document (raw sha256, the
attachments' sha256, jurisdiction, kind, year, title, page metadata, source and URL) and a
fingerprint of the parsing code itself (every ``.py`` and ``.yaml`` file the parse stage
reads, except the crawler's, and the record contracts in ``core/``). Any change to a parser, the normaliser, the value parser or
the taxonomy is a new fingerprint, so a stale result is never returned; nothing depends on
someone remembering to bump a version.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import sqlite3
import stat
import threading
from pathlib import Path
from typing import Any

from core.fingerprint import fingerprint

log = logging.getLogger(__name__)

EXTRACTORS_DIR = Path(__file__).resolve().parent
CORE_DIR = EXTRACTORS_DIR.parent / "core"  # record contracts; registry selectors and encodings
_NOT_PARSING = {"crawl", "__pycache__"}  # the crawler's code does not change what a parse gives
# Fields of a found document that describe the fetch, not the bytes a parse reads.
_FETCH_ONLY = {"outcome", "fetched_at", "final_url", "reason", "content_type", "encoding"}


@functools.cache
def code_fingerprint() -> str:
    return fingerprint(EXTRACTORS_DIR, (".py", ".yaml"), _NOT_PARSING) + fingerprint(CORE_DIR, (".py", ".yaml"), {"__pycache__"})


def key_for(found: dict[str, Any]) -> str:
    relevant = {k: v for k, v in found.items() if k not in _FETCH_ONLY}
    relevant["attachments"] = [
        {k: v for k, v in a.items() if k not in _FETCH_ONLY} for a in found.get("attachments") or []
    ]
    blob = json.dumps(relevant, ensure_ascii=False, sort_keys=True) + code_fingerprint()
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ResultCache:
    """JSON results by key, in one SQLite file under ``root`` (``results.sqlite``).

    One file, not one file per result: creating a file costs a journaled inode (0.45 ms
    measured on this project's CI disk, three a document with the parsed file and the
    validation outcome), an SQLite row in WAL mode ~0.05 ms. SQLite makes each write atomic
    and lets parallel tasks write the same cache (WAL, a busy timeout); ``synchronous=NORMAL``
    may lose the last results at a power cut, which only costs a parse. A file that is not a
    readable cache is a miss, never an error: everything here can be computed again."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self.path = self.root / "results.sqlite"

    def _connection(self) -> sqlite3.Connection:
        return _connect(str(self.path), os.getpid(), threading.get_ident())

    def get(self, key: str) -> dict[str, Any] | None:
        """The remembered result, or None (also when its parsed file is gone, or empty: parsed
        files are not synced one by one, and a power cut can leave one renamed but empty)."""
        try:
            row = self._connection().execute("SELECT result FROM results WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            result = json.loads(row[0])
            if result.get("parsed_path"):
                found = os.stat(result["parsed_path"])
                if not stat.S_ISREG(found.st_mode) or not found.st_size:
                    return None
        except (OSError, ValueError, sqlite3.Error):
            return None
        return result

    def put(self, key: str, result: dict[str, Any]) -> None:
        self.put_many([(key, result)])

    def put_many(self, items: list[tuple[str, dict[str, Any]]]) -> None:
        """``put`` each (key, result) in one transaction: a batch's results computed together
        (validation outcomes) are one commit, not one each (~11 ms CPU per 500)."""
        values = [(key, json.dumps(result, ensure_ascii=False)) for key, result in items]
        try:
            with self._connection() as conn:  # one transaction: committed, or rolled back on error
                conn.executemany("INSERT OR REPLACE INTO results (key, result) VALUES (?, ?)", values)
        except sqlite3.Error as exc:  # a broken or full cache: the result is computed again next time
            log.warning("result%s not remembered in %s: %s", "s" if len(values) > 1 else "", self.path, exc)


@functools.lru_cache(maxsize=16)
def _connect(path: str, pid: int, thread: int) -> sqlite3.Connection:
    """One connection per file, process and thread (a forked task never shares its parent's)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=60)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, result TEXT NOT NULL) WITHOUT ROWID")
    return conn
