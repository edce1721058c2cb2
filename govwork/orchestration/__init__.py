"""Orchestration logic shared by the CLI (``govwork run``/``backfill``) and the Airflow glue.

Plain Python without Airflow imports: which DAGs exist (``layout``), which runs a year or
a backfill needs (``runs``), which logical date a year gets (``years``), how documents are
spread over mapped tasks (``batching``), the environment an Airflow process gets
(``airflow_env``), the main job around them (``job``), where outputs go (``reports``) and
the closing comparison (``summary``). Only ``runs.run_dags`` starts Airflow, in a subprocess.
"""
