"""Airflow's floor for the main job: DAGs shaped like the project's, with empty tasks.

``govwork_floor_province`` has the province DAG's seven tasks, its crawl mapped over
``params.crawl`` items and its parse over ``params.parse`` batches, so a floor run makes
exactly the task instances a real run made; ``govwork_floor_views`` has the views DAG's
two. Every task returns at once: what remains is Airflow's own cost per DAG run and per
task instance (``bench/airflow_floor.py`` runs them through the project's runner).
"""

from __future__ import annotations

from datetime import datetime, timezone

from airflow.sdk import DAG, Param, get_current_context, task

_START = datetime(2000, 1, 1, tzinfo=timezone.utc)


@task
def plan_crawls() -> list[dict]:
    return [{"jurisdiction": str(i), "year": 0} for i in range(int(get_current_context()["params"]["crawl"]))]


@task
def crawl_jurisdiction(jurisdiction: str, year: int) -> list[dict]:
    return []


@task
def batch_documents(found) -> list[list]:
    return [[] for _ in range(int(get_current_context()["params"]["parse"]))]


@task
def parse_documents(batch: list) -> list:
    return []


@task
def validate_documents(parsed) -> list:
    return []


@task
def load_documents(parsed, outcomes) -> dict:
    return {}


@task
def announce_changes(summary: dict) -> list:
    return []


with DAG(
    dag_id="govwork_floor_province",
    schedule=None,
    start_date=_START,
    catchup=False,
    params={"crawl": Param(1, type="integer"), "parse": Param(1, type="integer")},
):
    found = crawl_jurisdiction.expand_kwargs(plan_crawls())
    parsed = parse_documents.expand(batch=batch_documents(found))
    announce_changes(load_documents(parsed, validate_documents(parsed)))


@task
def refresh_views() -> dict:
    return {}


@task
def write_report() -> str:
    return ""


with DAG(dag_id="govwork_floor_views", schedule=None, start_date=_START, catchup=False):
    refresh_views() >> write_report()
