"""The parsed store: every parsed document as JSON, one file per content version per source.

The one reader and writer of parsed files; the parse stage writes, validate, load, `govwork
load` and quarantine release read through it. A file is
``<jurisdiction>/<kind>-<year>-<text sha256[:16]>-<source key>.json``: the ``to_dict`` of a
``ParsedDocument``. The source key is a hash of the first provenance's (source id, URL), so
the same text read from two sources (a province's site and a city's) is two files, each with
its own title and provenance, and which source was parsed last never decides what a file
holds. A re-parse of the same text from the same source (a newer parser) replaces its file,
which is what quarantine release re-reads.

Only the document's jurisdiction code, kind, year and hashes become part of a path, never a
title or URL, and the jurisdiction code is checked, so a page cannot choose where its JSON
lands. Writes go to a temporary file that is renamed into place, so a reader never sees half
a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

from core.errors import UnreadableInputError
from core.records import ParsedDocument, ParseResult, collector_paused, from_dict, to_dict, to_json

_SAFE_PART = re.compile(r"[0-9A-Za-z_]{1,32}")


def source_key(doc: ParsedDocument) -> str:
    """12 hex digits naming where a document was read: its first provenance's source and URL."""
    prov = doc.provenance[0] if doc.provenance else None
    seen = f"{prov.source_id}\n{prov.url}" if prov else "local"
    return hashlib.sha256(seen.encode("utf-8")).hexdigest()[:12]


class ParsedStore:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def path_for(self, doc: ParsedDocument) -> Path:
        m = doc.meta
        for part in (m.jurisdiction_code, m.kind):
            if not _SAFE_PART.fullmatch(str(part)):
                raise ValueError(f"not usable in a parsed-store path: {part!r}")
        name = f"{m.kind}-{int(m.year)}-{doc.text_sha256[:16]}-{source_key(doc)}.json"
        return self.root / m.jurisdiction_code / name

    def put(self, doc: ParsedDocument) -> Path:
        """Write ``doc`` (replacing an earlier parse of the same text from the same source);
        its path."""
        path = self.path_for(doc)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = to_json(doc).encode("utf-8")  # compact: an indent makes json take its pure-Python encoder
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json.part")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)  # atomic: a reader never sees half a file
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    @staticmethod
    def has(path: str | os.PathLike | None) -> bool:
        return bool(path) and Path(path).is_file()

    @staticmethod
    def content(path: str | os.PathLike) -> bytes:
        """The file's bytes, for keys that depend on exactly what was parsed."""
        return Path(path).read_bytes()

    @staticmethod
    def get(path: str | os.PathLike, content: bytes | None = None) -> ParsedDocument:
        """The document in a parsed file (a path a ParseResult or the warehouse recorded);
        ``content``: the file's bytes when the caller has already read them."""
        try:
            data = Path(path).read_bytes() if content is None else content
            with collector_paused():  # a document is acyclic: nothing for the collector to find
                return from_dict(ParsedDocument, json.loads(data))
        except FileNotFoundError:
            raise UnreadableInputError(f"{path}: no such parsed file (run `govwork reparse`)", reason="no_parsed") from None
        except (ValueError, TypeError) as exc:
            raise UnreadableInputError(f"{path}: not a parsed document ({exc})", reason="bad_parsed") from exc

    def paths(self) -> list[Path]:
        """Every parsed file, oldest first (so a newer parse of a document loads as its newer
        version), ties by path."""
        if not self.root.is_dir():
            return []
        return sorted(self.root.glob("*/*.json"), key=lambda p: (p.stat().st_mtime, str(p)))

    def results(self) -> list[ParseResult]:
        """One ``parsed`` ParseResult per file in the store."""
        return [ParseResult.parsed(self.get(path), str(path)) for path in self.paths()]
