"""Lineage listener: which DAG run loaded, quarantined or released which document version.

When a ``load_documents`` task succeeds, one JSON line per document version it handled is
appended to ``<reports_dir>/lineage.jsonl``: DAG, run, document key, text hash, parser
version and what the load did. With the warehouse's own provenance (URL, raw hash, place
in the document) this ties every row back to the Airflow run that put it there. Runs in
the task's process; a failure here is logged and never fails the task.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone

from airflow.listeners import hookimpl

log = logging.getLogger(__name__)

LOAD_TASK_ID = "load_documents"
LINEAGE_FILE = "lineage.jsonl"


def lineage_rows(summary: dict, *, dag_id: str, run_id: str, recorded_at: str) -> list[dict]:
    return [
        {
            "dag_id": dag_id,
            "run_id": run_id,
            "doc_key": d.get("doc_key"),
            "text_sha256": d.get("text_sha256"),
            "parser_version": d.get("parser_version"),
            "action": d.get("action"),
            "recorded_at": recorded_at,
        }
        for d in summary.get("documents", [])
    ]


@hookimpl
def on_task_instance_success(previous_state, task_instance):
    if task_instance.task_id != LOAD_TASK_ID or not task_instance.dag_id.startswith("govwork_"):
        return
    try:
        from govwork_airflow.hooks import GovworkHook  # airflow.sdk's hooks: not while plugins load

        summary = task_instance.xcom_pull(task_ids=LOAD_TASK_ID) or {}
        rows = lineage_rows(
            summary,
            dag_id=task_instance.dag_id,
            run_id=task_instance.run_id,
            recorded_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        )
        if rows:
            path = GovworkHook().get_settings().reports_dir / LINEAGE_FILE
            with open(path, "a", encoding="utf-8") as out:  # one write per run: lines stay whole
                out.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    except Exception:
        log.exception("lineage: could not record %s/%s", task_instance.dag_id, task_instance.run_id)
