"""The validate stage of a large batch freezes the documents it decoded out of the cycle
collector's sight (they outlive the batch: the load takes them); what it judges and hands
over is the same as without freezing, and the outcomes are remembered in one commit."""

from __future__ import annotations

import gc

from extractors.parse_cache import ResultCache
from govwork import stages
from tests.warehouse import docs_factory as f
from tests.warehouse.helpers import parse_results, settings_for


def _docs():
    return [f.breakdown(), f.work_report(code="620000", year=2018), f.interpretation(),
            f.breakdown(code="420100", year=2020, n_tasks=5, declared=268)]


def _validate(tmp_path, threshold: int, monkeypatch) -> tuple[list[dict], list, int]:
    monkeypatch.setattr(stages, "_FREEZE_DOCUMENTS", threshold)
    monkeypatch.setattr(stages, "_settle_imports", lambda: None)  # it freezes modules imported first
    settings = settings_for(tmp_path, "sqlite://")
    results = parse_results(settings, _docs())
    frozen = gc.get_freeze_count()
    try:
        outcomes = stages.validate(settings, results)
        frozen = gc.get_freeze_count() - frozen
        handed = [stages._VALIDATED.take(r["parsed_path"]) for r in results]
    finally:
        gc.unfreeze()  # what this test froze, and the modules before it: only a collection's cost
    return outcomes, handed, frozen


def test_a_large_batch_freezes_its_documents_and_judges_them_as_before(tmp_path, monkeypatch):
    plain, plain_docs, plain_frozen = _validate(tmp_path / "plain", 10**9, monkeypatch)
    frozen, frozen_docs, frozen_count = _validate(tmp_path / "frozen", 2, monkeypatch)
    assert plain_frozen <= 0 < frozen_count  # only the large batch froze anything
    assert frozen == plain and {o["status"] for o in plain} >= {"passed"}
    assert frozen_docs == plain_docs and all(d is not None for d in frozen_docs)


def test_a_batch_s_outcomes_are_remembered_all_at_once(tmp_path, monkeypatch):
    puts = []
    put_many = ResultCache.put_many

    def recorded(self, items):
        puts.append(list(items))
        put_many(self, items)

    monkeypatch.setattr(ResultCache, "put_many", recorded)
    settings = settings_for(tmp_path, "sqlite://")
    outcomes = stages.validate(settings, parse_results(settings, _docs()))
    assert len(puts) == 1 and [o for _, o in puts[0]] == outcomes
    # remembered: a second validation reads them back and runs no expectation
    judged = []
    monkeypatch.setattr(stages, "validate_documents", lambda docs, **k: judged.extend(docs) or [])
    assert stages.validate(settings, parse_results(settings, _docs())) == outcomes and judged == []
