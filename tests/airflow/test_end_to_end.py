"""Every province DAG run end to end with real Airflow (`airflow dags test` in a
subprocess, temporary AIRFLOW_HOME and GOVWORK_HOME) against the bundled snapshot mirror
over real HTTP, then the warehouse checked; a second run leaves it unchanged; a backfill
over two years collects exactly those years.

Expected documents come from the seeds (see /work/shared/README.md and the issues): Gansu
2018 breakdown, Wuhan 2020 breakdown, Yishui 2023 interpretation, Dingxi 2026 work
report, Gansu 2026 breakdown notice (and work report, when ../shared has its text).
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, inspect, text

from tests.crawl.snapshot import expected_documents

pytestmark = [pytest.mark.airflow, pytest.mark.slow]

# Every document page of the snapshot mirror (mirror/spec + the registry); the Gansu 2026
# work report only when ../shared holds its third-party text.
SEED_DOCUMENTS = {(code, kind, year) for code, kind, year, _source in expected_documents()}
# Tables that log each run (every fetch, parse attempt, validation run) by design grow
# with every run; everything else is the warehouse's content.
RUN_LOG_TABLES = {"fetches", "parse_runs", "validation_results", "alembic_version"}


def warehouse_content(url: str) -> dict[str, list[tuple]]:
    engine = create_engine(url)
    try:
        tables = sorted(set(inspect(engine).get_table_names()) - RUN_LOG_TABLES)
        with engine.connect() as conn:
            return {t: sorted(map(tuple, conn.execute(text(f'SELECT * FROM "{t}"'))), key=repr) for t in tables}
    finally:
        engine.dispose()


def documents(url: str) -> dict[tuple, dict]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT jurisdiction_code, kind, year, completeness, parsed_count, declared_count FROM documents"))
            return {(r.jurisdiction_code, r.kind, r.year): r._asdict() for r in rows}
    finally:
        engine.dispose()


def check_seed_documents(url: str) -> None:
    docs = documents(url)
    assert set(docs) == SEED_DOCUMENTS
    # Wuhan 2020: the capture stops at task 21 of a declared 268.
    assert docs[("420100", "breakdown", 2020)]["completeness"] == "incomplete"
    # Gansu 2026 notice: its annexes (16 targets, 200 tasks) were PDFs that are not available.
    assert docs[("620000", "breakdown", 2026)]["completeness"] == "incomplete"


def check_quarantine(url: str) -> None:
    """The official Gansu portal answers with an anti-bot page: that is a blocked fetch in
    the crawl manifest, not a document, so it is never parsed nor quarantined; whatever is
    quarantined carries its reasons."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT url, reasons_json FROM quarantine WHERE released_at IS NULL")).all()
            blocked = conn.execute(text("SELECT count(*) FROM fetches WHERE outcome = 'blocked'")).scalar()
    finally:
        engine.dispose()
    assert blocked > 0
    for url_, reasons in rows:
        assert reasons and reasons != "[]", url_
        assert "www.gansu.gov.cn" not in (url_ or ""), url_


def document_asset_events(sandbox) -> list[tuple]:
    """Events of the loaded-documents asset in the Airflow metadata DB: (source DAG, extra)."""
    engine = create_engine(f"sqlite:///{sandbox.airflow_home / 'airflow.db'}")
    try:
        with engine.connect() as conn:
            return [
                tuple(r)
                for r in conn.execute(
                    text(
                        "SELECT e.source_dag_id, e.extra FROM asset_event e JOIN asset a ON a.id = e.asset_id "
                        "WHERE a.uri = 'x-govwork://warehouse/documents' ORDER BY e.id"
                    )
                )
            ]
    finally:
        engine.dispose()


def test_main_job_runs_every_dag_and_a_second_run_changes_nothing(airflow_sandbox):
    """One test on purpose: the second run needs the first one's warehouse, and splitting
    it would let pytest-xdist run the expensive first run on both workers."""
    done = airflow_sandbox.govwork("run", timeout=900, check=False)
    out = done.stdout
    assert done.returncode == 0, out[-5000:] + done.stderr[-3000:]
    for dag_id in ("govwork_province_620000", "govwork_province_420000", "govwork_province_370000"):
        assert f"ok {dag_id} 2018,2020,2023,2026 " in out  # one run per province over the years
    assert "ok govwork_warehouse_views" in out

    url = airflow_sandbox.settings.warehouse_url
    check_seed_documents(url)
    check_quarantine(url)
    assert (airflow_sandbox.settings.reports_dir / "data_docs" / "index.html").exists()
    assert (airflow_sandbox.settings.reports_dir / "report.html").exists()
    # The closing comparison.
    assert "Cross-region comparison" in out
    assert "7.5–7.8%" in out  # Wuhan 2020 gdp_growth range
    assert "21 of 268" in out  # Wuhan 2020 tasks parsed of declared
    assert "report:" in out and "Data Docs:" in out

    # Loading new documents updated the asset (what triggers the views DAG when scheduled).
    events = document_asset_events(airflow_sandbox)
    assert {dag for dag, _ in events} == {"govwork_province_620000", "govwork_province_420000", "govwork_province_370000"}
    assert any("420100:breakdown:2020" in (extra or "") for _, extra in events)

    # The lineage listener recorded which run loaded each document.
    lineage_file = airflow_sandbox.settings.reports_dir / "lineage.jsonl"
    lineage = [json.loads(line) for line in lineage_file.read_text(encoding="utf-8").splitlines()]
    assert {r["doc_key"] for r in lineage if r["action"] == "loaded"} == {f"{c}:{k}:{y}" for c, k, y in SEED_DOCUMENTS}
    assert all(r["run_id"] and r["dag_id"].startswith("govwork_province_") for r in lineage)

    before = warehouse_content(url)
    forced = airflow_sandbox.govwork("run", "--force", timeout=900)  # every DAG run again, through Airflow
    assert "ok govwork_province_620000 2018,2020,2023,2026 " in forced.stdout
    assert warehouse_content(url) == before
    assert document_asset_events(airflow_sandbox) == events  # nothing changed: no new asset event
    second = [json.loads(line) for line in lineage_file.read_text(encoding="utf-8").splitlines()][len(lineage):]
    assert second and {r["action"] for r in second} == {"unchanged"}

    # Without --force, runs whose snapshot, registry, code and warehouse are unchanged are left out.
    third = airflow_sandbox.govwork("run", timeout=900)
    assert "4 run(s) left out" in third.stdout and "ok govwork_" not in third.stdout
    assert "21 of 268" in third.stdout  # the closing comparison still reads the warehouse
    assert warehouse_content(url) == before


def test_backfill_over_two_years_collects_those_years(airflow_sandbox):
    done = airflow_sandbox.govwork("backfill", "--from", "2019", "--to", "2020", "--jurisdiction", "420100", "--snapshot", timeout=600)
    assert "ok govwork_province_420000 2019,2020 " in done.stdout
    url = airflow_sandbox.settings.warehouse_url
    assert set(documents(url)) == {("420100", "breakdown", 2020)}
    before = warehouse_content(url)
    airflow_sandbox.govwork("backfill", "--from", "2019", "--to", "2020", "--jurisdiction", "420100", "--snapshot", timeout=600)
    assert warehouse_content(url) == before
