"""What is held in quarantine, read and closed. Releasing (re-validate the held versions'
parsed JSON after a parser fix and load those that now pass) is a stage:
``govwork.stages.release_quarantine``, which uses these two functions."""

from __future__ import annotations

import json

from sqlalchemy import Engine, select, update

from warehouse.db import migrate
from warehouse.writes import now_iso
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


def mark_released(engine: Engine, ids: list[int]) -> None:
    """Close the given held entries (their version loaded since, or a newer parse of it did)."""
    if not ids:
        return
    q = T["quarantine"]
    with engine.begin() as conn:
        conn.execute(update(q).where(q.c.id.in_(sorted(ids)), q.c.released_at.is_(None)).values(released_at=now_iso()))
