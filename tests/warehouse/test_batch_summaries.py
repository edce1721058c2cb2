"""The summary tables are refreshed once per batch, after its documents, in its transaction:
what they hold must be what a rebuild from the fact tables holds, including for documents
sharing a jurisdiction-year and when the batch falls back to one transaction per document.
Each on SQLite and on the real PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from govwork import stages
from tests.warehouse import docs_factory as f
from tests.warehouse.helpers import fail_after_breakdown_tasks, parse_results, settings_for
from warehouse import summaries
from warehouse.db import engine_for
from warehouse.models import SUMMARY_TABLES, Base


def _docs():
    """Two documents of one jurisdiction-year (620000, 2018), the report of the next year
    (its actuals are 2018's), and others elsewhere."""
    return [f.breakdown(), f.work_report(code="620000", year=2018), f.work_report(code="620000", year=2019),
            f.breakdown(code="420100", year=2020, n_tasks=5, declared=268), f.interpretation()]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    settings = settings_for(tmp_path_factory.mktemp("v"), "sqlite://")
    return stages.validate(settings, parse_results(settings, _docs()))


def _summary_rows(engine) -> dict[str, list[tuple]]:
    """Every summary row without its surrogate id (the rows a rebuild numbers anew)."""
    out = {}
    with engine.connect() as conn:
        for name in SUMMARY_TABLES:
            columns = [c.name for c in Base.metadata.tables[name].columns
                       if not (c.primary_key and c.name == "id")]
            rows = conn.execute(text(f"SELECT {', '.join(columns)} FROM {name}")).all()
            out[name] = sorted((tuple(r) for r in rows), key=repr)
    return out


def _rebuilt(engine) -> dict[str, list[tuple]]:
    with engine.begin() as conn:
        summaries.rebuild(conn)
    return _summary_rows(engine)


def _load(settings, outcomes) -> dict[str, str]:
    summary = stages.load(settings, parse_results(settings, _docs()), outcomes)
    return {d["doc_key"]: d["action"] for d in summary["documents"]}


def test_one_refresh_per_batch_holds_what_a_rebuild_holds(db_url, tmp_path, outcomes):
    settings = settings_for(tmp_path, db_url)
    assert set(_load(settings, outcomes).values()) == {"loaded"}
    engine = engine_for(db_url)
    loaded = _summary_rows(engine)
    assert loaded["summary_document_checks"] and loaded["summary_preferred_targets"]
    assert len(loaded["summary_document_checks"]) == 5
    assert loaded == _rebuilt(engine)
    # loaded again: every version unchanged, only checks and sources refreshed, nothing moves
    assert set(_load(settings, outcomes).values()) == {"unchanged"}
    assert _summary_rows(engine) == loaded


def test_a_failing_batch_refresh_loads_each_document_with_its_own(db_url, tmp_path, outcomes, monkeypatch):
    """The batch's refresh fails: the batch is rolled back and every document loads again in
    a transaction of its own, refreshing its own summaries there."""
    import warehouse.load as load_module

    settings = settings_for(tmp_path, db_url)
    real = load_module._refresh_summaries
    batch_sizes = []

    def failing_for_batches(conn, done):
        batch_sizes.append(len(done))
        if len(done) > 1:
            raise RuntimeError("injected failure in the batch's summary refresh")
        real(conn, done)

    monkeypatch.setattr(load_module, "_refresh_summaries", failing_for_batches)
    assert set(_load(settings, outcomes).values()) == {"loaded"}
    assert batch_sizes == [5, 1, 1, 1, 1, 1]
    engine = engine_for(db_url)
    loaded = _summary_rows(engine)
    assert len(loaded["summary_document_checks"]) == 5
    assert loaded == _rebuilt(engine)


def test_a_document_failing_in_a_batch_leaves_no_summary_rows(db_url, tmp_path, outcomes, monkeypatch):
    """A failing document is rolled back to its savepoint before the batch's refresh: the
    refresh leaves it out, and the others' summaries are what a rebuild makes."""
    settings = settings_for(tmp_path, db_url)
    fail_after_breakdown_tasks(monkeypatch)
    actions = _load(settings, outcomes)
    assert actions.pop("420100:breakdown:2020") == "error"
    assert set(actions.values()) == {"loaded"}
    engine = engine_for(db_url)
    loaded = _summary_rows(engine)
    assert len(loaded["summary_document_checks"]) == 4
    assert not [r for r in loaded["summary_document_counts"] if "420100:breakdown:2020" in r]
    assert loaded == _rebuilt(engine)


def _family_docs():
    """A county, its prefecture and its province in one year, the county's next and previous
    years, and two documents of one place: parents and children refreshed in one batch."""
    docs = [f.work_report(code="371323", year=2026), f.work_report(code="371300", year=2026),
            f.work_report(code="370000", year=2026), f.work_report(code="371323", year=2025),
            f.work_report(code="371323", year=2027), f.breakdown(code="371300", year=2026)]
    for doc, value in zip(docs, (7.0, 6.0, 5.0, 6.5, 8.0, 5.5)):
        doc.targets[0].low = doc.targets[0].high = value
    return docs


@pytest.mark.parametrize("places_per_statement", [100, 2])
def test_places_refreshed_together_hold_what_a_rebuild_holds(db_url, tmp_path, monkeypatch, places_per_statement):
    """The places of a batch are refreshed a statement per table for many of them (and, past
    ``_PLACES_PER_STATEMENT``, in several groups, a parent's and its child's apart): the rows
    are what a rebuild makes, and loading the province's new figure later changes its
    children's parent columns as a rebuild does."""
    monkeypatch.setattr(summaries, "_PLACES_PER_STATEMENT", places_per_statement)
    settings = settings_for(tmp_path, db_url)
    results = parse_results(settings, _family_docs())
    assert {d["action"] for d in stages.load(settings, results, stages.validate(settings, results))["documents"]} \
        == {"loaded"}
    engine = engine_for(db_url)
    loaded = _summary_rows(engine)
    with engine.connect() as conn:  # the county's and the prefecture's rows pair with their ancestors'
        assert conn.execute(text("SELECT COUNT(DISTINCT jurisdiction_code) FROM summary_target_gap "
                                 "WHERE pairing = 'paired' AND year = 2026")).scalar_one() == 2
    assert loaded == _rebuilt(engine)
    province = f.work_report(code="370000", year=2026)
    province.targets[0].low = province.targets[0].high = 4.5
    province.text_sha256 = "f" * 64  # a new version of the province's report
    results = parse_results(settings, [province])
    stages.load(settings, results, stages.validate(settings, results))
    with engine.connect() as conn:
        parents = conn.execute(text("SELECT DISTINCT parent_low FROM summary_measured_targets WHERE "
                                    "jurisdiction_code = '371300' AND year = 2026 AND parent_low IS NOT NULL")).all()
    assert parents == [(4.5,)]
    assert _summary_rows(engine) == _rebuilt(engine)
