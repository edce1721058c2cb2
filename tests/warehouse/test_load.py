"""Loading: row counts, idempotency, versioning, all-or-nothing, concurrent loaders,
provenances — each on SQLite and on the real PostgreSQL."""

from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import text

from extractors.parsedstore import ParsedStore
from govwork import stages
from tests.warehouse import docs_factory as f
from tests.warehouse.helpers import counts, fail_after_breakdown_tasks, parse_results, settings_for, snapshot
from warehouse.db import engine_for
from warehouse.load import LoadInputs, load_batch


def _lost_lead(doc):
    doc.tasks[2].units = [u for u in doc.tasks[2].units if u.role != "lead"]
    return doc


def batch_docs():
    """Gansu-like breakdown (passes), Dingxi report, Yishui interpretation, a Wuhan-like
    breakdown capturing 5 of 268 tasks (warning), one losing a lead unit (critical)."""
    return [f.breakdown(), f.work_report(), f.interpretation(),
            f.breakdown(code="420100", year=2020, n_tasks=5, declared=268),
            _lost_lead(f.breakdown(code="620000", year=2019))]


def old_and_new():
    return f.breakdown(n_tasks=4), f.breakdown(n_tasks=5, salt="（修订）")


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    """Validation outcomes of every document this module loads, from one GX run (they do not
    depend on the database; the loader picks each document's own outcome)."""
    settings = settings_for(tmp_path_factory.mktemp("v"), "sqlite://")
    return stages.validate(settings, parse_results(settings, batch_docs() + list(old_and_new())))


def _load(settings, docs=None, outs=None):
    results = parse_results(settings, docs or batch_docs())
    return stages.load(settings, results, outs if outs is not None else stages.validate(settings, results))


def test_loads_facts_quarantines_and_records_warnings(db_url, tmp_path, outcomes):
    settings = settings_for(tmp_path, db_url)
    summary = _load(settings, outs=outcomes)
    actions = {d["doc_key"]: d["action"] for d in summary["documents"]}
    assert actions == {"620000:breakdown:2018": "loaded", "621100:work_report:2026": "loaded",
                       "371323:interpretation:2023": "loaded", "420100:breakdown:2020": "loaded",
                       "620000:breakdown:2019": "quarantined"}
    engine = engine_for(db_url)
    n = counts(engine)
    # 6 + 5 tasks loaded; the quarantined document's 6 tasks are not.
    assert n["tasks"] == 11 and n["targets"] == 2 + 2 + 1 and n["actuals"] == 1
    assert n["task_units"] == 22 and n["declared_counts"] == 1 + 1 + 10
    with engine.connect() as conn:
        wuhan = conn.execute(text("SELECT status, completeness, parsed_count, declared_count, completeness_ratio "
                                  "FROM documents WHERE doc_key = '420100:breakdown:2020'")).one()
        assert tuple(wuhan) == ("warning", "incomplete", 5, 268, pytest.approx(5 / 268, abs=1e-4))
        warning = conn.execute(text(
            "SELECT vr.severity, vr.success, vr.message FROM validation_results vr JOIN document_versions v "
            "ON v.id = vr.version_id JOIN documents d ON d.id = v.document_id "
            "WHERE d.doc_key = '420100:breakdown:2020' AND vr.expectation = 'tasks_parsed_equal_declared'")).one()
        assert warning[0] == "warning" and not warning[1] and "268" in warning[2]
        held = conn.execute(text("SELECT q.reasons_json, d.current_version_id, v.facts_loaded FROM quarantine q "
                                 "JOIN documents d ON d.id = q.document_id JOIN document_versions v ON v.id = q.version_id "
                                 "WHERE q.doc_key = '620000:breakdown:2019'")).one()
        reasons = json.loads(held[0])
        assert [r["expectation"] for r in reasons] == ["task_has_lead_unit"]
        assert "task 3" in reasons[0]["message"]
        assert held[1] is None and not held[2]
        assert conn.execute(text("SELECT COUNT(*) FROM tasks t JOIN document_versions v ON v.id = t.version_id "
                                 "JOIN documents d ON d.id = v.document_id WHERE d.doc_key = '620000:breakdown:2019'")
                            ).scalar_one() == 0


