"""The golden examples (tests/examples/**), parsed by the real parsers, through validate and
load: identical on SQLite and PostgreSQL; Gansu 2018 and Yishui 2023 pass; Wuhan 2020 loads
as incomplete with a warning; a corrupted copy is quarantined and released after a fix."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import text

from extractors.parse import parse_file
from extractors.parsedstore import ParsedStore
from govwork import stages
from tests.fixtures.warehouse import EXAMPLES_DIR
from tests.warehouse.helpers import counts, parse_results, settings_for
from warehouse import quarantine
from warehouse.db import engine_for
from warehouse.views import view_names


def _views(url: str) -> dict[str, list[tuple]]:
    """Every view's rows without surrogate ids (PostgreSQL sequences skip numbers on
    ON CONFLICT, SQLite does not), floats rounded, sorted."""
    out = {}
    with engine_for(url).connect() as conn:
        for name in view_names():
            result = conn.execute(text(f"SELECT * FROM {name}"))
            keep = [i for i, c in enumerate(result.keys()) if not c.endswith("_id")]
            rows = [tuple(round(r[i], 6) if isinstance(r[i], float) else r[i] for i in keep) for r in result]
            out[name] = sorted(rows, key=repr)
    return out


def _doc(url: str, doc_key: str) -> dict:
    with engine_for(url).connect() as conn:
        return dict(conn.execute(text("SELECT * FROM documents WHERE doc_key = :k"), {"k": doc_key}).mappings().one())


@pytest.mark.postgres
def test_seeds_load_identically_into_sqlite_and_postgresql(seed_warehouse, tmp_path, postgres_url):
    sqlite_url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    lite, pg = seed_warehouse(sqlite_url), seed_warehouse(postgres_url)
    assert lite["counts"] == pg["counts"] and lite["views"] == pg["views"]
    assert counts(engine_for(sqlite_url)) == counts(engine_for(postgres_url))
    assert counts(engine_for(sqlite_url))["tasks"] > 0
    assert _views(sqlite_url) == _views(postgres_url)
    # Loading the seeds again changes nothing on either database.
    for url in (sqlite_url, postgres_url):
        again = seed_warehouse(url)
        assert set(again["counts"]) - {"parse_parsed", "parse_failed", "fetches_offered"} == {"unchanged"}


def test_seed_documents_pass_or_load_incomplete(seed_warehouse, tmp_path):
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    summary = seed_warehouse(url)
    by_key = {}
    for d in summary["documents"]:
        by_key.setdefault(d["doc_key"], []).append(d)
    assert all(d["status"] == "passed" and d["action"] in ("loaded", "unchanged")
               for d in by_key["620000:breakdown:2018"]), by_key["620000:breakdown:2018"]
    assert all(d["status"] == "passed" for d in by_key["371323:interpretation:2023"])
    gansu = _doc(url, "620000:breakdown:2018")
    assert gansu["status"] == "passed" and gansu["current_version_id"] is not None
    yishui = _doc(url, "371323:interpretation:2023")
    assert (yishui["status"], yishui["declared_count"]) == ("passed", 91)
    wuhan = _doc(url, "420100:breakdown:2020")
    assert (wuhan["status"], wuhan["completeness"], wuhan["parsed_count"], wuhan["declared_count"]) == \
        ("warning", "incomplete", 21, 268)
    with engine_for(url).connect() as conn:
        warned = conn.execute(text(
            "SELECT vr.expectation FROM validation_results vr WHERE vr.version_id = :v AND NOT vr.success"),
            {"v": wuhan["current_version_id"]}).scalars().all()
        assert "tasks_parsed_equal_declared" in warned
        coverage = conn.execute(text("SELECT state FROM v_coverage WHERE doc_key = '420100:breakdown:2020'")).scalar_one()
        assert coverage == "incomplete"
        tasks = conn.execute(text("SELECT declared_count, parsed_count FROM v_task_counts "
                                  "WHERE doc_key = '420100:breakdown:2020' AND part IS NULL")).one()
        assert tuple(tasks) == (268, 21)


def _corrupt(doc):
    """A copy of the document as a broken parser would read it: task 5 lost (a gap in the
    numbering) and task 10's lead unit lost."""
    bad = copy.deepcopy(doc)
    bad.parser_version = f"{doc.parser_version}-broken"
    bad.tasks = [t for t in bad.tasks if t.seq != 5]
    ten = next(t for t in bad.tasks if t.seq == 10)
    ten.units = [u for u in ten.units if u.role != "lead"]
    return bad


def test_corrupted_seed_is_quarantined_with_reasons_and_released_after_a_fix(db_url, tmp_path):
    settings = settings_for(tmp_path, db_url)
    good = parse_file(EXAMPLES_DIR / "breakdown" / "gansu-2018.txt")
    assert len(good.tasks) >= 10
    results = parse_results(settings, [_corrupt(good)])
    summary = stages.load(settings, results, stages.validate(settings, results))
    assert [d["action"] for d in summary["documents"]] == ["quarantined"]
    engine = engine_for(db_url)
    [row] = quarantine.held(engine)
    reasons = {r["expectation"]: r["message"] for r in row["reasons"]}
    assert set(reasons) >= {"task_seq_contiguous", "task_has_lead_unit"}
    assert reasons["task_seq_contiguous"].startswith("task numbers are not contiguous from 1")
    assert "task 6" in reasons["task_seq_contiguous"]  # the first task after the gap
    assert reasons["task_has_lead_unit"].startswith("tasks without a lead unit") and "task 10" in reasons["task_has_lead_unit"]
    assert counts(engine)["tasks"] == 0
    # Parser fixed: the re-parse overwrites the parsed JSON (same text, same path); release.
    store = ParsedStore(settings.parsed_dir)
    assert store.put(good) == store.path_for(_corrupt(good))
    out = stages.release_quarantine(settings)
    assert out["released"] == ["620000:breakdown:2018"] and out["still_held"] == []
    assert quarantine.held(engine) == []
    doc = _doc(db_url, "620000:breakdown:2018")
    assert doc["status"] == "passed" and doc["current_version_id"] is not None
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM tasks WHERE version_id = :v"),
                            {"v": doc["current_version_id"]}).scalar_one() == len(good.tasks)
        released = conn.execute(text("SELECT released_at, reasons_json FROM quarantine")).one()
        assert released[0] is not None and json.loads(released[1])  # the reasons stay on record
