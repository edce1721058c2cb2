"""Airflow DAGs: one per province in the source registry, crawl → parse → validate → load.

Generated from ``core.registry`` (a new jurisdiction is a registry entry, not a DAG
file). Each run collects one year, its logical date's year: the publication-season
timetable fires weekly in January–April and monthly after, and gives one run per year
in a backfill. Task bodies live in plugins/govwork_airflow; this file only declares.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from airflow.sdk import DAG, Param, get_parsing_context

from govwork.orchestration.layout import ProvinceDag, province_dags
from govwork.orchestration.years import FIRST_YEAR
from govwork_airflow.tasks import (
    announce_changes,
    batch_documents,
    crawl_jurisdiction,
    load_documents,
    parse_documents,
    plan_crawls,
)
from govwork_airflow.timetable import PublicationSeasonTimetable
from govwork_airflow.validation import validate_documents

DEFAULT_ARGS = {
    "owner": "govwork-data",
    "retries": 0,  # tasks that talk to the network set their own retries
    "retry_exponential_backoff": 2.0,
}


def _doc_md(province: ProvinceDag) -> str:
    title = province.province_name or province.province_code
    rows = "\n".join(f"| {j.code} | {j.name} | {j.level} |" for j in province.jurisdictions)
    return f"""\
### {title} ({province.province_code}): work reports and breakdown notices

Collects the documents of the run's year (the logical date's year, or the `year`/`years` params)
for every jurisdiction below: crawl each portal (mapped per jurisdiction, retried with
exponential backoff), parse each document found (mapped per document, never retried: a
deterministic failure is recorded and quarantined), validate the batch with Great
Expectations, load the warehouse. When the load changed the warehouse, the asset
`x-govwork://warehouse/documents` is updated, which triggers `govwork_warehouse_views`.

Params: `year` (default: logical year), `years` (several years in one run, the crawl
mapped per jurisdiction and year), `jurisdictions` (default: all below).

| code | name | level |
| --- | --- | --- |
{rows}
"""


def build_province_dag(province: ProvinceDag) -> DAG:
    with DAG(
        dag_id=province.dag_id,
        description=f"govwork: {province.province_name or province.province_code} ({len(province.jurisdictions)} jurisdictions)",
        doc_md=_doc_md(province),
        schedule=PublicationSeasonTimetable.shared(),  # stateless: one for all
        start_date=datetime(FIRST_YEAR, 1, 1, tzinfo=timezone.utc),
        catchup=False,  # the live schedule never catches up; backfills are explicit
        max_active_runs=2,
        dagrun_timeout=timedelta(hours=12),
        default_args=DEFAULT_ARGS,
        tags=["govwork", "crawl", f"province:{province.province_code}"],
        params={
            "year": Param(None, type=["null", "integer"], description="year to collect (default: logical year)"),
            "years": Param(None, type=["null", "array"], description="several years in one run (mapped per year)"),
            "jurisdictions": Param(None, type=["null", "array"], description="codes to crawl (default: all)"),
        },
    ) as dag:
        crawls = plan_crawls(province.codes)
        found = crawl_jurisdiction.expand_kwargs(crawls)
        parsed = parse_documents.expand(batch=batch_documents(found))
        announce_changes(load_documents(parsed, validate_documents(parsed)))
    return dag


# When Airflow parses this file for one DAG (a task starting, `dags test` loading its
# DAG), build only that one: with the full registry there are ~31 of them.
_wanted = get_parsing_context().dag_id
for _province in province_dags():
    if _wanted is None or _wanted == _province.dag_id:
        globals()[_province.dag_id] = build_province_dag(_province)
