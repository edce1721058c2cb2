"""DAG import time with a registry of the project's full size.

Every measurement is a fresh Python process with the environment govwork gives Airflow
(``govwork.orchestration.airflow_env``) plus ``GOVWORK_REGISTRY_DIR`` (read by
``govwork.orchestration.layout.registry_dir``) and a private ``XDG_CACHE_HOME`` (where the
layout caches its registry index):

- *file import*: the process imports ``airflow.sdk`` first (a DAG processor has Airflow
  loaded before it parses a file), then executes each file of ``dags/`` and times that;
  the process's wall time is reported as well (interpreter and Airflow start-up included);
- *DagBag*: ``airflow.dag_processing.dagbag.DagBag`` over ``dags/`` (what ``airflow dags
  list`` and the DAG processor use), timed, with its import errors and DAG count.

Cold means the registry caches are empty (the layout's index under XDG_CACHE_HOME; the DAG
files never load the full registry, whose JSON cache is under GOVWORK_HOME): the first parse
after a registry change, when every YAML file is read. Warm means they are filled: every
other parse.

Bytecode: a DAG processor runs from an installed environment, whose modules are compiled
once. ``PYTHONDONTWRITEBYTECODE`` (set in some shells) would make every measured process
compile every module it imports, Airflow's lazily imported parts and ours, and time the
compiler; the children run without it, after one unmeasured run that writes the caches.
Each figure's CPU time (``*_cpu_s``) is reported beside the wall time: on a shared machine it
is the steadier of the two.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from core.config import REPO_ROOT

DAGS_DIR = REPO_ROOT / "dags"

_IMPORT_SCRIPT = r"""
import importlib.util, json, sys, time
t0 = time.perf_counter()
cpu_total = 0.0
import airflow.sdk
from airflow.sdk import DAG
t1 = time.perf_counter()
files, dags, tasks = {}, 0, 0
for i, path in enumerate(sys.argv[1:]):
    start, cpu = time.perf_counter(), time.process_time()
    spec = importlib.util.spec_from_file_location(f"bench_dag_{i}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    files[path.rsplit("/", 1)[-1]] = time.perf_counter() - start
    cpu_total += time.process_time() - cpu
    found = {id(v): v for v in vars(module).values() if isinstance(v, DAG)}
    dags += len(found)
    tasks += sum(len(d.tasks) for d in found.values())
print("BENCH-RESULT " + json.dumps({"airflow_import_s": t1 - t0, "files_s": files,
      "dag_files_s": sum(files.values()), "dag_files_cpu_s": cpu_total, "dags": dags, "tasks": tasks}))
"""

_DAGBAG_SCRIPT = r"""
import json, sys, time
from airflow.dag_processing.dagbag import DagBag
start, cpu = time.perf_counter(), time.process_time()
bag = DagBag(dag_folder=sys.argv[1], include_examples=False) if "include_examples" in DagBag.__init__.__code__.co_varnames else DagBag(dag_folder=sys.argv[1])
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
stats = [{"file": str(s.file), "duration_s": s.duration.total_seconds(), "dags": s.dag_num} for s in bag.dagbag_stats]
print("BENCH-RESULT " + json.dumps({"dagbag_s": seconds, "dagbag_cpu_s": cpu, "dags": len(bag.dags), "import_errors": {str(k): str(v)[-400:] for k, v in bag.import_errors.items()}, "stats": stats}))
"""


def _env(registry_dir: Path | None, cache_dir: Path, airflow_home: Path) -> dict[str, str]:
    from core.config import Settings
    from govwork.orchestration.airflow_env import airflow_env

    settings = Settings.from_env({"GOVWORK_HOME": str(airflow_home.parent / "govwork")})
    env = airflow_env(settings, airflow_home=airflow_home)
    env["XDG_CACHE_HOME"] = str(cache_dir)  # the layout's registry index cache
    env["TMPDIR"] = str(cache_dir)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure an installed environment, not the compiler
    env.pop("GOVWORK_REGISTRY_DIR", None)
    if registry_dir is not None:
        env["GOVWORK_REGISTRY_DIR"] = str(registry_dir)
    return env


def _run(script: str, args: list[str], env: dict[str, str]) -> dict:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True,
                          cwd=REPO_ROOT, timeout=600)
    wall = time.perf_counter() - start
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("BENCH-RESULT ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"DAG import measurement failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return {**json.loads(line.removeprefix("BENCH-RESULT ")), "process_wall_s": wall}


def dag_files() -> list[str]:
    return [str(p) for p in sorted(DAGS_DIR.glob("*.py"))]


def measure_once(registry_dir: Path | None, *, warm: bool, work: Path) -> dict:
    """One file-import measurement and one DagBag measurement, cold or warm cache."""
    cache = work / "cache"
    if cache.exists():
        shutil.rmtree(cache)
    cache.mkdir(parents=True)
    env = _env(registry_dir, cache, work / "airflow")
    if warm:  # fill the index cache the way any earlier parse would
        _run(_IMPORT_SCRIPT, dag_files(), env)
    imported = _run(_IMPORT_SCRIPT, dag_files(), env)
    if not warm:
        shutil.rmtree(cache)
        cache.mkdir()
    elif not any(cache.rglob("*.json")):
        raise RuntimeError("the DAG files wrote no registry cache; warm and cold would be the same")
    bag = _run(_DAGBAG_SCRIPT, [str(DAGS_DIR)], env)
    return {"import": imported, "dagbag": bag}


_bytecode_written = False


def _write_bytecode(work: Path) -> None:
    """Once per process, unmeasured: the bytecode caches of every module a DAG file or a
    DagBag imports (a no-op where an install already wrote them)."""
    global _bytecode_written
    if _bytecode_written:
        return
    (work / "cache").mkdir(parents=True)
    env = _env(None, work / "cache", work / "airflow")
    _run(_IMPORT_SCRIPT, dag_files(), env)
    _run(_DAGBAG_SCRIPT, [str(DAGS_DIR)], env)
    _bytecode_written = True


def measure(registry_dir: Path | None, runs: int, *, warm: bool) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="govwork-bench-dags-") as tmp:
        _write_bytecode(Path(tmp) / "bytecode")
        return [measure_once(registry_dir, warm=warm, work=Path(tmp) / f"run{i}") for i in range(runs)]


def main(argv: list[str]) -> int:  # python -m bench.dag_import [REGISTRY_DIR]
    registry = Path(argv[0]) if argv else None
    for warm in (False, True):
        print(json.dumps({"warm": warm, "runs": measure(registry, 1, warm=warm)}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
