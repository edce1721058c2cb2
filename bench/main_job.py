"""The main job end to end, beside Airflow's floor.

``govwork run`` as a maintainer types it, in a subprocess with a fresh GOVWORK_HOME in a
temporary directory (so it migrates Airflow's SQLite metadata DB, crawls the snapshot
mirror, loads an empty warehouse); then the floor of the DAG runs it made (the same DAG
runs and task instances with empty tasks, through the project's runner: bench/airflow_floor.py);
then the same command again on that home (the re-run: nothing changed, so runs known
unchanged are left out) and once more with ``--force`` (every DAG run made again), both
beside the floor of the same DAG runs on a migrated metadata DB."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.airflow_floor import last_run_id, measure_floor, runs_made
from core.config import REPO_ROOT

_RESULT_LINE = re.compile(r"^\s+(ok|failed|error|\S+) (govwork_\S+)", re.M)


def govwork_bin() -> str:
    candidate = Path(sys.executable).with_name("govwork")
    return str(candidate) if candidate.exists() else "govwork"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not (k.startswith("GOVWORK_") or k == "WAREHOUSE_URL")}
    env["GOVWORK_HOME"] = str(home)
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "200"
    return env


def run_once(home: Path, log_file: Path, *args: str) -> dict:
    airflow_db = home / "airflow" / "airflow.db"
    before = last_run_id(airflow_db)
    start = time.perf_counter()
    with open(log_file, "ab") as log:
        done = subprocess.run([govwork_bin(), "run", *args], env=_env(home), cwd=REPO_ROOT, stdout=log,
                              stderr=subprocess.STDOUT, timeout=3600)
    seconds = time.perf_counter() - start
    text = log_file.read_text(encoding="utf-8", errors="replace")
    states = [m.group(1) for m in _RESULT_LINE.finditer(text.rsplit("· snapshot mirror", 1)[-1])]
    return {
        "seconds": round(seconds, 2),
        "exit_code": done.returncode,
        "warehouse": warehouse_counts(home / "warehouse.sqlite"),
        "dag_runs": len(states),
        "dag_runs_ok": states.count("ok"),
        "runs_made": runs_made(airflow_db, before) if airflow_db.exists() else [],
        "log": str(log_file),
    }


def warehouse_counts(path: Path) -> dict[str, int] | None:
    """Rows the run left in the SQLite warehouse (current documents and their facts), so a
    figure from a run that loaded nothing cannot pass for a real one."""
    import sqlite3

    if not path.exists():
        return None
    queries = {
        "current_documents": "SELECT count(*) FROM documents WHERE current_version_id IS NOT NULL",
        "versions": "SELECT count(*) FROM document_versions",
        "targets": "SELECT count(*) FROM targets",
        "tasks": "SELECT count(*) FROM tasks",
    }
    with sqlite3.connect(path) as conn:
        try:
            return {k: conn.execute(q).fetchone()[0] for k, q in queries.items()}
        except sqlite3.Error:
            return None


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


def measure(log_dir: Path, index: int, *, rerun: bool = True) -> dict:
    """One fresh-home run and its floor; then (``rerun``) a re-run, a forced re-run and the
    floor of the same runs on a migrated metadata DB."""
    log_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="govwork-bench-job-") as tmp:
        home = Path(tmp) / "home"
        first = run_once(home, log_dir / f"main-job-{index}-first.log")
        floor_fresh = measure_floor(first["runs_made"], fresh=True)
        out = {"first": first, "floor_fresh": floor_fresh, "fresh_vs_floor": _ratio(first["seconds"], floor_fresh["seconds"])}
        if rerun:
            second = run_once(home, log_dir / f"main-job-{index}-rerun.log")
            forced = run_once(home, log_dir / f"main-job-{index}-forced.log", "--force")
            floor_rerun = measure_floor(first["runs_made"], fresh=False)
            out.update(
                rerun=second, forced=forced, floor_rerun=floor_rerun,
                rerun_same_warehouse=first["warehouse"] == second["warehouse"] == forced["warehouse"],
                rerun_fraction=_ratio(second["seconds"], first["seconds"]),
                rerun_vs_floor=_ratio(second["seconds"], floor_rerun["seconds"]),
                forced_vs_floor=_ratio(forced["seconds"], floor_rerun["seconds"]),
            )
    return out
