"""The year is the unit of a run: a run collects the documents of its logical date's year.

Logical dates here match what ``airflow backfill create`` makes with the publication-season
timetable (plugins/govwork_airflow/timetable.py): the year's first season tick, the first
Monday of January at 06:00 UTC. So a ``govwork run`` and an Airflow backfill of the same
year are the same DAG run (same logical date), not two.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

# The years the bundled snapshot mirror holds documents for (the seeds: Gansu 2018 and
# 2026, Wuhan 2020, Yishui 2023, Dingxi 2026). `govwork run` runs every province DAG once over
# all of them; other years are a `govwork backfill` away.
SNAPSHOT_YEARS: tuple[int, ...] = (2018, 2020, 2023, 2026)
FIRST_YEAR = 2000  # earliest year the DAGs accept (start_date)


def logical_date_for(year: int) -> datetime:
    """First Monday of January ``year``, 06:00 UTC."""
    first = date(year, 1, 1)
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    return datetime(monday.year, monday.month, monday.day, 6, 0, tzinfo=timezone.utc)


def year_range(start: int, end: int) -> list[int]:
    if end < start:
        raise ValueError(f"--to {end} is before --from {start}")
    return list(range(start, end + 1))
