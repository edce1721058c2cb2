"""Airflow's floor: what the main job's DAG runs cost with empty tasks.

``measure_floor(runs)`` takes the DAG runs a ``govwork run`` made (read from its Airflow
metadata DB by ``runs_made``: one entry per DAG run, with its task instances per task) and
makes the same number of DAG runs, with the same task instances, of the empty DAGs in
``bench/floor_dags/``, through the project's own runner (``run_dags``, one Airflow process,
``airflow dags test``) and environment (``airflow_env``). The DAG folder holds the project's
DAG files beside the floor's (linked), so every ``dags test`` parses and syncs as much as
a real run does. A fresh floor also migrates a new metadata DB, as a fresh ``govwork run``
does.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from core.config import Settings
from govwork.orchestration.airflow_env import DAGS_DIR, airflow_env, ensure_metadata_db
from govwork.orchestration.layout import VIEWS_DAG_ID
from govwork.orchestration.runs import PlannedRun, run_dags

FLOOR_DAGS = Path(__file__).resolve().parent / "floor_dags"


def runs_made(airflow_db: Path, after_id: int = 0) -> list[dict]:
    """The DAG runs in a metadata DB (id > ``after_id``), in order: id, dag_id and task
    instances per task."""
    with sqlite3.connect(airflow_db) as conn:
        rows = conn.execute(
            "SELECT dr.id, dr.dag_id, ti.task_id, count(*) FROM dag_run dr JOIN task_instance ti "
            "ON ti.dag_id = dr.dag_id AND ti.run_id = dr.run_id WHERE dr.id > ? "
            "GROUP BY dr.id, dr.dag_id, ti.task_id ORDER BY dr.id", (after_id,)).fetchall()
    runs: dict[int, dict] = {}
    for run_id, dag_id, task_id, count in rows:
        runs.setdefault(run_id, {"id": run_id, "dag_id": dag_id, "tasks": {}})["tasks"][task_id] = count
    return list(runs.values())


def last_run_id(airflow_db: Path) -> int:
    if not airflow_db.exists():
        return 0
    with sqlite3.connect(airflow_db) as conn:
        return conn.execute("SELECT coalesce(max(id), 0) FROM dag_run").fetchone()[0]


def floor_plan(runs: list[dict]) -> list[PlannedRun]:
    plan = []
    for r in runs:
        if r["dag_id"] == VIEWS_DAG_ID:
            plan.append(PlannedRun("govwork_floor_views"))
        else:
            tasks = r["tasks"]
            plan.append(PlannedRun("govwork_floor_province", conf={
                "crawl": tasks.get("crawl_jurisdiction", 1), "parse": tasks.get("parse_documents", 1)}))
    return plan


def _dag_folder(root: Path) -> Path:
    folder = root / "dags"
    folder.mkdir()
    for path in [*sorted(DAGS_DIR.glob("*.py")), *sorted(FLOOR_DAGS.glob("*.py"))]:
        (folder / path.name).symlink_to(path)
    return folder


def measure_floor(runs: list[dict], *, fresh: bool) -> dict:
    """Seconds for the floor of ``runs`` in a new Airflow home; ``fresh``: migrating its
    metadata DB is timed too (as in a first ``govwork run``), else it is done beforehand."""
    with tempfile.TemporaryDirectory(prefix="govwork-bench-floor-") as tmp:
        root = Path(tmp)
        settings = Settings.from_env({"GOVWORK_HOME": str(root / "govwork")}).ensure_dirs()
        env = airflow_env(settings, airflow_home=root / "airflow")
        env["AIRFLOW__CORE__DAGS_FOLDER"] = str(_dag_folder(root))
        plan = floor_plan(runs)
        if not fresh:
            ensure_metadata_db(env)
        start = time.perf_counter()
        if fresh:
            ensure_metadata_db(env)
        migrated_s = time.perf_counter() - start
        results = run_dags(plan, env, log_path=root / "floor.log") if plan else []
        seconds = time.perf_counter() - start
        if any(not r.ok for r in results):
            log = (root / "floor.log").read_text(encoding="utf-8", errors="replace")[-3000:]
            raise RuntimeError(f"a floor run failed: {[(r.dag_id, r.state, r.message) for r in results]}\n{log}")
    return {
        "seconds": round(seconds, 2),
        "migrate_s": round(migrated_s, 2),
        "dag_runs": len(plan),
        "task_instances": sum(sum(r["tasks"].values()) for r in runs),
        "per_run_s": [r.seconds for r in results],
    }
