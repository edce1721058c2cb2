"""Registers govwork's timetable (so serialised DAGs can name it) and its lineage listener."""

from airflow.plugins_manager import AirflowPlugin

from govwork_airflow import lineage
from govwork_airflow.timetable import PublicationSeasonTimetable


class GovworkPlugin(AirflowPlugin):
    name = "govwork"
    timetables = [PublicationSeasonTimetable]
    listeners = [lineage]
