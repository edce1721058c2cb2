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
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from core.fingerprint import fingerprint

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
    """JSON results by key, one file each, written atomically."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The remembered result, or None (also when its parsed file is gone, or empty: parsed
        files are not synced one by one, and a power cut can leave one renamed but empty)."""
        try:
            result = json.loads(self._path(key).read_text(encoding="utf-8"))
            if result.get("parsed_path"):
                found = os.stat(result["parsed_path"])
                if not stat.S_ISREG(found.st_mode) or not found.st_size:
                    return None
        except (OSError, ValueError):
            return None
        return result

    def put(self, key: str, result: dict[str, Any]) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(result, ensure_ascii=False))  # json.dump would take the pure-Python encoder
        os.replace(tmp, path)
