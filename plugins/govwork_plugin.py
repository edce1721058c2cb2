"""Registers govwork's timetable with Airflow so serialised DAGs can name it."""

from airflow.plugins_manager import AirflowPlugin

from govwork_airflow.timetable import PublicationSeasonTimetable


class GovworkPlugin(AirflowPlugin):
    name = "govwork"
    timetables = [PublicationSeasonTimetable]