def test_loading_twice_changes_nothing(db_url, tmp_path, outcomes):
    settings = settings_for(tmp_path, db_url)
    _load(settings, outs=outcomes)
    stages.refresh_views(settings)
    before = snapshot(engine_for(db_url))
    summary = _load(settings, outs=outcomes)
    stages.refresh_views(settings)
    assert set(summary["counts"]) >= {"unchanged"} and summary["counts"]["unchanged"] == 5
    assert "loaded" not in summary["counts"] and "quarantined" not in summary["counts"]
    assert snapshot(engine_for(db_url)) == before


def test_changed_document_supersedes_the_old_version_and_keeps_it(db_url, tmp_path, outcomes):
    settings = settings_for(tmp_path, db_url)
    old, new = old_and_new()
    _load(settings, [old], outcomes)
    summary = _load(settings, [new], outcomes)
    assert [d["action"] for d in summary["documents"]] == ["loaded"]
    engine = engine_for(db_url)
    stages.refresh_views(settings)
    with engine.connect() as conn:
        versions = conn.execute(text(
            "SELECT v.id, v.text_sha256, v.superseded_by_id, v.superseded_at IS NOT NULL, "
            "(SELECT COUNT(*) FROM tasks t WHERE t.version_id = v.id) FROM document_versions v ORDER BY v.id")).all()
        current = conn.execute(text("SELECT current_version_id FROM documents")).scalar_one()
        view_tasks = conn.execute(text("SELECT parsed_count FROM v_task_counts WHERE part IS NULL")).scalar_one()
    (v1, sha1, by1, sup1, n1), (v2, sha2, by2, sup2, n2) = versions
    assert (sha1, sha2) == (old.text_sha256, new.text_sha256)
    assert current == v2 and by1 == v2 and sup1 and by2 is None and not sup2
    assert (n1, n2) == (4, 5)  # the old version keeps its facts
    assert view_tasks == 5  # views read the current version
    # Loading the old version again does not flip the document back.
    assert [d["action"] for d in _load(settings, [old], outcomes)["documents"]] == ["unchanged"]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT current_version_id FROM documents")).scalar_one() == v2


def test_an_error_mid_document_leaves_no_trace(db_url, tmp_path, outcomes, monkeypatch):
    import warehouse.load as load_module

    settings = settings_for(tmp_path, db_url)
    real = load_module._insert_rows
    victim = f.breakdown(code="420100", year=2020, n_tasks=5, declared=268)

    def failing(conn, table, rows, **kw):
        real(conn, table, rows, **kw)  # the rows go in, then the statement after them fails
        if table == "task_units" and conn.execute(text(
                "SELECT d.doc_key FROM tasks t JOIN document_versions v ON v.id = t.version_id "
                "JOIN documents d ON d.id = v.document_id WHERE t.id = :t"), {"t": rows[0]["task_id"]}
        ).scalar_one() == "420100:breakdown:2020":
            raise RuntimeError("injected failure after task_units")

    monkeypatch.setattr(load_module, "_insert_rows", failing)
    summary = _load(settings, outs=outcomes)
    actions = {d["doc_key"]: d["action"] for d in summary["documents"]}
    assert actions["420100:breakdown:2020"] == "error"
    assert "injected failure" in [d for d in summary["documents"] if d["action"] == "error"][0]["message"]
    assert sorted(a for a in actions.values()) == ["error", "loaded", "loaded", "loaded", "quarantined"]
    engine = engine_for(db_url)
    with engine.connect() as conn:
        for sql in ("SELECT COUNT(*) FROM documents WHERE doc_key = '420100:breakdown:2020'",
                    f"SELECT COUNT(*) FROM document_versions WHERE text_sha256 = '{victim.text_sha256}'",
                    f"SELECT COUNT(*) FROM provenances WHERE url = '{victim.provenance[0].url}'",
                    "SELECT COUNT(*) FROM units WHERE jurisdiction_code = '420100'",
                    "SELECT COUNT(*) FROM leaders WHERE jurisdiction_code = '420100'"):
            assert conn.execute(text(sql)).scalar_one() == 0, sql
        assert conn.execute(text("SELECT COUNT(*) FROM tasks")).scalar_one() == 6
    monkeypatch.setattr(load_module, "_insert_rows", real)
    assert {d["doc_key"]: d["action"] for d in _load(settings, outs=outcomes)["documents"]}[
        "420100:breakdown:2020"] == "loaded"


