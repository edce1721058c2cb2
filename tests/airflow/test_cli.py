"""`govwork run` / `govwork backfill` argument handling, and the runner's report when a
DAG run cannot even start."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from govwork.orchestration.runs import PlannedRun, run_dags

GOVWORK = str(Path(sys.executable).with_name("govwork"))


def _govwork(tmp_path, *args):
    env = {"GOVWORK_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    return subprocess.run([GOVWORK, *args], env=env, capture_output=True, text=True, timeout=120)


def test_backfill_rejects_a_jurisdiction_no_dag_crawls(tmp_path):
    done = _govwork(tmp_path, "backfill", "--from", "2018", "--to", "2019", "--jurisdiction", "110000")
    assert done.returncode == 2  # a usage error: not in the registry
    assert "110000" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "home" / "airflow").exists()  # refused before touching Airflow


def test_backfill_rejects_a_reversed_year_range(tmp_path):
    done = _govwork(tmp_path, "backfill", "--from", "2020", "--to", "2018")
    assert done.returncode == 2
    assert "before" in done.stderr


@pytest.mark.airflow
def test_a_run_that_cannot_start_is_reported_not_hidden(airflow_sandbox):
    results = run_dags(
        [PlannedRun("govwork_province_999900", 2020)],
        airflow_sandbox.env(),
        log_path=airflow_sandbox.airflow_home / "logs" / "runner.log",
    )
    assert [(r.dag_id, r.state) for r in results] == [("govwork_province_999900", "error")]
    assert "govwork_province_999900" in (results[0].message or "")
