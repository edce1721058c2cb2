"""Helpers for warehouse tests: settings in tmp dirs, parse results for built documents,
and a snapshot of every table to compare loads."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from core.records import ParsedDocument
from extractors.parsedstore import ParsedStore
from core.config import Settings
from warehouse.models import Base


def settings_for(tmp_path: Path, url: str) -> Settings:
    return Settings.from_env({"GOVWORK_HOME": str(tmp_path / "home"), "WAREHOUSE_URL": url}).ensure_dirs()


def parse_results(settings: Settings, docs: list[ParsedDocument], *, source_id: str | None = None) -> list[dict]:
    """Write each document to the parsed store, as the parse stage does; its ParseResult."""
    out = []
    for doc in docs:
        prov = doc.provenance[0] if doc.provenance else None
        out.append({"jurisdiction_code": doc.meta.jurisdiction_code, "source_id": source_id or (prov.source_id if prov else "test"),
                    "url": prov.url if prov else f"http://example.gov.cn/{doc.doc_key}",
                    "raw_sha256": prov.raw_sha256 if prov else "0" * 64, "status": "parsed", "doc_key": doc.doc_key,
                    "parsed_path": str(ParsedStore(settings.parsed_dir).put(doc)), "text_sha256": doc.text_sha256,
                    "error_type": None, "reason": None, "message": None, "parser_version": doc.parser_version})
    return out


def snapshot(engine) -> dict[str, list[tuple]]:
    """Every row of every table, in id order."""
    out = {}
    with engine.connect() as conn:
        for name, table in Base.metadata.tables.items():
            order = ", ".join(c.name for c in table.primary_key.columns)
            out[name] = [tuple(r) for r in conn.execute(text(f"SELECT * FROM {name} ORDER BY {order}"))]
    return out


def counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {name: conn.execute(text(f"SELECT COUNT(*) FROM {name}")).scalar_one() for name in Base.metadata.tables}


def fail_after_breakdown_tasks(monkeypatch, n_tasks: int = 5) -> None:
    """Make the loader fail right after writing the tasks of the breakdown with ``n_tasks``
    tasks (the Wuhan-like one of the ``outcomes`` fixture): its rows went in, so only a
    rollback can remove them."""
    import warehouse.load as load_module

    real = load_module._insert_rows

    def failing(conn, table, rows, **kw):
        real(conn, table, rows, **kw)
        if table == "tasks" and len(rows) == n_tasks:
            raise RuntimeError("injected failure after tasks")

    monkeypatch.setattr(load_module, "_insert_rows", failing)
