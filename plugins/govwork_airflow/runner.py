"""Run a list of DAG runs with ``airflow dags test``, in one process.

``python -m govwork_airflow.runner PLAN.json RESULTS.jsonl`` (started by
``govwork.orchestration.runs.run_dags`` with the Airflow environment set). Each planned
run goes through Airflow's own ``dags test`` command; after it, the run's state and its
task states are read from the metadata DB and appended to RESULTS as one JSON line, so
the caller can show progress while later runs go on.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter

from govwork.orchestration.lifeline import die_with_parent


def _run_one(parser, planned: dict) -> dict:
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
        args.func(args)
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
            return _result(planned, "error", seconds, {}, [], message or "no DAG run was created")
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
    return _result(planned, state, seconds, dict(states), failed, message)


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


def _result(planned, state, seconds, states, failed, message) -> dict:
    return {
        "dag_id": planned["dag_id"],
        "year": planned.get("year"),
        "state": state,
        "seconds": seconds,
        "task_states": states,
        "failed_tasks": failed,
        "message": message,
    }


def main(argv: list[str]) -> int:
    plan_file, results_file, *parent = argv
    if parent:  # started by `govwork run`: never outlive it (see govwork.orchestration.lifeline)
        die_with_parent(int(parent[0]))
    with open(plan_file, encoding="utf-8") as f:
        plan = json.load(f)
    from airflow.cli.cli_parser import get_parser

    parser = get_parser()
    with open(results_file, "a", encoding="utf-8") as out:
        for planned in plan:
            out.write(json.dumps(_run_one(parser, planned)) + "\n")
            out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
