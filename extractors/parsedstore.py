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
a file. They are not synced to disk one by one (a sync cost more than parsing the
document): the parsed store is derived data, made again from the raw store (which is
synced) by ``govwork reparse``; a file a power cut left empty is parsed again
(``extractors.parse_cache``).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from core.errors import UnreadableInputError
from core.parsed_json import parsed_document, parsed_json
from core.records import ParsedDocument, ParseResult, collector_paused

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
        data = parsed_json(doc)  # compact, as core.records.to_json writes it
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json.part")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
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
    def read(path: str | os.PathLike) -> tuple[bytes, tuple]:
        """The file's bytes and the identity of the file they were read from (``Handover``)."""
        with open(path, "rb") as fh:
            return fh.read(), _identity(os.fstat(fh.fileno()))

    @staticmethod
    def get(path: str | os.PathLike, content: bytes | None = None) -> ParsedDocument:
        """The document in a parsed file (a path a ParseResult or the warehouse recorded);
        ``content``: the file's bytes when the caller has already read them."""
        try:
            data = Path(path).read_bytes() if content is None else content
            with collector_paused():  # a document is acyclic: nothing for the collector to find
                return parsed_document(data)
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


def _identity(found: os.stat_result) -> tuple:
    return found.st_ino, found.st_size, found.st_mtime_ns


class Handover:
    """Parsed documents one stage decoded, handed to the next stage in the same process
    (validate → load) instead of being read and decoded again. Bounded: documents are kept
    while their files add up to ``budget`` bytes (about 3× that in memory), the rest is read
    again. A document is handed over once (taking it forgets it), and only while its file is
    the one it was read from (a re-parse replaces the file: another inode, size or time).
    Takers must not change what they are handed, as they must not change what ``get`` reads."""

    def __init__(self, budget: int):
        self.budget, self.used = budget, 0
        self._kept: dict[str, tuple[tuple, ParsedDocument, int]] = {}

    def offer(self, path: str | os.PathLike, identity: tuple, doc: ParsedDocument, size: int) -> None:
        key = os.fspath(path)
        if key in self._kept or self.used + size > self.budget:
            return
        self._kept[key] = (identity, doc, size)
        self.used += size

    def take(self, path: str | os.PathLike) -> ParsedDocument | None:
        kept = self._kept.pop(os.fspath(path), None)
        if kept is None:
            return None
        identity, doc, size = kept
        self.used -= size
        try:
            return doc if _identity(os.stat(path)) == identity else None
        except OSError:
            return None
