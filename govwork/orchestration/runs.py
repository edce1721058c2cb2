"""Which DAG runs a ``govwork run`` or ``govwork backfill`` needs, and running them.

Runs go through ``airflow dags test`` (Airflow's own command: a real DAG run with every
task through the task runner and the execution API, no scheduler needed), all in one
Airflow process (plugins/govwork_airflow/runner.py) so Airflow's start-up is paid once
rather than once per run. Province runs come first, one per province and year; the
views DAG runs last, once, the way the scheduler would run it after the Asset events.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

from govwork.orchestration.lifeline import end_group
from govwork.orchestration.layout import VIEWS_DAG_ID, province_dag_for, province_dags
from govwork.orchestration.years import logical_date_for


@dataclass(frozen=True)
class PlannedRun:
    dag_id: str
    year: int | None  # None: the views DAG, which is not tied to a year
    conf: dict[str, Any] = field(default_factory=dict)

    @property
    def logical_date(self) -> str | None:
        return logical_date_for(self.year).isoformat() if self.year is not None else None

    def label(self) -> str:
        who = ",".join(self.conf.get("jurisdictions") or []) or "all"
        return f"{self.dag_id} {self.year or ''} ({who})".replace("  ", " ")


@dataclass
class RunResult:
    dag_id: str
    year: int | None
    state: str  # success | failed | error (the run could not be started)
    seconds: float
    task_states: dict[str, int] = field(default_factory=dict)
    failed_tasks: list[str] = field(default_factory=list)
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.state == "success"


def plan_runs(
    years: list[int],
    *,
    jurisdiction: str | None = None,
    registry: Any | None = None,
    with_views: bool = True,
) -> list[PlannedRun]:
    """Province runs for every year (only ``jurisdiction``'s DAG, limited to it, if given),
    then one views run."""
    if jurisdiction:
        dag = province_dag_for(jurisdiction, registry)
        targets = [(dag.dag_id, {"jurisdictions": [jurisdiction]})]
    else:
        targets = [(d.dag_id, {}) for d in province_dags(registry)]
    planned = [PlannedRun(dag_id, year, conf) for year in years for dag_id, conf in targets]
    if with_views:
        planned.append(PlannedRun(VIEWS_DAG_ID, None))
    return planned


def run_dags(
    runs: list[PlannedRun],
    env: dict[str, str],
    *,
    log_path: Path,
    progress: Callable[[RunResult], None] | None = None,
) -> list[RunResult]:
    """Run ``runs`` in order with ``airflow dags test`` in one subprocess; Airflow's own
    output goes to ``log_path``. Returns one result per planned run."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="govwork-runs-") as tmp:
        plan_file = Path(tmp) / "plan.json"
        results_file = Path(tmp) / "results.jsonl"
        plan_file.write_text(
            json.dumps([{**asdict(r), "logical_date": r.logical_date} for r in runs]), encoding="utf-8"
        )
        results_file.touch()
        # The runner gets our pid and its own process group: it ends with us (lifeline).
        cmd = [sys.executable, "-m", "govwork_airflow.runner", str(plan_file), str(results_file), str(os.getpid())]
        with open(log_path, "ab") as log:
            proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, process_group=0)
            try:
                results = _follow(proc, results_file, progress)
            finally:
                end_group(proc)  # Ctrl-C or an error here: the runner and its children stop too
    if len(results) < len(runs):
        message = f"the Airflow runner stopped (exit {proc.returncode}); see {log_path}"
        for r in runs[len(results):]:
            results.append(RunResult(r.dag_id, r.year, "error", 0.0, message=message))
    return results


def _follow(proc: subprocess.Popen, results_file: Path, progress) -> list[RunResult]:
    results: list[RunResult] = []
    pending = ""
    with open(results_file, encoding="utf-8") as stream:
        while True:
            finished = proc.poll() is not None
            pending += stream.read()
            *lines, pending = pending.split("\n")  # keep a half-written last line for later
            for line in filter(str.strip, lines):
                result = RunResult(**json.loads(line))
                results.append(result)
                if progress:
                    progress(result)
            if finished:
                return results
            time.sleep(0.2)
