"""The Great Expectations step as a task: one batch per DAG run.

Validation runs once over every document the run parsed (one GX context per batch, not
per document) and writes the Data Docs under the reports directory. A document failing a
critical expectation is not a task failure: its outcome says ``quarantined`` and the load
puts it in quarantine with the failed expectations as the reason. Deterministic, so no
retries.
"""

from __future__ import annotations

import logging
from collections import Counter

from airflow.sdk import task

from govwork_airflow.hooks import GovworkHook
from govwork_airflow.tasks import all_outputs

log = logging.getLogger(__name__)


@task(retries=0)
def validate_documents(parsed_batches) -> list[dict]:
    from govwork import stages  # the stages import every layer below: not at DAG parsing

    results = [r for batch in all_outputs(parsed_batches) for r in (batch or [])]
    settings = GovworkHook().get_settings()
    outcomes = stages.validate(settings, results)
    log.info(
        "validated %d document(s): %s; Data Docs in %s",
        len(outcomes),
        dict(Counter(o["status"] for o in outcomes)),
        settings.reports_dir / "data_docs",
    )
    return outcomes
