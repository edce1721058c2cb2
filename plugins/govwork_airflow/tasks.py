"""Task bodies of the province DAGs: thin wrappers around ``govwork.stages``.

Each task builds Settings through ``GovworkHook`` and calls one stage function; the stage
modules are imported inside the tasks, so parsing a DAG file imports none of them.
Retries: network tasks (crawl) retry with exponential backoff; parse never retries, a
deterministic failure comes back from the stage as ``status="failed"`` and is recorded
(parse run, quarantine) by the load; load retries briefly (a busy database).
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta
from typing import Any, Sequence

from airflow.sdk import get_current_context, task

from govwork_airflow.assets import WAREHOUSE_DOCUMENTS
from govwork_airflow.hooks import GovworkHook

log = logging.getLogger(__name__)

NETWORK_RETRIES = dict(
    retries=3,
    retry_delay=timedelta(minutes=2),
    retry_exponential_backoff=2.0,
    max_retry_delay=timedelta(minutes=30),
)


def run_years(context: dict[str, Any]) -> list[int]:
    """The years a run collects: the ``years`` param (``govwork run`` collects every
    snapshot year in one run per province), else the ``year`` param, else the logical
    date's year (the run's ``run_after`` for runs without a logical date): a scheduled or
    backfill run collects one year."""
    params = context.get("params") or {}
    if params.get("years"):
        return sorted({int(y) for y in params["years"]})
    if params.get("year"):
        return [int(params["year"])]
    when = context.get("logical_date") or context["dag_run"].run_after
    return [when.year]


def all_outputs(outputs: Sequence) -> list:
    """A mapped task's outputs in one request: slicing Airflow's lazy XCom sequence fetches
    them together, iterating it asked the execution API once per mapped task instance."""
    return list(outputs[:])


def _flatten(lists: Sequence[list[dict] | None]) -> list[dict]:
    return [item for items in all_outputs(lists) for item in (items or [])]


@task
def plan_crawls(jurisdictions: list[str]) -> list[dict]:
    """One crawl per jurisdiction of this DAG (or the ones the run's params name) and year."""
    context = get_current_context()
    years = run_years(context)
    wanted = (context.get("params") or {}).get("jurisdictions") or jurisdictions
    unknown = sorted(set(wanted) - set(jurisdictions))
    if unknown:
        from airflow.sdk.exceptions import AirflowFailException

        raise AirflowFailException(f"not in this DAG: {', '.join(unknown)} (it holds {', '.join(jurisdictions)})")
    log.info("crawling %d jurisdiction(s) for %s", len(wanted), ", ".join(map(str, years)))
    return [{"jurisdiction": code, "year": year} for year in years for code in wanted]


@task(
    **NETWORK_RETRIES,
    max_active_tis_per_dagrun=4,  # politeness: at most 4 portals of a province at once
    execution_timeout=timedelta(hours=2),
    map_index_template="{{ crawl_label }}",
)
def crawl_jurisdiction(jurisdiction: str, year: int) -> list[dict]:
    from govwork.crawl_stage import crawl  # the crawler alone (not the other stages' layers): not at DAG parsing

    get_current_context()["crawl_label"] = f"{jurisdiction} {year}"
    found = crawl(GovworkHook().get_settings(), jurisdiction=jurisdiction, year=year)
    log.info("%s %d: %s", jurisdiction, year, dict(Counter(d["outcome"] for d in found)))
    return found


@task
def batch_documents(found_per_jurisdiction) -> list[list[dict]]:
    """The crawls' documents as parse batches (one document each unless a run is huge).
    A run that found nothing still gets one (empty) batch: a mapping over an empty list
    makes ``dags test`` idle a second per mapped task ("No tasks to run")."""
    from govwork.orchestration.batching import batches, flatten  # not at DAG parsing

    documents = flatten(all_outputs(found_per_jurisdiction))
    out = batches(documents)
    log.info("%d document(s) in %d parse task(s)", len(documents), len(out))
    return out or [[]]


@task(retries=0, map_index_template="{{ parse_label }}")
def parse_documents(batch: list[dict]) -> list[dict]:
    """Parse one batch. A document that fails (deterministically, or by a crash) is a
    ``failed`` result with a typed reason from the stage, not a task failure, so it is
    recorded and never retried and cannot stop the other documents of the run."""
    from govwork import stages  # the stages import every layer below: not at DAG parsing

    label = ", ".join(f"{d['jurisdiction_code']} {d.get('kind')}" for d in batch)[:200]
    get_current_context()["parse_label"] = label or "nothing found"
    if not batch:
        return []
    settings = GovworkHook().get_settings()
    results = list(stages.parse_each(settings, batch))
    log.info("parse: %s", dict(Counter((r["status"], r.get("reason")) for r in results)))
    return results


@task(retries=2, retry_delay=timedelta(seconds=30), retry_exponential_backoff=2.0)
def load_documents(parsed_batches, outcomes: list[dict]) -> dict:
    """Load validated documents, quarantine critical failures, record parse failures."""
    from govwork import stages  # the stages import every layer below: not at DAG parsing

    hook = GovworkHook()
    hook.get_conn()  # migrate the warehouse to the newest schema before the first load
    summary = stages.load(hook.get_settings(), _flatten(parsed_batches), outcomes)
    log.info("load: %s", summary.get("counts", {}))
    return summary


@task(outlets=[WAREHOUSE_DOCUMENTS])
def announce_changes(summary: dict) -> list[str]:
    """Update the loaded-documents asset only when the warehouse changed (a version loaded,
    quarantined or released), so an unchanged re-run does not trigger the views DAG."""
    from airflow.sdk.exceptions import AirflowSkipException

    changed = [d for d in summary.get("documents", []) if d.get("action") not in (None, "unchanged")]
    if not changed:
        raise AirflowSkipException("nothing changed in the warehouse: no asset event")
    actions = dict(Counter(d["action"] for d in changed))
    get_current_context()["outlet_events"][WAREHOUSE_DOCUMENTS].extra = {
        "actions": actions,
        "documents": sorted({d["doc_key"] for d in changed if d.get("doc_key")}),
    }
    log.info("warehouse changed: %s", actions)
    return [d.get("doc_key") for d in changed]


@task
def refresh_views() -> dict:
    from govwork import stages  # the stages import every layer below: not at DAG parsing

    hook = GovworkHook()
    hook.get_conn()
    return stages.refresh_views(hook.get_settings())


@task
def write_report() -> str:
    """The HTML report (targets, task counts, coverage, validation status with links to
    the Data Docs) under the reports directory."""
    from govwork.orchestration.reports import report_path  # not at DAG parsing
    from govwork.research import write_report as write

    hook = GovworkHook()
    settings = hook.get_settings()
    out = report_path(settings)
    write(hook.get_conn(), out, settings)
    log.info("report written to %s", out)
    return str(out)
