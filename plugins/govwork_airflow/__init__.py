"""Airflow glue for govwork: the timetable, the settings hook, the task bodies.

Nothing here does work at import time; stage modules are imported inside the task
functions so that DAG files stay cheap to parse.
"""
