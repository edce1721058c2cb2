"""Which DAG runs a ``govwork run`` or ``govwork backfill`` needs, and running them.

Runs go through ``airflow dags test`` (Airflow's own command: a real DAG run with every
task through the task runner and the execution API, no scheduler needed), all in one
Airflow process (plugins/govwork_airflow/runner.py) so Airflow's start-up is paid once
rather than once per run. Province runs come first, one per province covering every
year asked for (the crawl is mapped per jurisdiction and year inside the run: each DAG
run costs Airflow ~1–3 s of its own work, so 3 runs over 4 years cost a quarter of 12);
the views DAG runs last, once, the way the scheduler would run it after the Asset events.
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
    years: tuple[int, ...] = ()  # the years the run collects; empty: the views DAG
    conf: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        years = (self.years,) if isinstance(self.years, int) else tuple(self.years or ())
        object.__setattr__(self, "years", years)
        if len(years) > 1 and "years" not in self.conf:
            object.__setattr__(self, "conf", {**self.conf, "years": list(years)})

    @property
    def logical_date(self) -> str | None:
        """One year: that year's first season tick, the same DAG run ``airflow backfill
        create`` makes. Several years in one run: none (``dags test`` uses now), the years
        travel in the run's conf."""
        return logical_date_for(self.years[0]).isoformat() if len(self.years) == 1 else None

    def label(self) -> str:
        who = ",".join(self.conf.get("jurisdictions") or []) or "all"
        return f"{self.dag_id} {years_label(self.years)} ({who})".replace("  ", " ")


def years_label(years) -> str:
    return ",".join(str(y) for y in years or ())


@dataclass
class RunResult:
    dag_id: str
    years: list[int]
    state: str  # success | failed | error (the run could not be started)
    seconds: float
    task_states: dict[str, int] = field(default_factory=dict)
    failed_tasks: list[str] = field(default_factory=list)
    message: str | None = None
    task_instances: dict[str, int] = field(default_factory=dict)  # per task id (mapped: its map length)
    # what the runner read from the warehouse right after the run ({"documents_held": n}),
    # when asked to (run_dags' on_closing); None: not read
    warehouse_after: dict | None = None

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
    """One run per province over all ``years`` (only ``jurisdiction``'s DAG, limited to it,
    if given), then one views run."""
    if jurisdiction:
        dag = province_dag_for(jurisdiction, registry)
        targets = [(dag.dag_id, {"jurisdictions": [jurisdiction]})]
    else:
        targets = [(d.dag_id, {}) for d in province_dags(registry)]
    planned = [PlannedRun(dag_id, tuple(sorted(set(years))), conf) for dag_id, conf in targets] if years else []
    if with_views:
        planned.append(PlannedRun(VIEWS_DAG_ID))
    return planned


def run_dags(
    runs: list[PlannedRun],
    env: dict[str, str],
    *,
    log_path: Path,
    progress: Callable[[RunResult], None] | None = None,
    on_closing: Callable[[dict], None] | None = None,
    warm_up: bool = False,
    ready: Callable[[], bool] | None = None,
    on_started: Callable[[], object] | None = None,
) -> list[RunResult]:
    """Run ``runs`` in order with ``airflow dags test`` in one subprocess; Airflow's own
    output goes to ``log_path``. Returns one result per planned run.

    With ``on_closing``, the runner also reads the warehouse, where the tasks left pandas
    and SQLAlchemy loaded: after each province run how many of its documents it holds
    (``RunResult.warehouse_after``, for the ledger of unchanged runs), and after the last
    run the closing summary (``summary.closing``), which goes to ``on_closing``. So the
    ``govwork`` process does not import them a second time.

    ``warm_up``: the runner first loads the modules govwork's tasks use (the stages, Great
    Expectations, the report's charts), which the DAG runs of its process share. ``ready``:
    the runner uses Airflow's metadata DB only once ``ready()`` is true (polled here; what it
    raises ends the runner and is raised), so its warm-up and its loading of Airflow can
    overlap e.g. ``airflow db migrate``. ``on_started`` is called once the runner is started (what it
    raises ends the runner and is raised): work the runs need only later overlaps its start-up."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="govwork-runs-") as tmp:
        plan_file = Path(tmp) / "plan.json"
        results_file = Path(tmp) / "results.jsonl"
        gate = Path(tmp) / "airflow-ready"
        plan_file.write_text(
            json.dumps({"runs": [{**asdict(r), "logical_date": r.logical_date} for r in runs],
                        "read_warehouse": on_closing is not None, "warm_up": warm_up,
                        "gate": str(gate) if ready else None}), encoding="utf-8"
        )
        results_file.touch()
        # The runner gets our pid and its own process group: it ends with us (lifeline).
        cmd = [sys.executable, "-m", "govwork_airflow.runner", str(plan_file), str(results_file), str(os.getpid())]
        with open(log_path, "ab") as log:
            proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, process_group=0)
            try:
                if on_started is not None:
                    on_started()
                results = _follow(proc, results_file, progress, on_closing, ready, gate)
            finally:
                end_group(proc)  # Ctrl-C or an error here: the runner and its children stop too
    if len(results) < len(runs):
        message = f"the Airflow runner stopped (exit {proc.returncode}); see {log_path}"
        for r in runs[len(results):]:
            results.append(RunResult(r.dag_id, list(r.years), "error", 0.0, message=message))
    return results


def _follow(proc: subprocess.Popen, results_file: Path, progress, on_closing, ready, gate: Path) -> list[RunResult]:
    results: list[RunResult] = []
    pending = ""
    with open(results_file, encoding="utf-8") as stream:
        while True:
            if ready is not None and ready():
                gate.touch()  # the runner may start on Airflow
                ready = None
            finished = proc.poll() is not None
            pending += stream.read()
            *lines, pending = pending.split("\n")  # keep a half-written last line for later
            for line in filter(str.strip, lines):
                record = json.loads(line)
                if "closing" in record:  # the runner's last line, when asked for
                    if on_closing:
                        on_closing(record["closing"])
                    continue
                result = RunResult(**record)
                results.append(result)
                if progress:
                    progress(result)
            if finished:
                return results
            time.sleep(0.05)  # a result line or the runner's end is seen within 50 ms
