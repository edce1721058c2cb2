"""`govwork run`'s closing comparison reads the named queries as rows (``query_rows``, no
pandas): the same rows ``run_query`` gives, and the same comparison as from frames, on
SQLite and PostgreSQL."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from govwork.orchestration import summary
from warehouse import named_queries
from warehouse.named_queries import list_queries, query_rows, run_query


def _cell(value):
    """A cell compared by value: NaN is NULL, numpy scalars are Python's, every number a
    float (a frame's integer column with NULLs is float; PostgreSQL's numeric is Decimal)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    value = value.item() if hasattr(value, "item") else value
    return float(value) if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) else value


def _same_rows(engine, name: str, **filters) -> None:
    rows = query_rows(engine, name, **filters)
    frame = run_query(engine, name, **filters)
    assert rows and list(rows[0]) == list(frame.columns)
    assert [{k: _cell(v) for k, v in r.items()} for r in rows] == \
        [{k: _cell(v) for k, v in r.items()} for r in frame.to_dict("records")]


def _comparison_from_frames(engine, monkeypatch) -> list[dict]:
    # the closing as it was read before: through run_query's frames
    monkeypatch.setattr(named_queries, "query_rows",
                        lambda e, name, **filters: run_query(e, name, **filters).to_dict("records"))
    try:
        return summary.comparison(engine)
    finally:
        monkeypatch.undo()


def test_rows_are_run_querys_rows(seed_db):
    engine, _ = seed_db
    for query in list_queries():
        _same_rows(engine, query.name)
    _same_rows(engine, "targets", indicator="gdp_growth")


def test_the_comparison_from_rows_is_the_comparison_from_frames(seed_db, monkeypatch):
    engine, _ = seed_db
    from_rows = summary.comparison(engine)
    assert len(from_rows) >= 4
    assert from_rows == _comparison_from_frames(engine, monkeypatch)


@pytest.mark.postgres
def test_the_comparison_on_postgres_is_the_one_on_sqlite(postgres_url, seed_warehouse, seed_db, monkeypatch):
    from warehouse.db import engine_for

    seed_warehouse(postgres_url)
    on_postgres = summary.comparison(engine_for(postgres_url))
    assert sorted(on_postgres, key=repr) == sorted(summary.comparison(seed_db[0]), key=repr)
    assert on_postgres == _comparison_from_frames(engine_for(postgres_url), monkeypatch)
