"""The main job end to end: ``govwork run`` as a maintainer types it, in a subprocess with
a fresh GOVWORK_HOME in a temporary directory (so every run migrates Airflow's SQLite
metadata DB, crawls the snapshot mirror, loads an empty warehouse), then the same command
again on that home (the re-run: nothing changed)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def run_once(home: Path, log_file: Path) -> dict:
    start = time.perf_counter()
    with open(log_file, "ab") as log:
        done = subprocess.run([govwork_bin(), "run"], env=_env(home), cwd=REPO_ROOT, stdout=log,
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


def measure(log_dir: Path, index: int, *, rerun: bool = True) -> dict:
    """One fresh-home run, then (``rerun``) a second run on the same home."""
    log_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="govwork-bench-job-") as tmp:
        home = Path(tmp) / "home"
        first = run_once(home, log_dir / f"main-job-{index}-first.log")
        second = run_once(home, log_dir / f"main-job-{index}-rerun.log") if rerun else None
    out = {"first": first}
    if second is not None:
        out["rerun"] = second
        out["rerun_same_warehouse"] = first["warehouse"] == second["warehouse"]
        out["rerun_fraction"] = round(second["seconds"] / first["seconds"], 4) if first["seconds"] else None
    return out
