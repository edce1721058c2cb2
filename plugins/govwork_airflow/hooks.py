"""Where a task gets its Settings: Airflow connection and variables first, then the
environment (``Settings.from_env``), never a constant.

- connection ``govwork_warehouse``: the warehouse database. Either a ``postgres``
  connection (host, port, login, password, schema = database) or any type with
  ``{"sqlalchemy_url": "..."}`` in its extra (e.g. a SQLite file).
- variables ``govwork_home``, ``govwork_raw_dir``, ``govwork_parsed_dir``,
  ``govwork_inbox_dir``, ``govwork_reports_dir``, ``govwork_cache_dir``, ``govwork_mirror_url``,
  ``govwork_min_delay``: the same settings as the GOVWORK_* environment variables.

Both can be given as environment variables too (``AIRFLOW_CONN_GOVWORK_WAREHOUSE``,
``AIRFLOW_VAR_GOVWORK_MIRROR_URL``), which is what docker-compose does.
"""

from __future__ import annotations

import os
from typing import Any

from airflow.sdk import BaseHook, Variable

from core.config import Settings
from core.errors import ConfigError

WAREHOUSE_CONN_ID = "govwork_warehouse"
VARIABLE_TO_ENV = {
    "govwork_home": "GOVWORK_HOME",
    "govwork_raw_dir": "GOVWORK_RAW_DIR",
    "govwork_parsed_dir": "GOVWORK_PARSED_DIR",
    "govwork_inbox_dir": "GOVWORK_INBOX_DIR",
    "govwork_reports_dir": "GOVWORK_REPORTS_DIR",
    "govwork_cache_dir": "GOVWORK_CACHE_DIR",
    "govwork_mirror_url": "GOVWORK_MIRROR_URL",
    "govwork_min_delay": "GOVWORK_MIN_DELAY",
}


def sqlalchemy_url_from(conn: Any) -> str:
    """A SQLAlchemy URL for an Airflow connection to the warehouse."""
    from sqlalchemy.engine import URL

    extra = conn.extra_dejson or {}
    if extra.get("sqlalchemy_url"):
        return str(extra["sqlalchemy_url"])
    if conn.conn_type in ("postgres", "postgresql"):
        url = URL.create(
            "postgresql+psycopg2",
            username=conn.login or None,
            password=conn.password or None,
            host=conn.host or None,
            port=conn.port or None,
            database=conn.schema or None,
        )
        return url.render_as_string(hide_password=False)
    raise ConfigError(
        f"connection {conn.conn_id!r} is of type {conn.conn_type!r}: use a postgres connection "
        "or put a sqlalchemy_url in its extra"
    )


def _missing(exc: Exception) -> bool:
    return type(exc).__name__ == "AirflowNotFoundException"


class GovworkHook(BaseHook):
    """The warehouse and the raw store, configured from Airflow."""

    conn_name_attr = "warehouse_conn_id"
    default_conn_name = WAREHOUSE_CONN_ID
    hook_name = "govwork warehouse"

    def __init__(self, warehouse_conn_id: str = WAREHOUSE_CONN_ID, **kwargs) -> None:
        super().__init__(**kwargs)
        self.warehouse_conn_id = warehouse_conn_id
        self._settings: Settings | None = None

    def get_settings(self) -> Settings:
        if self._settings is None:
            env = dict(os.environ)
            for variable, env_name in VARIABLE_TO_ENV.items():
                value = Variable.get(variable, default=None)
                if value not in (None, ""):
                    env[env_name] = str(value)
            try:
                env["WAREHOUSE_URL"] = sqlalchemy_url_from(self.get_connection(self.warehouse_conn_id))
            except Exception as exc:
                if not _missing(exc):
                    raise
            self._settings = Settings.from_env(env).ensure_dirs()
        return self._settings

    def get_conn(self):
        """The warehouse engine, migrated to the newest schema."""
        from warehouse.db import engine_for, migrate  # sqlalchemy and alembic: not at DAG parsing

        engine = engine_for(self.get_settings().warehouse_url)
        migrate(engine)
        return engine
