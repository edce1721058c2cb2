"""The same DAGs under CeleryExecutor: a scheduler, a dag-processor, an api-server (the
execution API the workers' task runners talk to) and a Celery worker started here as
subprocesses against the local PostgreSQL (a fresh metadata database) and Redis
(its own db number and queue); `airflow backfill create` over two years, both runs
waited for, then all stopped."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from core.config import REPO_ROOT
from govwork.orchestration.airflow_env import airflow_bin, airflow_env, ensure_metadata_db
from govwork.orchestration.years import logical_date_for

pytestmark = [pytest.mark.airflow, pytest.mark.slow, pytest.mark.postgres]

REDIS_URL = os.environ.get("GOVWORK_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")  # db 11: ours alone
DAG_ID = "govwork_province_420000"  # Wuhan: one jurisdiction, one document in 2020
YEARS = (2019, 2020)  # Wuhan's breakdown is a 2020 document; 2019 has none
RUN_TIMEOUT = 300  # seconds for the DAG run once triggered


def _as_utc(value) -> datetime:
    value = datetime.fromisoformat(value) if isinstance(value, str) else value
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _redis_answers(url: str) -> str | None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
        return None
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"


def _forget_queue(queue: str) -> None:
    """Remove what Celery left in Redis for our one-off queue."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"*{queue}*"))
    if keys:
        client.delete(*keys)


class Services:
    """Airflow components as subprocesses, each in its own process group."""

    def __init__(self, env: dict[str, str], log_dir: Path):
        self.env, self.log_dir, self.procs = env, log_dir, {}

    def start(self, name: str, *args: str) -> None:
        log = open(self.log_dir / f"{name}.log", "wb")
        self.procs[name] = subprocess.Popen(
            [airflow_bin(), *args], env=self.env, stdout=log, stderr=subprocess.STDOUT,
            cwd=REPO_ROOT, start_new_session=True,
        )

    def check_alive(self) -> None:
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                raise AssertionError(f"{name} exited {proc.returncode}:\n{self.tail(name)}")

    def tail(self, name: str, chars: int = 4000) -> str:
        path = self.log_dir / f"{name}.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        for proc in self.procs.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


def _wait_for(what: str, check, services: Services, timeout: float, every: float = 2.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        services.check_alive()
        time.sleep(every)
    logs = "\n".join(f"--- {n}\n{services.tail(n, 2500)}" for n in services.procs)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}\n{logs}")


