"""Which runs `govwork run` leaves out: only those whose snapshot, registry, code and
warehouse are what they were when the same run last succeeded (no Airflow needed)."""

from __future__ import annotations

from sqlalchemy import text

from core.config import Settings
from govwork.orchestration.layout import VIEWS_DAG_ID
from govwork.orchestration.reports import report_path
from govwork.orchestration.runs import RunResult, plan_runs
from govwork.orchestration.unchanged import Ledger, inputs_fingerprint
from warehouse.db import engine_for, migrate


def _ok(run) -> RunResult:
    return RunResult(run.dag_id, list(run.years), "success", 1.0)


def _settings(tmp_path) -> Settings:
    settings = Settings.from_env({"GOVWORK_HOME": str(tmp_path / "home")}).ensure_dirs()
    (settings.raw_dir / "manifest.jsonl").write_text("", encoding="utf-8")
    migrate(engine_for(settings.warehouse_url))
    return settings


def test_runs_that_succeeded_on_the_same_inputs_are_left_out(tmp_path):
    settings = _settings(tmp_path)
    planned = plan_runs([2018, 2020])
    inputs = inputs_fingerprint(settings)
    ledger = Ledger(settings)
    assert ledger.split(planned, inputs) == (planned, [])  # nothing known yet

    ledger.record(planned, [_ok(r) for r in planned], inputs)
    report_path(settings).parent.mkdir(parents=True, exist_ok=True)
    report_path(settings).write_text("report", encoding="utf-8")
    make, skip = Ledger(settings).split(planned, inputs)  # read back from the file
    assert make == [] and skip == planned

    # another year, or other inputs: those runs are made (and the views after them)
    make, _ = Ledger(settings).split(plan_runs([2018, 2023]), inputs)
    assert [r.dag_id for r in make][-1] == VIEWS_DAG_ID and len(make) == 4
    make, _ = Ledger(settings).split(planned, "other inputs")
    assert make == planned


def test_a_failed_run_a_changed_warehouse_or_a_lost_raw_store_is_made_again(tmp_path):
    settings = _settings(tmp_path)
    planned = plan_runs([2020])
    inputs = inputs_fingerprint(settings)
    report_path(settings).parent.mkdir(parents=True, exist_ok=True)
    report_path(settings).write_text("report", encoding="utf-8")
    failed = RunResult(planned[0].dag_id, [2020], "failed", 1.0)
    Ledger(settings).record(planned, [failed, *[_ok(r) for r in planned[1:]]], inputs)
    make, skip = Ledger(settings).split(planned, inputs)
    assert make[0] == planned[0] and planned[0] not in skip

    Ledger(settings).record(planned, [_ok(r) for r in planned], inputs)
    assert Ledger(settings).split(planned, inputs)[0] == []
    with engine_for(settings.warehouse_url).begin() as conn:  # the warehouse lost or gained a document
        conn.execute(text("INSERT INTO jurisdictions (code, name) VALUES ('420100', '武汉市')"))
        conn.execute(text("INSERT INTO documents (doc_key, jurisdiction_code, kind, year, status, completeness, created_at, updated_at) "
                          "VALUES ('420100:breakdown:2020', '420100', 'breakdown', 2020, 'passed', 'complete', 'now', 'now')"))
    make, _ = Ledger(settings).split(planned, inputs)
    assert [r.dag_id for r in make] == ["govwork_province_420000", VIEWS_DAG_ID]

    (settings.raw_dir / "manifest.jsonl").unlink()
    assert Ledger(settings).split(planned, inputs)[0] == planned
