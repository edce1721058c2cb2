"""Concurrent loaders (issue 14, item 3): two and four real ``govwork load`` processes at
once, on SQLite and on PostgreSQL, all succeed and leave the same warehouse as one loader
(every view's rows, every table's row count). Airflow's parallel tasks depend on it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from warehouse.models import Base
from warehouse.views import view_names

ROOT = Path(__file__).resolve().parents[2]
LOAD = [sys.executable, "-c", "from govwork.cli import main; main()", "load", "--json"]


def _loaders(home: Path, url: str, n: int) -> list[tuple[int, dict | None, str]]:
    """Start ``n`` loaders at once; (exit code, JSON summary, stderr) of each."""
    env = {**os.environ, "GOVWORK_HOME": str(home), "WAREHOUSE_URL": url}
    procs = [subprocess.Popen(LOAD, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(n)]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=600)
        try:
            summary = json.loads(stdout)
        except ValueError:
            summary = None
        out.append((p.returncode, summary, stderr[-3000:]))
    return out


def _rows(conn, view: str) -> list[str]:
    """A view's rows, sorted, without surrogate ids (``*_id``): a PostgreSQL sequence also
    advances for a row that ON CONFLICT DO NOTHING skips, so ids depend on timing, not content."""
    result = conn.execute(text(f"SELECT * FROM {view}"))
    keep = [i for i, c in enumerate(result.keys()) if not (c == "id" or c.endswith("_id"))]
    return sorted(repr(tuple(r[i] for i in keep)) for r in result)


def _snapshot(url: str) -> dict:
    """Every view's rows (sorted) and every table's row count: what a reader can tell apart."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            views = {v: _rows(conn, v) for v in view_names()}
            counts = {t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in Base.metadata.tables}
    finally:
        engine.dispose()
    return {"views": views, "counts": counts}


@pytest.fixture(scope="module")
def parsed_home(seeded_batch):
    """GOVWORK_HOME holding the parsed examples (validated once, outcomes remembered)."""
    settings, _results, _outcomes = seeded_batch
    return settings.home


def _one_loader(parsed_home, url: str):
    ((code, summary, stderr),) = _loaders(parsed_home, url, 1)
    assert summary is not None, stderr
    return code, _snapshot(url)


@pytest.fixture(scope="module")
def one_sqlite_loader(parsed_home, tmp_path_factory):
    return _one_loader(parsed_home, f"sqlite:///{tmp_path_factory.mktemp('one') / 'w.sqlite'}")


@pytest.fixture(scope="module")
def one_postgres_loader(parsed_home, postgres_url):
    return _one_loader(parsed_home, postgres_url)


def _check(results, one_loader, url):
    code, expected = one_loader
    for rc, summary, stderr in results:
        assert rc == code, stderr
        assert summary is not None and not summary["counts"].get("error"), stderr
        assert "Traceback" not in stderr, stderr
    got = _snapshot(url)
    assert got["counts"] == expected["counts"]
    assert got["views"] == expected["views"]
    assert expected["counts"]["documents"] > 0 and sum(len(v) for v in expected["views"].values()) > 0


@pytest.mark.parametrize("n", [2, 4])
def test_concurrent_loads_on_sqlite(n, parsed_home, one_sqlite_loader, tmp_path):
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    _check(_loaders(parsed_home, url, n), one_sqlite_loader, url)


@pytest.mark.postgres
@pytest.mark.parametrize("n", [2, 4])
def test_concurrent_loads_on_postgresql(n, parsed_home, one_postgres_loader, one_sqlite_loader, make_postgres_url):
    url = make_postgres_url()
    _check(_loaders(parsed_home, url, n), one_postgres_loader, url)
    assert one_postgres_loader == one_sqlite_loader  # and the same answers as SQLite gives