def test_batches_of_savepoints_keep_failures_apart(db_url, tmp_path, outcomes, monkeypatch):
    """Documents go in batches (a transaction each, a savepoint per document): with batches
    of two, the failing document's batch-mate still loads, and so do the later batches."""
    import warehouse.load as load_module

    settings = settings_for(tmp_path, db_url)
    monkeypatch.setattr(load_module, "_BATCH", 2)
    fail_after_breakdown_tasks(monkeypatch)
    actions = {d["doc_key"]: d["action"] for d in _load(settings, outs=outcomes)["documents"]}
    assert actions == {"620000:breakdown:2018": "loaded", "621100:work_report:2026": "loaded",
                       "371323:interpretation:2023": "loaded", "420100:breakdown:2020": "error",
                       "620000:breakdown:2019": "quarantined"}
    n = counts(engine_for(db_url))
    assert (n["documents"], n["tasks"], n["quarantine"]) == (4, 6, 1)


def test_a_batch_whose_transaction_is_lost_loads_one_document_at_a_time(db_url, tmp_path, outcomes, monkeypatch):
    """A document whose error ends the whole transaction (its savepoint gone with it): the
    batch is loaded again one transaction per document, and only that document fails."""
    import warehouse.load as load_module
    from warehouse.writes import run

    settings = settings_for(tmp_path, db_url)
    real = load_module._insert_rows

    def failing(conn, table, rows, **kw):
        real(conn, table, rows, **kw)
        if table == "tasks" and len(rows) == 5:
            run(conn, "ROLLBACK")  # the transaction and every savepoint in it are gone
            raise RuntimeError("injected failure that took the transaction")

    monkeypatch.setattr(load_module, "_insert_rows", failing)
    summary = _load(settings, outs=outcomes)
    actions = {d["doc_key"]: d["action"] for d in summary["documents"]}
    assert sorted(actions.values()) == ["error", "loaded", "loaded", "loaded", "quarantined"]
    assert actions["420100:breakdown:2020"] == "error"
    n = counts(engine_for(db_url))
    assert (n["documents"], n["tasks"], n["quarantine"]) == (4, 6, 1)


def test_two_concurrent_loaders_create_no_duplicates(db_url, tmp_path, outcomes):
    settings = settings_for(tmp_path, db_url)
    results = parse_results(settings, batch_docs())
    engine_for(db_url)  # migrate once up front is not required: both loaders race on it too
    barrier, summaries, errors = threading.Barrier(2), [], []

    def loader():
        try:
            barrier.wait()
            summaries.append(stages.load(settings, results, outcomes))
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=loader) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    per_doc = {}
    for s in summaries:
        for d in s["documents"]:
            per_doc.setdefault(d["doc_key"], []).append(d["action"])
    # Each document was written by exactly one loader; the other found it done.
    assert all(sorted(a) in (["loaded", "unchanged"], ["quarantined", "unchanged"]) for a in per_doc.values()), per_doc
    n = counts(engine_for(db_url))
    assert (n["documents"], n["document_versions"], n["tasks"], n["task_units"], n["quarantine"]) == (5, 5, 11, 22, 1)
    with engine_for(db_url).connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM (SELECT jurisdiction_code, name FROM units "
                                 "GROUP BY jurisdiction_code, name HAVING COUNT(*) > 1) d")).scalar_one() == 0


def test_one_document_at_two_sources_is_one_document_with_two_provenances(db_url, tmp_path, outcomes):
    settings = settings_for(tmp_path, db_url)
    doc = f.breakdown()
    results = parse_results(settings, [doc]) + parse_results(settings, [doc], source_id="mirror")
    results[1]["url"], results[1]["raw_sha256"] = "http://mirror.example/gansu-2018.html", "f" * 64
    summary = stages.load(settings, results, outcomes)
    assert [d["action"] for d in summary["documents"]] == ["loaded"]
    n = counts(engine_for(db_url))
    assert (n["documents"], n["document_versions"], n["provenances"], n["parse_runs"]) == (1, 1, 2, 2)


def test_parse_failures_are_recorded_and_held(db_url, tmp_path):
    settings = settings_for(tmp_path, db_url)
    failed = {"jurisdiction_code": "620000", "source_id": "gansu-portal", "url": "http://x/broken.html",
              "raw_sha256": "e" * 64, "status": "failed", "doc_key": None, "parsed_path": None, "text_sha256": None,
              "error_type": "UnreadableInputError", "reason": "unreadable", "message": "binary junk"}
    for _ in range(2):
        summary = stages.load(settings, [failed], [])
    assert summary["parse_failures"][0]["reason"] == "unreadable"
    with engine_for(db_url).connect() as conn:
        rows = conn.execute(text("SELECT origin, reasons_json FROM quarantine")).all()
        assert len(rows) == 1 and rows[0][0] == "parse" and "binary junk" in rows[0][1]
        assert conn.execute(text("SELECT COUNT(*) FROM parse_runs")).scalar_one() == 1


