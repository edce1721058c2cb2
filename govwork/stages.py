"""The pipeline's stage functions: crawl → parse → validate → load → refresh views.

The CLI and the Airflow DAGs call these and only these. Each takes ``Settings`` and
plain, JSON-able inputs, and returns plain, JSON-able results, so a stage's output can
travel through XCom and a stage can be re-run on its own (re-parse without re-crawl,
re-validate a quarantined document after a parser fix).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Literal

from core.records import FoundDocument, ParsedDocument, from_dict, to_dict, to_json
from core.config import Settings
from core.errors import GovworkError

Progress = Callable[[str], None] | None


@dataclass
class ParseResult:
    """What happened when one found document was parsed."""

    jurisdiction_code: str
    source_id: str
    url: str
    raw_sha256: str | None
    status: Literal["parsed", "failed", "skipped"]
    doc_key: str | None = None
    parsed_path: str | None = None
    text_sha256: str | None = None
    error_type: str | None = None
    reason: str | None = None
    message: str | None = None


@dataclass
class StageSummary:
    counts: dict[str, int] = field(default_factory=dict)
    details: list[dict[str, Any]] = field(default_factory=list)


# --- crawl ------------------------------------------------------------------------------


def crawl(
    settings: Settings,
    *,
    jurisdiction: str | None = None,
    kind: str | None = None,
    year: int | None = None,
    progress: Progress = None,
    base_url: str | None = None,
) -> list[dict]:
    """Walk the registry's listing pages, fetch candidates into the raw store.

    Returns the found documents (``FoundDocument`` dicts), fetched or not; every fetch is
    also a manifest row in the raw store.
    """
    report = crawl_report(
        settings, jurisdiction=jurisdiction, kind=kind, year=year, progress=progress, base_url=base_url
    )
    return report["documents"]


def crawl_report(
    settings: Settings,
    *,
    jurisdiction: str | None = None,
    kind: str | None = None,
    year: int | None = None,
    progress: Progress = None,
    base_url: str | None = None,
) -> dict:
    """``crawl`` with the whole report: ``documents``, per-jurisdiction ``summary`` counts
    (found, fetched, unchanged, inbox, blocked, failed, refused, too_large, missing),
    ``pages`` (listing pages that were blocked or failed), ``inbox_problems``, ``run_id``."""
    from extractors.crawl import run_crawl
    from extractors.rawstore import RawStore
    from core.registry import load_registry

    report = run_crawl(
        settings,
        load_registry(),
        jurisdiction=jurisdiction,
        kind=kind,
        year=year,
        progress=progress,
        base_url=base_url,
    )
    store = RawStore(settings.raw_dir)
    for doc in report.documents:  # kept beside the bytes, so `reparse` needs no crawl
        store.append_found(to_dict(doc))
    return report.to_dict()


def found_in_store(
    settings: Settings, *, jurisdiction: str | None = None, kind: str | None = None, year: int | None = None
) -> list[dict]:
    """Every document earlier crawls found (``FoundDocument`` dicts), newest record each."""
    from extractors.rawstore import RawStore

    return [
        d
        for d in RawStore(settings.raw_dir).found_documents()
        if (jurisdiction is None or d["jurisdiction_code"] == jurisdiction)
        and (kind is None or d["kind"] == kind)
        and (year is None or d.get("year") == year)
    ]


# --- parse ------------------------------------------------------------------------------


def parsed_path_for(settings: Settings, doc: ParsedDocument) -> Path:
    m = doc.meta
    return settings.parsed_dir / m.jurisdiction_code / f"{m.kind}-{m.year}-{doc.text_sha256[:16]}.json"


def write_parsed(settings: Settings, doc: ParsedDocument) -> Path:
    path = parsed_path_for(settings, doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    # Compact, without an intermediate dict: an indent makes json take its pure-Python encoder.
    tmp.write_text(to_json(doc), encoding="utf-8")
    tmp.replace(path)  # atomic: a reader never sees half a file
    return path


def read_parsed(path: str | Path, content: bytes | None = None) -> ParsedDocument:
    """The parsed document at ``path`` (``content``: its bytes, when already read)."""
    data = Path(path).read_bytes() if content is None else content
    return from_dict(ParsedDocument, json.loads(data))


def parse(settings: Settings, found: dict) -> dict:
    """Parse one found document from the raw store. Never raises for a bad document:
    a deterministic failure comes back as ``status="failed"`` with a typed reason.

    Unchanged bytes read by unchanged parsing code give the remembered result without
    parsing again (``extractors.parse_cache``): a re-run over an unchanged portal is cheap."""
    from extractors.parse_cache import ResultCache, key_for

    cache = ResultCache(settings.cache_dir / "parse")
    key = key_for(found)
    result = cache.get(key)
    if result is None:
        result = _parse_found(settings, found)
        if result["status"] == "parsed" or (result["status"] == "failed" and result["reason"] != "crash"):
            cache.put(key, result)  # a crash may be the machine's fault: always tried again
    return result


def _parse_found(settings: Settings, found: dict) -> dict:
    from extractors.parse import parse_found
    from extractors.rawstore import RawStore
    from core.registry import load_registry

    doc_in = from_dict(FoundDocument, found)
    base = ParseResult(
        jurisdiction_code=doc_in.jurisdiction_code,
        source_id=doc_in.source_id,
        url=doc_in.url,
        raw_sha256=doc_in.sha256,
        status="skipped",
    )
    if doc_in.sha256 is None or doc_in.outcome not in ("fetched", "unchanged", "inbox"):
        base.reason = doc_in.outcome
        return to_dict(base)
    try:
        parsed = parse_found(doc_in, RawStore(settings.raw_dir), load_registry())
    except GovworkError as exc:
        base.status, base.error_type, base.reason = "failed", type(exc).__name__, exc.reason
        base.message = str(exc)
        return to_dict(base)
    except Exception as exc:  # a bug, not a bad document: recorded, and the others go on
        logging.getLogger(__name__).exception("parse crashed on %s", doc_in.url)
        base.status, base.error_type, base.reason = "failed", type(exc).__name__, "crash"
        base.message = str(exc)[:2000]
        return to_dict(base)
    path = write_parsed(settings, parsed)
    base.status, base.doc_key, base.parsed_path = "parsed", parsed.doc_key, str(path)
    base.text_sha256 = parsed.text_sha256
    return to_dict(base)


# --- validate, load, views --------------------------------------------------------------


def validate(settings: Settings, parse_results: list[dict]) -> list[dict]:
    """Run the Great Expectations suites over every parsed document, in one batch.

    A document's outcome depends only on its parsed content and the suites, so an outcome
    already computed for the same parsed file and the same ``expectations/`` is reused:
    an unchanged re-run starts no Great Expectations context at all."""
    import hashlib

    from expectations.validate import suites_fingerprint, validate_documents
    from extractors.parse_cache import ResultCache

    cache = ResultCache(settings.cache_dir / "validate")
    suites = suites_fingerprint()
    keyed: list[tuple[str, dict | None, str]] = []  # (key, cached outcome, parsed path)
    todo: list[tuple[str, ParsedDocument]] = []
    for r in parse_results:
        if r["status"] == "parsed":
            content = Path(r["parsed_path"]).read_bytes()  # read once: hashed, and parsed if not cached
            key = hashlib.sha256(content + suites.encode()).hexdigest()
            outcome = cache.get(key)
            keyed.append((key, outcome, r["parsed_path"]))
            if outcome is None:
                todo.append((key, read_parsed(r["parsed_path"], content)))
    fresh = validate_documents([doc for _, doc in todo], data_docs_dir=settings.reports_dir / "data_docs")
    new = {key: to_dict(outcome) for (key, _), outcome in zip(todo, fresh)}
    for key, outcome in new.items():
        cache.put(key, outcome)
    return [outcome if outcome is not None else new[key] for key, outcome, _ in keyed]


def load(settings: Settings, parse_results: list[dict], outcomes: list[dict]) -> dict:
    """Load validated documents (one transaction each), quarantine critical failures,
    and record every parse failure with its reason."""
    from warehouse.db import engine_for
    from warehouse.load import load_batch

    return to_dict(load_batch(engine_for(settings.warehouse_url), settings, parse_results, outcomes))


def refresh_views(settings: Settings) -> dict:
    from warehouse.db import engine_for
    from warehouse.views import refresh

    return refresh(engine_for(settings.warehouse_url))
