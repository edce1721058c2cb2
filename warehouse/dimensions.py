"""Dimension rows the load stage writes besides documents: jurisdictions and expected
documents from the source registry, indicators from the taxonomy.

Shaping only: the caller (``govwork.stages``) reads the registry and the taxonomy and passes
what these functions make to ``warehouse.load.load_batch``, so the loader reads nothing of
the extractors' or the crawler's and can be given any registry a test builds.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from core.registry import Registry


def jurisdiction_rows(registry: Registry) -> list[dict]:
    return [{"code": str(j.code), "name": j.name, "short_name": j.short_name, "level": j.level,
             "parent_code": j.parent_code} for j in registry.jurisdictions]


def expected_rows(registry: Registry) -> list[dict]:
    """(jurisdiction, kind, year) the registry's sources say exist: each source's years x the
    kinds its listing pages hold."""
    rows: dict[tuple, dict] = {}
    for j in registry.jurisdictions:
        for s in j.sources:
            kinds = sorted({k for listing in s.listings for k in listing.kinds})
            for kind in kinds:
                for year in s.years:
                    rows.setdefault((j.code, kind, int(year)), {
                        "jurisdiction_code": str(j.code), "kind": kind, "year": int(year), "origin": "registry",
                        "source_id": s.id})
    return list(rows.values())


def indicator_rows(indicators: Iterable[Any]) -> list[dict]:
    """Rows of the taxonomy's indicator definitions (anything with code, name, unit, names)."""
    return [{"code": i.code, "name": i.name, "unit": getattr(i, "unit", None),
             "names_json": json.dumps(list(getattr(i, "names", []) or []), ensure_ascii=False, sort_keys=True)}
            for i in indicators]