def test_jurisdictions_come_from_the_registry_or_else_from_the_documents(db_url, tmp_path, outcomes):
    settings = settings_for(tmp_path, db_url)
    _load(settings, [f.breakdown()], outcomes)
    with engine_for(db_url).connect() as conn:
        rows = dict(conn.execute(text("SELECT code, parent_code FROM jurisdictions")).all())
    assert rows["371323"] == "371300" and rows["371300"] == "370000" and rows["621100"] == "620000"
    # The loader writes the dimension rows it is given: given no registry rows (none could be
    # read), the documents' codes still load, as bare codes.
    settings = settings_for(tmp_path / "bare", f"sqlite:///{tmp_path / 'bare.sqlite'}")
    results = parse_results(settings, [f.breakdown()])
    documents = {r["parsed_path"]: ParsedStore.get(r["parsed_path"]) for r in results}
    summary = load_batch(engine_for(settings.warehouse_url), results, documents, outcomes,
                         LoadInputs(notes=["registry not loaded"]))
    assert [d["action"] for d in summary.documents] == ["loaded"] and summary.notes == ["registry not loaded"]
    with engine_for(settings.warehouse_url).connect() as conn:
        assert conn.execute(text("SELECT code, name FROM jurisdictions")).all() == [("620000", "620000")]


_LOADER = """
import json, sys, time
from pathlib import Path
from extractors.parsedstore import ParsedStore
from govwork import stages
from core.config import Settings
batch = json.loads(Path(sys.argv[1]).read_text())
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.01)
summary = stages.load(Settings.from_env(batch["env"]), batch["results"], batch["outcomes"])
print(json.dumps(sorted(d["action"] for d in summary["documents"])))
"""


def test_two_loader_processes_create_no_duplicates(db_url, tmp_path, outcomes):
    import subprocess
    import sys
    from pathlib import Path

    settings = settings_for(tmp_path, db_url)
    batch = tmp_path / "batch.json"
    env = {"GOVWORK_HOME": str(settings.home), "WAREHOUSE_URL": db_url}
    batch.write_text(json.dumps({"env": env, "results": parse_results(settings, batch_docs()), "outcomes": outcomes}))
    go = tmp_path / "go"
    root = Path(__file__).resolve().parents[2]
    procs = [subprocess.Popen([sys.executable, "-c", _LOADER, str(batch), str(go)], cwd=root,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    go.touch()  # both processes are up (or starting): release them together
    outputs = [p.communicate(timeout=180) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err[-2000:] for _, err in outputs]
    actions = sorted(a for out, _ in outputs for a in json.loads(out.strip().splitlines()[-1]))
    assert actions.count("loaded") == 4 and actions.count("quarantined") == 1 and actions.count("unchanged") == 5
    n = counts(engine_for(db_url))
    assert (n["documents"], n["document_versions"], n["tasks"], n["task_units"], n["quarantine"], n["provenances"]) == \
        (5, 5, 11, 22, 1, 5)


def test_indicator_codes_the_taxonomy_lacks_get_a_bare_row(db_url, tmp_path):
    """The taxonomy's codes are seeded before the documents (and not offered again per
    document); a code it lacks still gets a row of its own, so the target's key holds."""
    settings = settings_for(tmp_path, db_url)
    doc = f.breakdown(code="620100", year=2021)
    doc.targets[0].indicator = "not_in_the_taxonomy"
    doc.targets[1].indicator = "gdp_growth"
    results = parse_results(settings, [doc])
    summary = stages.load(settings, results, stages.validate(settings, results))
    assert [d["action"] for d in summary["documents"]] == ["loaded"]
    with engine_for(db_url).connect() as conn:
        rows = dict(conn.execute(text("SELECT code, name FROM indicators WHERE code IN "
                                      "('not_in_the_taxonomy', 'gdp_growth')")).all())
    assert rows["not_in_the_taxonomy"] is None and rows["gdp_growth"]
