"""The named queries and the export are portable: the seed corpus loaded into PostgreSQL
gives the same answers as SQLite (row order aside: the databases collate text differently)."""

from __future__ import annotations

import pandas as pd
import pytest

from govwork.research import list_queries, run_query
from warehouse.exports import tidy_frames

pytestmark = pytest.mark.postgres


def _canonical(frame: pd.DataFrame) -> pd.DataFrame:
    keys = frame.astype("string").fillna("∅")
    return frame.loc[keys.sort_values(list(frame.columns)).index].reset_index(drop=True)


@pytest.fixture(scope="module")
def pg_engine(postgres_url, seed_warehouse):
    from warehouse.db import engine_for

    seed_warehouse(postgres_url)
    return engine_for(postgres_url)


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_query_same_on_postgres_and_sqlite(name, pg_engine, seed_db):
    sqlite_engine, _ = seed_db
    on_sqlite = run_query(sqlite_engine, name)
    on_postgres = run_query(pg_engine, name)
    assert len(on_sqlite) > 0
    pd.testing.assert_frame_equal(_canonical(on_postgres), _canonical(on_sqlite), check_exact=False)


def test_filters_on_postgres(pg_engine):
    row = run_query(pg_engine, "targets", jurisdiction="定西", year=2026, indicator="gdp_growth")
    row = row[row.period == "2026"].iloc[0]
    assert (row.low, row.parent_low, row.parent_qualifier) == (6.5, 5.5, "about")


def test_series_and_target_gap_on_postgres(pg_engine):
    gap = run_query(pg_engine, "target-gap", jurisdiction="Dingxi", year=2026, indicator="gdp_growth")
    assert list(zip(gap.ancestor_code, gap.pairing, gap.difference)) == [("620000", "paired", 1.0)]
    series = run_query(pg_engine, "series", jurisdiction="甘肃", indicator="gdp_growth")
    assert list(series.year) == list(range(2018, 2027))
    assert (series.set_index("year").loc[2019:2024, "status"] == "no_document").all()


def test_export_same_on_postgres_and_sqlite(pg_engine, seed_db):
    sqlite_engine, _ = seed_db
    on_sqlite, on_postgres = tidy_frames(sqlite_engine), tidy_frames(pg_engine)
    assert on_sqlite.keys() == on_postgres.keys()
    for name in on_sqlite:
        sqlite_frame, pg_frame = on_sqlite[name], on_postgres[name]
        for frame in (sqlite_frame, pg_frame):  # load times differ between the two loads
            frame.drop(columns=[c for c in ("loaded_at", "validated_at") if c in frame.columns], inplace=True)
        pd.testing.assert_frame_equal(_canonical(pg_frame), _canonical(sqlite_frame), check_exact=False, obj=name)
