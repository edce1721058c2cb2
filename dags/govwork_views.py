"""Airflow DAG: refresh the warehouse views and write the report after documents load.

Scheduled on the asset the province DAGs' load tasks update, so it runs after new
documents land, once for any number of province runs that finished meanwhile.
"""

from __future__ import annotations

from datetime import datetime, timezone

from airflow.sdk import DAG

from govwork.orchestration.layout import VIEWS_DAG_ID
from govwork_airflow.assets import WAREHOUSE_DOCUMENTS, WAREHOUSE_VIEWS
from govwork_airflow.tasks import refresh_views, write_report

with DAG(
    dag_id=VIEWS_DAG_ID,
    description="govwork: refresh views, write the report (after new documents load)",
    doc_md=__doc__,
    schedule=[WAREHOUSE_DOCUMENTS],
    start_date=datetime(2000, 1, 1, tzinfo=timezone.utc),
    catchup=False,
    max_active_runs=1,
    default_args={"owner": "govwork-data", "retries": 1},
    tags=["govwork", "warehouse", "report"],
) as dag:
    refresh_views.override(outlets=[WAREHOUSE_VIEWS])() >> write_report()
