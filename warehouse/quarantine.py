"""What is held in quarantine, and releasing it after a parser fix without re-crawling:
each held version is re-validated from its parsed JSON in the parsed store (which a re-parse
overwrites) and loaded when it now passes."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine, select, update

from core.config import Settings
from warehouse.db import migrate
from warehouse.load import now_iso
from warehouse.models import Base

T = Base.metadata.tables


def held(engine: Engine, *, doc_key: str | None = None, include_released: bool = False) -> list[dict]:
    """Quarantine rows with their reasons decoded, oldest first."""
    migrate(engine)
    q, v = T["quarantine"], T["document_versions"]
    stmt = (select(q, v.c.parsed_path, v.c.parser_version).select_from(q.outerjoin(v, v.c.id == q.c.version_id))
            .order_by(q.c.id))
    if doc_key:
        stmt = stmt.where(q.c.doc_key == doc_key)
    if not include_released:
        stmt = stmt.where(q.c.released_at.is_(None))
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
    for r in rows:
        r["reasons"] = json.loads(r.pop("reasons_json"))
    return rows


def release(settings: Settings, engine: Engine, *, doc_key: str | None = None) -> dict:
    """Re-validate held document versions (all, or one document's) from their parsed JSON;
    load those that now pass. Returns {released, still_held, missing, load: LoadSummary dict}."""
    from govwork import stages

    items = [r for r in held(engine, doc_key=doc_key) if r["origin"] == "validation"]
    missing = [r["doc_key"] for r in items if not r["parsed_path"] or not Path(r["parsed_path"]).exists()]
    items = [r for r in items if r["doc_key"] not in missing]
    results = [{"jurisdiction_code": r["doc_key"].split(":")[0], "source_id": r["source_id"] or "quarantine",
                "url": r["url"] or "", "raw_sha256": r["raw_sha256"], "status": "parsed", "doc_key": r["doc_key"],
                "parsed_path": r["parsed_path"], "text_sha256": r["text_sha256"], "error_type": None,
                "reason": None, "message": None} for r in items]
    if not results:
        return {"released": [], "still_held": [], "missing": missing, "load": None}
    settings = settings.with_(warehouse_url=str(engine.url.render_as_string(hide_password=False)))
    summary = stages.load(settings, results, stages.validate(settings, results))
    done = {(d["doc_key"], d["text_sha256"]) for d in summary["documents"]
            if d.get("action") in ("loaded", "released", "unchanged") and d.get("status") != "quarantined"}
    released, still = [], []
    q = T["quarantine"]
    with engine.begin() as conn:
        for r in items:
            if (r["doc_key"], r["text_sha256"]) in done:
                # A re-parse by a newer parser loads as a new version: the held one is handled too.
                conn.execute(update(q).where(q.c.id == r["id"], q.c.released_at.is_(None)).values(released_at=now_iso()))
                released.append(r["doc_key"])
            else:
                still.append(r["doc_key"])
    return {"released": released, "still_held": still, "missing": missing, "load": summary}
