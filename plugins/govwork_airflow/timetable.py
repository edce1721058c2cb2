"""When the pipeline runs: often in the publication season, rarely after it, and one
run per year when catching up.

Work reports come out in January–March and breakdown notices in February–April; after
that a document for the year appears rarely (a late county, a re-publication). So live
runs fire every Monday in January–April and on the 1st of each month May–December.

The year is the unit of backfill: a run collects the documents of its logical date's
year, so catching up over past years needs one run per year, not ~25. A backfill
(``airflow backfill create``, which asks the timetable with ``catchup=True``) therefore
gets one run per year, at the year's first scheduled tick. The DAGs set
``catchup=False``, so the live scheduler never uses the yearly rule.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pendulum

from airflow.timetables.base import DagRunInfo, DataInterval, TimeRestriction
from airflow.timetables.trigger import CronTriggerTimetable, MultipleCronTriggerTimetable

# UTC on purpose: ``logical_date.year`` is the year a run collects, and a local-time
# tick just after midnight on 1 January would be 31 December in UTC.
SEASON_CRON = "0 6 * 1-4 1"  # Mondays 06:00, January–April
OFF_SEASON_CRON = "0 6 1 5-12 *"  # 1st of the month 06:00, May–December
TIMEZONE = "UTC"


class PublicationSeasonTimetable(MultipleCronTriggerTimetable):
    """Weekly in January–April, monthly otherwise; yearly when catching up.

    It holds no state, so every province DAG can share one (``shared()``): building one
    describes both crons in English (cron_descriptor), a few ms each, 31 times over in
    every parse of the DAG file with the full registry."""

    def __init__(self) -> None:
        super().__init__(SEASON_CRON, OFF_SEASON_CRON, timezone=TIMEZONE)
        self.description = "weekly Jan–Apr (Mon 06:00 UTC), monthly May–Dec; one run per year in backfills"

    @staticmethod
    @cache
    def shared() -> "PublicationSeasonTimetable":
        """One instance per process, for every DAG that runs on the publication season."""
        return PublicationSeasonTimetable()

    @classmethod
    def deserialize(cls, data: dict[str, Any]) -> "PublicationSeasonTimetable":
        # Airflow deserializes the DAG's timetable again and again (~120 times in one
        # `govwork run`, ~1.5 ms each to describe the crons): it is stateless, so one will do.
        return cls.shared() if cls is PublicationSeasonTimetable else cls()

    def serialize(self) -> dict[str, Any]:
        return {}

    @property
    def summary(self) -> str:
        return "publication season (weekly Jan–Apr, monthly May–Dec)"

    def next_dagrun_info(
        self,
        *,
        last_automated_data_interval: DataInterval | None,
        restriction: TimeRestriction,
    ) -> DagRunInfo | None:
        if not restriction.catchup:
            return super().next_dagrun_info(
                last_automated_data_interval=last_automated_data_interval, restriction=restriction
            )
        return self._next_year_run(last_automated_data_interval, restriction)

    def _next_year_run(
        self, last: DataInterval | None, restriction: TimeRestriction
    ) -> DagRunInfo | None:
        if last is not None:
            year = last.start.year + 1
        elif restriction.earliest is not None:
            year = restriction.earliest.year
        else:
            return None  # no start date and nothing run yet: nothing to catch up on
        tick = self._first_tick_of(year, restriction)
        if tick is None or (restriction.latest is not None and tick > restriction.latest):
            return None
        return DagRunInfo.exact(tick)

    def _first_tick_of(self, year: int, restriction: TimeRestriction):
        """The year's first season tick at or after the restriction's earliest bound."""
        start = pendulum.datetime(year, 1, 1, tz=TIMEZONE)
        if restriction.earliest is not None and restriction.earliest > start:
            start = restriction.earliest
        tick = _season_cron()._align_to_next(start)
        return tick if tick.year == year else None


@cache
def _season_cron() -> CronTriggerTimetable:
    return CronTriggerTimetable(SEASON_CRON, timezone=TIMEZONE)
