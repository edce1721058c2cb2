"""Run a list of DAG runs with ``airflow dags test``, in one process.

``python -m govwork_airflow.runner PLAN.json RESULTS.jsonl`` (started by
``govwork.orchestration.runs.run_dags`` with the Airflow environment set). Each planned
run goes through Airflow's own ``dags test`` command (``dag_command.dag_test``); after it,
the run's state and its task states are read from the metadata DB and appended to
RESULTS as one JSON line, so the caller can show progress while later runs go on.

The DAG of each run is parsed once per process, not once per run: ``dags test`` would
parse the DAG folder before every run (and ``DAG.test`` parses and syncs it once more,
which is Airflow's own cost and stays). Parsing names the wanted DAG in Airflow's parsing
context, so a DAG file that builds many DAGs builds only that one.

``govwork run`` asks for more in the plan (the bench's floor does not): ``warm_up`` loads
govwork's own modules first, before Airflow; with a ``gate`` the runner waits for that file
before it uses Airflow's metadata DB (it loads Airflow's CLI before), so the warm-up and
Airflow's loading overlap ``airflow db migrate`` on a fresh home;
``read_warehouse`` reads the warehouse after each province run (documents held) and after
the last run (the closing summary, one last JSON line ``{"closing": ...}``): the tasks left
pandas and SQLAlchemy loaded in this process, and ``govwork`` need not import them again.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import sys
import time
from collections import Counter
from pathlib import Path

from govwork.orchestration.lifeline import die_with_parent


def _dag(parser, dag_id: str, parsed: dict):
    """The DAG ``dag_id`` as ``dags test`` would load it, parsed once per runner process."""
    if dag_id not in parsed:
        from airflow.utils.cli import get_bagged_dag

        parsed[dag_id] = get_bagged_dag(None, dag_id)
    return parsed[dag_id]


def _run_one(parser, planned: dict, parsed: dict) -> dict:
    from airflow.cli.commands import dag_command
    from airflow.models import DagRun, TaskInstance
    from airflow.utils.session import create_session
    from sqlalchemy import func, select

    argv = ["dags", "test", planned["dag_id"]]
    if planned.get("logical_date"):
        argv.append(planned["logical_date"])
    if planned.get("conf"):
        argv += ["--conf", json.dumps(planned["conf"])]
    with create_session() as session:
        _clear_stale_runs(session, planned["dag_id"])
        last_id = session.scalar(select(func.max(DagRun.id))) or 0
    started = time.monotonic()
    message = None
    try:
        args = parser.parse_args(argv)
        dag_command.dag_test(args, dag=_dag(parser, planned["dag_id"], parsed))
    except SystemExit as exc:  # "DagRun failed": the state below says the same
        message = str(exc) or None
    except Exception as exc:  # the run could not start (DAG missing or broken)
        message = f"{type(exc).__name__}: {exc}"
    seconds = round(time.monotonic() - started, 2)
    with create_session() as session:
        run = session.scalars(
            select(DagRun)
            .where(DagRun.dag_id == planned["dag_id"], DagRun.id > last_id)
            .order_by(DagRun.id.desc())
            .limit(1)
        ).first()
        if run is None:
            return _result(planned, "error", seconds, {}, [], message or "no DAG run was created", {})
        tis = session.scalars(
            select(TaskInstance).where(TaskInstance.dag_id == run.dag_id, TaskInstance.run_id == run.run_id)
        ).all()
        states = Counter(str(ti.state.value if hasattr(ti.state, "value") else ti.state) for ti in tis)
        failed = sorted(
            f"{ti.task_id}[{ti.map_index}]" if ti.map_index >= 0 else ti.task_id
            for ti in tis
            if str(getattr(ti.state, "value", ti.state)) in ("failed", "upstream_failed")
        )
        state = str(getattr(run.state, "value", run.state))
        per_task = Counter(ti.task_id for ti in tis)
    return _result(planned, state, seconds, dict(states), failed, message, dict(per_task))


def _clear_stale_runs(session, dag_id: str) -> None:
    """Runs of this DAG still marked running or queued were left by a runner that died (this
    metadata DB is govwork's own, and one runner works at a time): delete them, so the new
    run starts clean instead of tripping over the old one."""
    from airflow.models import DagRun
    from airflow.utils.state import DagRunState
    from sqlalchemy import delete

    session.execute(delete(DagRun).where(DagRun.dag_id == dag_id,
                                         DagRun.state.in_([DagRunState.RUNNING, DagRunState.QUEUED])))
    session.commit()


def _result(planned, state, seconds, states, failed, message, per_task) -> dict:
    return {
        "dag_id": planned["dag_id"],
        "years": list(planned.get("years") or []),
        "state": state,
        "seconds": seconds,
        "task_states": states,
        "failed_tasks": failed,
        "message": message,
        "task_instances": per_task,
    }


def _warm_up() -> None:
    """Load what govwork's tasks use before the first DAG run: every run of this process
    shares it, and on a fresh home it loads while ``airflow db migrate`` runs (the plan's
    gate). A failure here is left to the task that needs the module."""
    try:
        # govwork's stages and what they load on first use: only in govwork's own runs
        import great_expectations  # noqa: F401  (expectations.validate loads it on first use)
        import vl_convert

        from govwork import parsing, stages  # noqa: F401  (every layer below; the parsers load on first use)
        from govwork.research import report  # write_report: pandas, jinja2

        report.prepare()  # a fresh home's report is drawn: Altair and the template now

        # the converter's JavaScript runtime starts on its first chart, seconds in: start it now
        vl_convert.vegalite_to_svg({"mark": "point", "data": {"values": [{"x": 0}]},
                                    "encoding": {"x": {"field": "x", "type": "quantitative"}}})
    except Exception:
        logging.getLogger(__name__).exception("warm-up failed; the tasks load what they need themselves")


def _settle() -> None:
    """Move everything loaded so far (modules, Airflow's app, the DAGs) out of the cycle
    collector's sight (``gc.freeze``): it lives as long as the process, and every full
    collection scanned it again. Measured in-process on a fresh ``govwork run``: full
    collections 2.2-2.3 s CPU without, 1.4-1.5 s with (no ``gc.collect`` first: that cost
    more than it saved; the few cycles of garbage frozen with the rest stay in memory)."""
    gc.freeze()


def _say(message: str) -> None:
    """A line in Airflow's log (the runner's output), for reading where the time went."""
    print(f"[govwork runner] {message}", flush=True)


def _wait_for(gate: Path) -> None:
    """Until the caller says Airflow may be used (its metadata DB migrated)."""
    while not gate.exists():
        time.sleep(0.05)


def _warehouse_after(planned: dict) -> dict | None:
    """How many of a province run's documents the warehouse holds now (the ledger of
    unchanged runs keeps it); None for the views run, or when it could not be read."""
    # govwork's orchestration reads the warehouse: only when the plan asks (not in the floor)
    from core.config import Settings
    from govwork.orchestration.layout import VIEWS_DAG_ID
    from govwork.orchestration.runs import PlannedRun
    from govwork.orchestration.unchanged import documents_held

    if planned["dag_id"] == VIEWS_DAG_ID:
        return None
    run = PlannedRun(planned["dag_id"], tuple(planned.get("years") or ()), planned.get("conf") or {})
    try:
        return {"documents_held": documents_held(Settings.from_env(), run)}
    except Exception:  # not read here: `govwork run` reads it itself
        logging.getLogger(__name__).exception("could not read the warehouse after %s", planned["dag_id"])
        return None


def _closing() -> dict:
    """The summary ``govwork run`` ends with, or why there is none."""
    from core.config import Settings  # govwork's orchestration: only when the plan asks
    from govwork.orchestration.summary import closing

    try:
        return closing(Settings.from_env().warehouse_url)
    except Exception as exc:  # a courtesy: the runs' results stand without it
        return {"error": f"{type(exc).__name__}: {exc}"}


def main(argv: list[str]) -> int:
    plan_file, results_file, *parent = argv
    if parent:  # started by `govwork run`: never outlive it (see govwork.orchestration.lifeline)
        die_with_parent(int(parent[0]))
    with open(plan_file, encoding="utf-8") as f:
        plan = json.load(f)
    if isinstance(plan, list):  # a bare list of runs
        plan = {"runs": plan}
    read_warehouse = bool(plan.get("read_warehouse"))
    started = time.monotonic()
    if plan.get("warm_up"):
        # No cycle collection while loading: imports make few cycles of garbage, and the
        # collections the warm-up started (five full ones among them, ~0.4 s CPU measured on
        # a fresh `govwork run`) were on its critical path; what it loaded is frozen anyway.
        gc.disable()
        try:
            _warm_up()
            _settle()  # before Airflow's imports, whose collections would scan it all again
        finally:
            gc.enable()
        _say(f"govwork's modules loaded in {time.monotonic() - started:.1f} s")
    cpu = time.process_time()
    # Loading Airflow and its CLI opens no connection to the metadata DB (checked: with a
    # path in a directory that does not exist, nothing fails and no file appears), so it
    # too goes before the gate, while the migration runs.
    from airflow.cli.cli_parser import get_parser

    parser = get_parser()
    _say(f"Airflow's CLI loaded: {time.process_time() - cpu:.2f} s CPU")
    _settle()
    if plan.get("gate"):
        _wait_for(Path(plan["gate"]))
        _say(f"Airflow's metadata DB ready {time.monotonic() - started:.1f} s after the runner started")
    parsed: dict = {}
    with open(results_file, "a", encoding="utf-8") as out:
        for index, planned in enumerate(plan["runs"]):
            cpu = time.process_time()
            result = _run_one(parser, planned, parsed)
            _say(f"{planned['dag_id']}: {result['seconds']:.2f} s, {time.process_time() - cpu:.2f} s CPU")
            if index == 0:
                _settle()  # what the first run loaded (the execution API, the DAG) stays too
            if read_warehouse:
                result["warehouse_after"] = _warehouse_after(planned)
            out.write(json.dumps(result) + "\n")
            out.flush()
        if read_warehouse:
            out.write(json.dumps({"closing": _closing()}) + "\n")
            out.flush()
    _say(f"{time.process_time():.2f} s CPU in all")
    return 0


def _exit_now(code: int) -> None:
    """End the process without the interpreter's teardown: after the last run Airflow's
    exit handlers and threads took ~4 s (measured between the runner's last line and its
    exit) with nothing left to save: every run is committed in the metadata DB and every
    result line flushed. Logs are flushed first."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    _exit_now(main(sys.argv[1:]))
