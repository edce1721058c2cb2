"""The manual inbox: files a user downloaded by hand enter the pipeline like crawled ones.

Drop ``notice.pdf`` into ``settings.inbox_dir`` with a sidecar ``notice.pdf.json``::

    {"url": "https://www.gansu.gov.cn/...", "jurisdiction": "620000",
     "kind": "breakdown", "year": 2026, "title": "..."}

``url`` and ``jurisdiction`` are required; ``kind`` may be left out when the title says
what the document is. The bytes go into the raw store like any fetch, with a manifest row
whose outcome is ``inbox``; the file stays where it is (re-running is harmless: same bytes,
same sha256).
"""

from __future__ import annotations

import json
import mimetypes
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from extractors.normalize import normalize_line
from core.records import DOCUMENT_KINDS, FoundDocument
from extractors.rawstore import RawStore
from core.errors import GovworkError, UnreadableInputError
from extractors.localfile import MAX_DOCUMENT_BYTES, read_regular_file
from core.registry.model import Registry

SIDECAR_SUFFIX = ".json"
_SIDECAR_MAX_BYTES = 1024 * 1024


class InboxError(GovworkError):
    reason = "inbox_invalid"


@dataclass
class InboxProblem:
    file: str
    reason: str
    message: str
    jurisdiction: str | None = None


def read_inbox(
    inbox_dir: Path,
    store: RawStore,
    registry: Registry,
    *,
    run_id: str,
    jurisdiction: str | None = None,
    kind: str | None = None,
    year: int | None = None,
    on_found: Callable[[FoundDocument], None] | None = None,
) -> tuple[list[FoundDocument], list[InboxProblem]]:
    """Every document of the inbox (``on_found`` is told of each as soon as its bytes are
    stored) and every problem. One bad entry is one problem, never the end of the crawl:
    a file name that is not UTF-8, a symlink out of the inbox, a FIFO or a device, a file
    over the size cap."""
    docs: list[FoundDocument] = []
    problems: list[InboxProblem] = []
    if not inbox_dir.is_dir():
        return docs, problems
    root = inbox_dir.resolve()
    with os.scandir(inbox_dir) as entries:
        listing = sorted(entries, key=lambda e: os.fsencode(e.name))
    names = {e.name for e in listing}
    for entry in listing:
        name = entry.name
        if name.startswith(".") or entry.is_dir(follow_symlinks=False):
            continue
        problem = _entry_problem(entry, root)
        if problem:
            problems.append(problem)
            continue
        file = Path(entry.path)
        if name.endswith(SIDECAR_SUFFIX):
            data_name = name[: -len(SIDECAR_SUFFIX)]
            if data_name not in names:
                problems.append(InboxProblem(name, "inbox_orphan_sidecar", f"{name}: no file {data_name} beside it"))
            continue
        if name + SIDECAR_SUFFIX not in names:
            problems.append(InboxProblem(name, "inbox_no_sidecar", f"{name}: no sidecar {name}{SIDECAR_SUFFIX}"))
            continue
        try:
            meta = _sidecar(file.with_name(name + SIDECAR_SUFFIX), registry)
        except InboxError as exc:
            problems.append(InboxProblem(name, exc.reason, str(exc)))
            continue
        if jurisdiction and meta["jurisdiction"] != jurisdiction:
            continue
        if (kind and meta["kind"] != kind) or (year and meta["year"] not in (None, year)):
            continue
        try:
            data = read_regular_file(file, max_bytes=MAX_DOCUMENT_BYTES)
        except UnreadableInputError as exc:
            problems.append(InboxProblem(name, f"inbox_{exc.reason}", str(exc), meta["jurisdiction"]))
            continue
        if not data:
            problems.append(InboxProblem(name, "inbox_empty", f"{name} is empty", meta["jurisdiction"]))
            continue
        doc = _enter(store, data, name, meta, run_id)
        docs.append(doc)
        if on_found:
            on_found(doc)
    return docs, problems


def _entry_problem(entry: os.DirEntry, root: Path) -> InboxProblem | None:
    """Why an inbox entry cannot be read at all, or None."""
    try:
        entry.name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes come back as surrogates
        shown = os.fsencode(entry.name).decode("utf-8", "backslashreplace")
        return InboxProblem(shown, "inbox_bad_file_name",
                            f"{shown}: the file name is not UTF-8; rename the file (and its sidecar)")
    if entry.is_symlink():
        target = Path(entry.path).resolve()
        if root not in target.parents:
            return InboxProblem(entry.name, "inbox_symlink_outside",
                                f"{entry.name}: a symbolic link out of the inbox; copy the file in instead")
    if not entry.is_file():
        return InboxProblem(entry.name, "inbox_not_a_regular_file", f"{entry.name}: not a regular file")
    return None


def _enter(store: RawStore, data: bytes, name: str, meta: dict, run_id: str) -> FoundDocument:
    """Store the bytes and their manifest row; the found document."""
    sha = store.put(data)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    ctype = mimetypes.guess_type(name)[0]
    store.append_manifest(
        {
            "run_id": run_id,
            "url": meta["url"],
            "final_url": meta["url"],
            "status": None,
            "outcome": "inbox",
            "reason": None,
            "content_type": ctype,
            "sha256": sha,
            "size": len(data),
            "bytes_received": 0,
            "fetched_at": now,
            "source_id": "inbox",
            "jurisdiction": meta["jurisdiction"],
            "kind": meta["kind"],
            "role": "inbox",
            "title": meta["title"],
            "inbox_file": name,
        }
    )
    return FoundDocument(
        jurisdiction_code=meta["jurisdiction"],
        source_id="inbox",
        kind=meta["kind"],
        year=meta["year"],
        title=meta["title"],
        url=meta["url"],
        outcome="inbox",
        sha256=sha,
        final_url=meta["url"],
        content_type=ctype,
        fetched_at=now,
        page_meta={"inbox_file": name},
    )


def _sidecar(path: Path, registry: Registry) -> dict:
    try:
        data = json.loads(read_regular_file(path, max_bytes=_SIDECAR_MAX_BYTES).decode("utf-8"))
    except (UnreadableInputError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InboxError(f"{path.name}: not readable JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InboxError(f"{path.name}: expected a JSON object")
    url = data.get("url")
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise InboxError(f"{path.name}: 'url' must be the http(s) address the file came from")
    code = str(data.get("jurisdiction") or "")
    if registry.find(code) is None:
        raise InboxError(f"{path.name}: 'jurisdiction' {code!r} is not in the registry")
    title = str(data.get("title") or Path(urlsplit(url).path).name or path.stem)
    kind = data.get("kind")
    if kind is None:
        sources = registry.get(code).sources
        normalised = normalize_line(title)
        kind = sources[0].classify(normalised) if sources else registry.classify(normalised)
    if kind not in DOCUMENT_KINDS:
        raise InboxError(f"{path.name}: 'kind' must be one of {', '.join(DOCUMENT_KINDS)} (got {kind!r})")
    year = data.get("year")
    if year is not None and (not isinstance(year, int) or not 1949 < year < 2200):
        raise InboxError(f"{path.name}: 'year' must be a four-digit number")
    return {"url": url, "jurisdiction": code, "kind": kind, "year": year, "title": title}
