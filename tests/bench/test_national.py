"""The national-scale BI benchmark's generator and plumbing at a tiny scale: the generated
warehouse has the shape it claims, the current views give the baseline views' rows on it,
an incremental summary refresh gives what a full rebuild gives, and every statement is
measured and reported. No speed is asserted: ``python -m bench`` is the judge."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from bench import national
from bench.report_bi import rows as report_rows
from bench.warehouse_bi import BASELINE_DIR, create_baseline_views, measure, statements
from warehouse.named_queries import list_queries
from warehouse import summaries
from warehouse.models import SUMMARY_TABLES
from warehouse.views import view_names

SCALE = 0.002  # 6 jurisdictions: 120 documents, 12,000 tasks, 48,000 task-unit rows


def test_places_are_a_gbt2260_shaped_tree():
    places = national.places(0.1)
    assert len(places) == 320
    codes = {p.code for p in places}
    assert len(codes) == len(places) and all(len(c) == 6 and c.isdigit() for c in codes)
    assert {p.level for p in places} == {"province", "city", "county"}
    for p in places:
        assert (p.parent_code is None) == (p.level == "province")
        assert p.parent_code is None or p.parent_code in codes


@pytest.fixture(scope="module")
def generated(postgres_url):
    engine = create_engine(postgres_url)
    out = national.generate(engine, SCALE)
    create_baseline_views(engine)
    yield engine, out
    engine.dispose()


def _rows(conn, sql: str) -> list[tuple]:
    def cell(v):
        return round(v, 9) if isinstance(v, float) else v

    return sorted((tuple(cell(v) for v in r) for r in conn.execute(text(sql))), key=repr)


def test_generated_warehouse_has_the_claimed_shape(generated):
    _, out = generated
    n = len(out.places)
    docs = n * national.YEARS * 2
    assert out.rows["documents"] == out.rows["document_versions"] == out.rows["provenances"] == docs
    assert out.rows["tasks"] == docs // 2 * national.TASKS_PER_BREAKDOWN
    assert out.rows["task_units"] == out.rows["tasks"] * len(national.ROLES)
    assert out.rows["targets"] == docs * national.TARGETS_PER_DOCUMENT
    assert all(out.rows[t] > 0 for t in SUMMARY_TABLES)


def test_current_views_give_the_baseline_views_rows(generated):
    engine, _ = generated
    with engine.connect() as conn:
        for view in sorted(p.stem for p in (BASELINE_DIR / "views").glob("*.sql")):
            now = _rows(conn, f"SELECT * FROM public.{view}")
            before = _rows(conn, f"SELECT * FROM baseline.{view}")
            assert now == before, view
            assert now, view  # the generator fills every view


def test_incremental_refresh_matches_a_full_rebuild(generated):
    engine, _ = generated
    snapshot = {t: f"SELECT * FROM {t} ORDER BY 1" for t in SUMMARY_TABLES}
    with engine.begin() as conn:
        # a parent and a child jurisdiction's documents, some years apart
        ids = conn.execute(text("SELECT id FROM documents WHERE id % 7 = 0")).scalars().all()
        before = {t: [r[1:] for r in conn.execute(text(q))] for t, q in snapshot.items()}
        summaries.refresh(conn, ids)
        after = {t: [r[1:] for r in conn.execute(text(q))] for t, q in snapshot.items()}
        conn.rollback()
    for table in SUMMARY_TABLES:  # ids change (rows rewritten); the rows do not
        assert sorted(after[table], key=repr) == sorted(before[table], key=repr), table


def test_every_statement_is_measured_and_reported(generated):
    engine, out = generated
    items = statements(out.sample_county.code, out.last_year)
    with_baseline = {p.stem for p in (BASELINE_DIR / "views").glob("*.sql")} | {
        p.stem for p in (BASELINE_DIR / "queries").glob("*.sql")}
    names = [v for v in view_names()] + [q.path.stem for q in list_queries()]
    assert len(items) == sum(2 * (2 if n in with_baseline else 1) for n in names)
    with engine.connect() as conn:
        big = dict(conn.execute(text("SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r'")).all())
    picked = [i for i in items if i["item"] in ("v_lead_unit_workload", "targets")]
    results = [measure(engine, item, 1, timeout_s=60, slow_s=5, big=big) for item in picked]
    for r in results:
        assert r["median_s"] is not None and r["median_s"] >= 0 and isinstance(r["findings"], list)
    filtered = [r for r in results if r["filter"] == "one county-year"]
    assert all(0 < r["rows"] < 500 for r in filtered)
    report = {"scale": SCALE, "goal_s": 1.0, "rows": out.rows, "seconds": out.seconds, "results": results}
    table = report_rows(report)
    assert {r["figure"] for r in table} >= {"view v_lead_unit_workload (one county-year)", "query targets (all)"}
    assert all(r["goal"] == "< 1 s" for r in table if r["figure"].startswith(("view", "query")))


def test_a_kept_warehouse_is_measured_again_as_generated(generated):
    """``--database``: the warehouse generated before is recognised at its scale and counted
    as generated; a scale it was not generated at is refused."""
    engine, out = generated
    again = national.existing(engine, SCALE)
    counted = {t: n for t, n in out.rows.items() if t != "database_bytes"}  # bytes grow with use
    assert {t: again.rows[t] for t in counted} == counted
    assert again.sample_county == out.sample_county and again.seconds == {}
    with pytest.raises(ValueError, match="jurisdictions"):
        national.existing(engine, 0.1)
    report = report_rows({"scale": SCALE, "goal_s": 1.0, "rows": again.rows, "seconds": {}, "results": []})
    assert report[0]["value"] == "generated before (--database)"
