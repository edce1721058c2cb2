"""What the `govwork run` process itself loads and reads: the warehouse is read by the
Airflow runner, where the tasks left pandas and SQLAlchemy loaded (documents held after each
province run, the closing summary), so `govwork run` does not import them a second time."""

from __future__ import annotations

import subprocess
import sys

import pytest

from core.config import REPO_ROOT, Settings
from govwork.orchestration import summary
from govwork.orchestration.reports import report_path
from govwork.orchestration.runs import PlannedRun, RunResult, plan_runs, run_dags
from govwork.orchestration.unchanged import Ledger, inputs_fingerprint
from warehouse.db import engine_for, migrate

HEAVY = ("pandas", "sqlalchemy", "alembic", "great_expectations", "airflow")
# what `govwork run` needs only when it makes a run: SQLAlchemy is enough to leave them all out
UNNEEDED_ON_A_RERUN = (*(m for m in HEAVY if m != "sqlalchemy"), "pydantic_settings", "jinja2", "yaml",
                       "core.registry", "govwork.mirror.server")


def test_the_govwork_run_process_starts_without_the_warehouse_libraries():
    code = (
        "import sys\n"
        "from govwork.cli import _register_all\n"
        "_register_all()\n"
        "import govwork.orchestration.job, govwork.orchestration.summary, govwork.orchestration.unchanged\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_rerun_with_every_run_left_out_reads_without_pandas_or_the_mirror(tmp_path, seed_warehouse):
    """What `govwork run` does when every run is known unchanged (fingerprint the inputs,
    count documents held, read the closing summary) loads SQLAlchemy and nothing heavier."""
    settings = Settings.from_env({"GOVWORK_HOME": str(tmp_path / "home")}).ensure_dirs()
    seed_warehouse(settings.warehouse_url)
    code = (
        "import sys\n"
        "from core.config import Settings\n"
        "from govwork.orchestration import job, summary, unchanged\n"
        f"settings = Settings.from_env({{'GOVWORK_HOME': {str(settings.home)!r}}})\n"
        "unchanged.inputs_fingerprint(settings)\n"
        "run = job.plan_runs([2020], jurisdiction='420100')[0]\n"
        "assert unchanged.documents_held(settings, run) > 0\n"
        "assert summary.closing(settings.warehouse_url)['rows']\n"
        f"unwanted = set({UNNEEDED_ON_A_RERUN!r})\n"
        "print(sorted(m for m in sys.modules if m in unwanted or m.split('.')[0] in unwanted))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_query_help_names_every_named_query():
    from govwork.cli.research import _query_names
    from warehouse.named_queries import list_queries

    assert _query_names() == ", ".join(q.name for q in list_queries())


def test_the_ledger_keeps_what_the_runner_read_after_the_run(tmp_path):
    settings = Settings.from_env({"GOVWORK_HOME": str(tmp_path / "home")}).ensure_dirs()
    (settings.raw_dir / "manifest.jsonl").write_text("", encoding="utf-8")
    migrate(engine_for(settings.warehouse_url))  # empty: holds 0 documents
    report_path(settings).parent.mkdir(parents=True, exist_ok=True)
    report_path(settings).write_text("report", encoding="utf-8")
    planned = plan_runs([2020])
    inputs = inputs_fingerprint(settings)

    def results(held: int) -> list[RunResult]:
        return [RunResult(r.dag_id, list(r.years), "success", 1.0, warehouse_after={"documents_held": held})
                for r in planned]

    Ledger(settings).record(planned, results(3), inputs)  # the runner saw 3; the warehouse holds 0 now
    assert Ledger(settings).split(planned, inputs)[0] == planned
    Ledger(settings).record(planned, results(0), inputs)
    assert Ledger(settings).split(planned, inputs) == ([], planned)


@pytest.mark.airflow
def test_the_runner_reads_the_warehouse_when_asked(airflow_sandbox):
    migrate(engine_for(airflow_sandbox.settings.warehouse_url))
    closing: list[dict] = []
    results = run_dags(
        [PlannedRun("govwork_province_999900", (2020,), {"jurisdictions": ["620000"]})],
        airflow_sandbox.env(),
        log_path=airflow_sandbox.airflow_home / "logs" / "runner.log",
        on_closing=closing.append,
    )
    assert [(r.state, r.warehouse_after) for r in results] == [("error", {"documents_held": 0})]
    try:  # what `govwork run` would have read itself (an empty warehouse knows no indicator)
        expected = summary.closing(airflow_sandbox.settings.warehouse_url)
    except Exception as exc:
        expected = {"error": f"{type(exc).__name__}: {exc}"}
    assert closing == [expected]


def test_an_error_once_the_runner_started_ends_the_runner(tmp_path):
    """What ``on_started`` raises (a broken mirror spec while the runner loads Airflow) is
    raised by ``run_dags``, and the runner it started does not outlive it."""
    import os
    import uuid

    from core.errors import ConfigError
    from govwork.orchestration.airflow_env import airflow_env

    settings = Settings.from_env({"GOVWORK_HOME": str(tmp_path / "home")}).ensure_dirs()
    marker = f"runner-{uuid.uuid4().hex}"
    env = {**airflow_env(settings, airflow_home=tmp_path / "airflow"), "GOVWORK_TEST_MARKER": marker}

    def broken() -> None:
        raise ConfigError("mirror spec broken.yaml: KeyError: 'host'")

    with pytest.raises(ConfigError, match="broken.yaml"):
        run_dags(plan_runs([2020]), env, log_path=tmp_path / "runner.log", on_started=broken)

    def runners() -> list[int]:
        found = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                environ = open(f"/proc/{pid}/environ", "rb").read()
            except OSError:
                continue
            if marker.encode() in environ:
                found.append(int(pid))
        return found

    assert runners() == []


def test_the_dags_get_every_setting_govwork_run_has(tmp_path):
    """What `govwork run` hands the runner (``settings_env``, also as ``AIRFLOW_VAR_*``) is read
    back by the tasks' hook into the same settings; a setting missing there (the parse workers,
    once) would silently fall back to its default inside the DAGs."""
    from govwork.orchestration.airflow_env import settings_env
    from govwork_airflow.hooks import VARIABLE_TO_ENV

    settings = Settings.from_env({"GOVWORK_HOME": str(tmp_path / "home"), "GOVWORK_PARSE_WORKERS": "3",
                                  "GOVWORK_MIN_DELAY": "0.5", "GOVWORK_MIRROR_URL": "http://127.0.0.1:9"})
    env = settings_env(settings)
    assert {k for k in env if k.startswith("GOVWORK_")} <= set(VARIABLE_TO_ENV.values())
    assert Settings.from_env(env) == settings


def test_a_background_migration_stamps_the_home_only_when_it_succeeded(tmp_path):
    from govwork.orchestration.airflow_env import AirflowSetupError, MetadataMigration

    stamp = tmp_path / ".govwork-migrated"
    ok = MetadataMigration(subprocess.Popen(["true"]), "ok.log", stamp)
    assert ok.wait() is True and stamp.exists()
    stamp.unlink()
    failed = MetadataMigration(subprocess.Popen(["false"]), "failed.log", stamp)
    with pytest.raises(AirflowSetupError, match="failed.log"):
        failed.wait()
    assert not stamp.exists()
    assert MetadataMigration(None, "", None).done() and not MetadataMigration(None, "", None).ran