def test_dag_run_succeeds_under_celery_executor(tmp_path, make_postgres_url, snapshot_mirror_url):
    problem = _redis_answers(REDIS_URL)
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis is required under CI=true: {problem}")
        pytest.skip(f"Redis not available at {REDIS_URL}: {problem}")

    from tests.fixtures.airflow import make_sandbox

    metadata_url = make_postgres_url().replace("postgresql://", "postgresql+psycopg2://", 1)
    warehouse_url = make_postgres_url()
    sandbox = make_sandbox(tmp_path, tmp_path)  # fresh homes; no SQLite template wanted here
    api_port = _free_port()
    queue = f"govwork-test-{uuid.uuid4().hex[:8]}"
    env = airflow_env(sandbox.settings, airflow_home=sandbox.airflow_home, metadata_url=metadata_url)
    # As in docker-compose: the warehouse comes from the Airflow connection and the mirror
    # from an Airflow variable (read by GovworkHook), not from govwork's own variables.
    del env["WAREHOUSE_URL"]
    env.update(
        {
            "AIRFLOW_CONN_GOVWORK_WAREHOUSE": warehouse_url,
            "AIRFLOW_VAR_GOVWORK_MIRROR_URL": snapshot_mirror_url,
            "AIRFLOW_VAR_GOVWORK_MIN_DELAY": "0",
            "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{api_port}/execution/",
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__API__PORT": str(api_port),
            "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_urlsafe(32),
            "AIRFLOW__API__SECRET_KEY": secrets.token_urlsafe(32),
            "AIRFLOW__CELERY__BROKER_URL": REDIS_URL,
            "AIRFLOW__CELERY__RESULT_BACKEND": "db+" + metadata_url.replace("+psycopg2", "", 1),
            "AIRFLOW__CELERY__WORKER_CONCURRENCY": "2",
            "AIRFLOW__OPERATORS__DEFAULT_QUEUE": queue,  # other test runs on this Redis never take our tasks
            "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(_free_port()),
            "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "2",
            "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "10",
            "AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL": "10",
        }
    )
    ensure_metadata_db(env)
    (sandbox.airflow_home / "services").mkdir()
    services = Services(env, sandbox.airflow_home / "services")
    engine = create_engine(metadata_url)
    try:
        services.start("api-server", "api-server", "--apps", "execution", "--port", str(api_port), "--host", "127.0.0.1")
        services.start("dag-processor", "dag-processor")
        services.start("scheduler", "scheduler")
        services.start("worker", "celery", "worker", "--queues", queue, "--concurrency", "2", "--skip-serve-logs", "--without-gossip", "--without-mingle")

        def serialized() -> bool:
            with engine.connect() as conn:
                return bool(conn.execute(text("SELECT 1 FROM serialized_dag WHERE dag_id = :d"), {"d": DAG_ID}).first())

        _wait_for(f"the dag-processor to serialize {DAG_ID}", serialized, services, timeout=180)
        # `airflow backfill create` over two years: the timetable gives one run per year
        # (2019, 2020), which the scheduler hands to the Celery worker. DAGs start paused, so
        # only ours runs (plus its latest scheduled tick, a 2026 run that finds nothing).
        for argv in (
            ["backfill", "create", "--dag-id", DAG_ID, "--from-date", f"{YEARS[0]}-01-01", "--to-date", f"{YEARS[-1]}-12-31"],
            ["dags", "unpause", DAG_ID],
        ):
            done = subprocess.run([airflow_bin(), *argv], env=env, capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

        def backfill_runs() -> list:
            with engine.connect() as conn:
                return conn.execute(
                    text("SELECT run_id, logical_date, state FROM dag_run WHERE dag_id = :d AND run_type = 'backfill'"),
                    {"d": DAG_ID},
                ).all()

        def finished():
            runs = backfill_runs()
            done = len(runs) == len(YEARS) and all(r.state in ("success", "failed") for r in runs)
            return runs if done else None

        runs = _wait_for("the backfill's DAG runs", finished, services, timeout=RUN_TIMEOUT, every=3)
        with engine.connect() as conn:
            tasks = conn.execute(
                text(
                    "SELECT ti.task_id, ti.map_index, ti.state, ti.queue FROM task_instance ti "
                    "JOIN dag_run dr ON dr.dag_id = ti.dag_id AND dr.run_id = ti.run_id "
                    "WHERE ti.dag_id = :d AND dr.run_type = 'backfill'"
                ),
                {"d": DAG_ID},
            ).all()
        assert all(r.state == "success" for r in runs), f"{runs}\n{tasks}\n{services.tail('worker')}"
        assert sorted(_as_utc(r.logical_date) for r in runs) == [logical_date_for(y) for y in YEARS]
        # Every task went through our Celery queue and succeeded on the worker.
        assert tasks and all(t.queue == queue and t.state in ("success", "skipped") for t in tasks), tasks
        ran = {t.task_id for t in tasks if t.state == "success"}
        assert ran >= {"crawl_jurisdiction", "parse_documents", "validate_documents", "load_documents"}
    finally:
        services.stop()
        engine.dispose()
        _forget_queue(queue)

    # The worker's tasks loaded the PostgreSQL warehouse named by the Airflow connection.
    wh = create_engine(warehouse_url)
    try:
        with wh.connect() as conn:
            docs = conn.execute(text("SELECT jurisdiction_code, kind, year FROM documents")).all()
    finally:
        wh.dispose()
    assert [tuple(d) for d in docs] == [("420100", "breakdown", 2020)]
