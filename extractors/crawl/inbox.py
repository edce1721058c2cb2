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
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from extractors.normalize import normalize_line
from core.records import DOCUMENT_KINDS, FoundDocument
from extractors.rawstore import RawStore
from core.errors import GovworkError
from core.registry.model import Registry

SIDECAR_SUFFIX = ".json"


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
) -> tuple[list[FoundDocument], list[InboxProblem]]:
    docs: list[FoundDocument] = []
    problems: list[InboxProblem] = []
    if not inbox_dir.is_dir():
        return docs, problems
    for file in sorted(p for p in inbox_dir.iterdir() if p.is_file() and not p.name.startswith(".")):
        if file.name.endswith(SIDECAR_SUFFIX):
            data_file = file.with_name(file.name[: -len(SIDECAR_SUFFIX)])
            if not data_file.exists():
                problems.append(InboxProblem(file.name, "inbox_orphan_sidecar", f"{file.name}: no file {data_file.name} beside it"))
            continue
        sidecar = file.with_name(file.name + SIDECAR_SUFFIX)
        if not sidecar.exists():
            problems.append(InboxProblem(file.name, "inbox_no_sidecar", f"{file.name}: no sidecar {sidecar.name}"))
            continue
        try:
            meta = _sidecar(sidecar, registry)
        except InboxError as exc:
            problems.append(InboxProblem(file.name, exc.reason, str(exc)))
            continue
        if jurisdiction and meta["jurisdiction"] != jurisdiction:
            continue
        if (kind and meta["kind"] != kind) or (year and meta["year"] not in (None, year)):
            continue
        data = file.read_bytes()
        if not data:
            problems.append(InboxProblem(file.name, "inbox_empty", f"{file.name} is empty", meta["jurisdiction"]))
            continue
        sha = store.put(data)
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        ctype = mimetypes.guess_type(file.name)[0]
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
                "inbox_file": file.name,
            }
        )
        docs.append(
            FoundDocument(
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
                page_meta={"inbox_file": file.name},
            )
        )
    return docs, problems


def _sidecar(path: Path, registry: Registry) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
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
