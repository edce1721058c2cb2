"""The DAG files as Airflow sees them: they load without errors, give the expected DAGs
with owners, tags, docs, retries and assets, import no stage code, and the timetable
gives one backfill run per year."""

from __future__ import annotations

import json
import sys
from datetime import datetime

import pytest

from govwork.orchestration.airflow_env import DAGS_DIR
from govwork.orchestration.layout import VIEWS_DAG_ID, province_dags
from govwork.orchestration.years import logical_date_for

pytestmark = [pytest.mark.airflow]

DESCRIBE_DAGBAG = r"""
import json, sys
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(sys.argv[1])
out = {"errors": {k: str(v)[-2000:] for k, v in bag.import_errors.items()}, "dags": {}}
for dag in bag.dags.values():
    out["dags"][dag.dag_id] = {
        "owner": dag.owner,
        "tags": sorted(dag.tags),
        "doc_md": dag.doc_md or "",
        "catchup": dag.catchup,
        "timetable": type(dag.timetable).__name__,
        "schedule_assets": [a.uri for a in getattr(dag.timetable.asset_condition, "objects", [])]
            if hasattr(dag.timetable, "asset_condition") else [],
        "tasks": {
            t.task_id: {
                "retries": t.retries,
                "backoff": bool(t.retry_exponential_backoff),
                "outlets": [getattr(o, "uri", None) for o in t.outlets],
                "mapped": type(t).__name__.endswith("MappedOperator"),
            }
            for t in dag.tasks
        },
    }
print("DAGBAG=" + json.dumps(out))
"""


@pytest.fixture(scope="module")
def dagbag(tmp_path_factory) -> dict:
    import subprocess

    from core.config import Settings
    from govwork.orchestration.airflow_env import airflow_env

    root = tmp_path_factory.mktemp("dagbag")
    settings = Settings.from_env({"GOVWORK_HOME": str(root)})
    env = airflow_env(settings, airflow_home=root / "airflow")
    done = subprocess.run(
        [sys.executable, "-c", DESCRIBE_DAGBAG, str(DAGS_DIR)], env=env, capture_output=True, text=True, timeout=180
    )
    line = [l for l in done.stdout.splitlines() if l.startswith("DAGBAG=")]
    assert line, done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(line[0].removeprefix("DAGBAG="))


def test_dagbag_has_no_import_errors(dagbag):
    assert dagbag["errors"] == {}


def test_one_dag_per_province_plus_the_views_dag(dagbag):
    expected = {"govwork_province_620000", "govwork_province_420000", "govwork_province_370000", VIEWS_DAG_ID}
    assert set(dagbag["dags"]) == expected
    assert {d.dag_id for d in province_dags()} | {VIEWS_DAG_ID} == expected


def test_every_dag_has_owner_tags_and_docs(dagbag):
    for dag_id, dag in dagbag["dags"].items():
        assert dag["owner"] == "govwork-data", dag_id
        assert "govwork" in dag["tags"], dag_id
        assert len(dag["doc_md"]) > 200, dag_id
        assert dag["catchup"] is False, dag_id


def test_province_dags_document_their_jurisdictions_and_use_the_season_timetable(dagbag):
    for province in province_dags():
        dag = dagbag["dags"][province.dag_id]
        assert dag["timetable"] == "PublicationSeasonTimetable"
        assert f"province:{province.province_code}" in dag["tags"]
        for code in province.codes:
            assert code in dag["doc_md"]


def test_retries_backoff_on_network_tasks_none_on_parse_and_validation(dagbag):
    for province in province_dags():
        tasks = dagbag["dags"][province.dag_id]["tasks"]
        assert list(tasks) == [
            "plan_crawls", "crawl_jurisdiction", "batch_documents", "parse_documents", "validate_documents",
            "load_documents", "announce_changes",
        ]
        assert tasks["crawl_jurisdiction"]["retries"] >= 2 and tasks["crawl_jurisdiction"]["backoff"]
        assert tasks["crawl_jurisdiction"]["mapped"] and tasks["parse_documents"]["mapped"]
        assert tasks["parse_documents"]["retries"] == 0
        assert tasks["validate_documents"]["retries"] == 0
        assert tasks["announce_changes"]["outlets"] == ["x-govwork://warehouse/documents"]


def test_views_dag_is_scheduled_on_the_loaded_documents_asset(dagbag):
    views = dagbag["dags"][VIEWS_DAG_ID]
    assert views["schedule_assets"] == ["x-govwork://warehouse/documents"]
    assert list(views["tasks"]) == ["refresh_views", "write_report"]


IMPORT_DAG_FILES = r"""
import runpy, sys, json
for path in sys.argv[1:]:
    runpy.run_path(path)
heavy = sorted({m.split(".")[0] if not m.startswith("govwork.") else ".".join(m.split(".")[:2])
                for m in sys.modules
                if m.split(".")[0] in ("extractors", "warehouse", "expectations", "great_expectations", "pdfplumber", "bs4", "opencc")
                or m in ("govwork.stages", "govwork.mirror", "govwork.research")})
print("HEAVY=" + json.dumps(heavy))
"""


def test_dag_files_do_no_work_at_import(airflow_sandbox):
    """Parsing a DAG file imports Airflow and the layout, not the stage code: the crawler,
    parsers, warehouse and Great Expectations load only inside a running task."""
    files = sorted(str(p) for p in DAGS_DIR.glob("*.py"))
    assert files
    done = airflow_sandbox.run([sys.executable, "-c", IMPORT_DAG_FILES, *files], timeout=120)
    line = [l for l in done.stdout.splitlines() if l.startswith("HEAVY=")][0]
    assert json.loads(line.removeprefix("HEAVY=")) == []


@pytest.mark.slow
def test_airflow_backfill_gives_one_run_per_year(airflow_sandbox):
    """`airflow backfill create` over 2018–2026 asks the timetable, which gives one run per
    year at the logical date `govwork run`/`backfill` use for that year."""
    airflow_sandbox.airflow("dags", "reserialize")
    done = airflow_sandbox.airflow(
        "backfill", "create", "--dag-id", "govwork_province_420000",
        "--from-date", "2018-01-01", "--to-date", "2026-12-31", "--dry-run",
    )
    dates = sorted(
        datetime.fromisoformat(cell.strip())
        for line in done.stdout.splitlines()
        for cell in line.split("|")
        if cell.strip()[:4].isdigit() and "+00:00" in cell
    )
    assert dates == [logical_date_for(y) for y in range(2018, 2027)]
