"""Fixtures of the research tests: the seed corpus loaded once per test session (read-only
for the tests that use it), and small hand-built warehouses for what the seeds lack."""

from __future__ import annotations

import pytest

from core.config import Settings


@pytest.fixture(scope="session")
def seed_db(seed_warehouse, seeded_batch, tmp_path_factory):
    """(engine, settings) of a SQLite warehouse holding the golden examples, views refreshed.
    Tests must not write to it."""
    from warehouse.db import engine_for

    settings, _, _ = seeded_batch
    url = f"sqlite:///{tmp_path_factory.mktemp('research_seed') / 'warehouse.sqlite'}"
    seed_warehouse(url)
    return engine_for(url), settings.with_(warehouse_url=url)


def passed_outcome(doc, status: str = "passed", failures: list[dict] | None = None) -> dict:
    """The validation outcome the load stage takes, written by hand: these tests check the
    queries over what the loader writes, not Great Expectations (tests/validation does)."""
    from expectations.validate import completeness_of
    from core.records import to_dict

    return {"doc_key": doc.doc_key, "text_sha256": doc.text_sha256, "parser_version": doc.parser_version,
            "status": status, "completeness": to_dict(completeness_of(doc)), "failures": failures or [],
            "results": []}


def load_docs(settings: Settings, docs_and_outcomes: list[tuple]) -> None:
    """Load ParsedDocuments through the real load stage with the given outcomes, then
    refresh the views."""
    from extractors.parsedstore import ParsedStore
    from govwork import stages

    results = []
    for doc, _ in docs_and_outcomes:
        path = ParsedStore(settings.parsed_dir).put(doc)
        prov = doc.provenance[0] if doc.provenance else None
        results.append({"jurisdiction_code": doc.meta.jurisdiction_code, "source_id": "test",
                        "url": prov.url if prov else f"http://example.gov.cn/{doc.doc_key}",
                        "raw_sha256": prov.raw_sha256 if prov else "0" * 64, "status": "parsed",
                        "doc_key": doc.doc_key, "parsed_path": str(path), "text_sha256": doc.text_sha256})
    summary = stages.load(settings, results, [o for _, o in docs_and_outcomes])
    errors = [d for d in summary["documents"] if d["action"] == "error"]
    assert not errors, errors
    stages.refresh_views(settings)  # as every load does: the named queries read the views
