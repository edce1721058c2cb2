"""Counts of documents that ``govwork run`` reads between its DAG runs and at its close
(and of manifest rows a load finds already taken, ``govwork.manifest_offers``):
SQLAlchemy alone, so the ``govwork`` process counts without importing pandas (0.33 s) for
them."""

from __future__ import annotations

from sqlalchemy import Engine, bindparam, text


def document_status(engine: Engine) -> dict[str, int]:
    """How many documents are loaded, how many of them incomplete, how many in quarantine."""
    with engine.connect() as conn:
        loaded = conn.execute(text("SELECT count(*) FROM documents WHERE current_version_id IS NOT NULL")).scalar()
        incomplete = conn.execute(
            text("SELECT count(*) FROM documents WHERE current_version_id IS NOT NULL AND completeness = 'incomplete'")
        ).scalar()
        quarantined = conn.execute(text("SELECT count(*) FROM quarantine WHERE released_at IS NULL")).scalar()
    return {"loaded": int(loaded or 0), "incomplete": int(incomplete or 0), "quarantined": int(quarantined or 0)}


def documents_held(engine: Engine, codes: list[str], years: list[int]) -> int:
    """How many documents of these jurisdictions and years the warehouse holds."""
    query = text("SELECT count(*) FROM documents WHERE jurisdiction_code IN :codes AND year IN :years").bindparams(
        bindparam("codes", expanding=True), bindparam("years", expanding=True))
    with engine.connect() as conn:
        return int(conn.execute(query, {"codes": list(codes), "years": list(years)}).scalar_one())


def fetches_held(engine: Engine, row_keys: list[str]) -> int:
    """How many of these manifest rows (by ``row_key``) the warehouse's ``fetches`` holds."""
    query = text("SELECT count(*) FROM fetches WHERE row_key IN :keys").bindparams(bindparam("keys", expanding=True))
    with engine.connect() as conn:
        return int(conn.execute(query, {"keys": list(row_keys)}).scalar_one())
