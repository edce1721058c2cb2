"""The crawl stage (``govwork.stages`` re-exports it): registry → listing pages → raw store.

Apart from the other stages so that a crawl task loads only the crawler, the registry and
the raw store: ``govwork.stages`` also loads the validation, warehouse and load layers
(~0.1-0.2 s CPU in an Airflow task process), which a crawl never uses.
"""

from __future__ import annotations

from typing import Callable

from core.config import Settings
from core.registry import load_registry
from extractors.crawl import run_crawl
from extractors.rawstore import RawStore

Progress = Callable[[str], None] | None


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
    report = run_crawl(
        settings,
        load_registry(),
        jurisdiction=jurisdiction,
        kind=kind,
        year=year,
        progress=progress,
        base_url=base_url,
    )
    # run_crawl keeps each found document beside the bytes as it goes, so `reparse` needs no crawl
    return report.to_dict()


def found_in_store(
    settings: Settings, *, jurisdiction: str | None = None, kind: str | None = None, year: int | None = None
) -> list[dict]:
    """Every document earlier crawls found (``FoundDocument`` dicts), newest record each."""
    return [
        d
        for d in RawStore(settings.raw_dir).found_documents()
        if (jurisdiction is None or d["jurisdiction_code"] == jurisdiction)
        and (kind is None or d["kind"] == kind)
        and (year is None or d.get("year") == year)
    ]
