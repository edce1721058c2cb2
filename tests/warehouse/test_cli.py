"""The warehouse commands end to end on SQLite: load the parsed store, list the quarantine,
release after a fix, migrate."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from govwork.cli import _register_all, app
from core.config import Settings
from extractors.parsedstore import ParsedStore
from tests.warehouse import docs_factory as f
from warehouse.db import engine_for


def _rows(settings: Settings, sql: str) -> list[tuple]:
    with engine_for(settings.warehouse_url).connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(sql)]

ROOT_MIGRATIONS = Path(__file__).resolve().parents[2] / "warehouse" / "migrations" / "versions"


def test_load_quarantine_release_and_migrate(tmp_path):
    _register_all()
    env = {"GOVWORK_HOME": str(tmp_path / "home"), "WAREHOUSE_URL": f"sqlite:///{tmp_path / 'w.sqlite'}"}
    settings = Settings.from_env(env).ensure_dirs()
    good, fixed = f.breakdown(), f.breakdown(code="621100", year=2019)
    broken = f.breakdown(code="621100", year=2019)  # the same text, read by a broken parser
    broken.tasks[1].units = [u for u in broken.tasks[1].units if u.role != "lead"]
    ParsedStore(settings.parsed_dir).put(good)
    ParsedStore(settings.parsed_dir).put(broken)
    runner = CliRunner()

    result = runner.invoke(app, ["load", "--json"], env=env)
    assert result.exit_code == 1, result.output  # EXIT_PARTIAL: something was quarantined
    summary = json.loads(result.output)
    assert sorted(d["action"] for d in summary["documents"]) == ["loaded", "quarantined"]
    assert set(summary["views"]) >= {"v_coverage", "v_lead_unit_workload"}  # recreated, not counted
    assert _rows(settings, "SELECT COUNT(*) FROM v_coverage")[0][0] >= 2
    assert _rows(settings, "SELECT DISTINCT doc_key FROM v_lead_unit_workload") == [(good.doc_key,)]

    result = runner.invoke(app, ["quarantine", "list"], env=env)
    assert result.exit_code == 0 and "621100:breakdown:2019" in result.output
    assert "task_has_lead_unit: tasks without a lead unit" in result.output and "task 2" in result.output

    result = runner.invoke(app, ["quarantine", "release", "--doc-key", "621100:breakdown:2019"], env=env)
    assert result.exit_code == 1 and "still held: 621100:breakdown:2019" in result.output  # not fixed yet

    ParsedStore(settings.parsed_dir).put(fixed)  # the parser fix: same text, same parsed path, good records
    result = runner.invoke(app, ["quarantine", "release", "--doc-key", "621100:breakdown:2019"], env=env)
    assert result.exit_code == 0, result.output
    assert "released: 621100:breakdown:2019" in result.output
    assert runner.invoke(app, ["quarantine", "list"], env=env).output.strip() == "nothing held"
    # the release loaded the document: its summary rows (read by the views) came with it
    assert sorted(_rows(settings, "SELECT DISTINCT doc_key FROM v_lead_unit_workload")) == sorted(
        [(good.doc_key,), ("621100:breakdown:2019",)])

    result = runner.invoke(app, ["load"], env=env)
    assert result.exit_code == 0 and "unchanged" in result.output and "totals:" in result.output
    result = runner.invoke(app, ["migrate"], env=env)
    head = max(p.name.split("_")[0] for p in (ROOT_MIGRATIONS).glob("[0-9]*_*.py"))  # the newest revision
    assert result.exit_code == 0 and f"schema at revision {head}" in result.output
