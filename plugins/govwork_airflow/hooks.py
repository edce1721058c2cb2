"""Where a task gets its Settings: Airflow connection and variables first, then the
environment (``Settings.from_env``), never a constant.

- connection ``govwork_warehouse``: the warehouse database. Either a ``postgres``
  connection (host, port, login, password, schema = database) or any type with
  ``{"sqlalchemy_url": "..."}`` in its extra (e.g. a SQLite file).
- variables ``govwork_home``, ``govwork_raw_dir``, ``govwork_parsed_dir``,
  ``govwork_inbox_dir``, ``govwork_reports_dir``, ``govwork_cache_dir``, ``govwork_mirror_url``,
  ``govwork_min_delay``, ``govwork_parse_workers``: the same settings as the GOVWORK_*
  environment variables.

Both can be given as environment variables too (``AIRFLOW_CONN_GOVWORK_WAREHOUSE``,
``AIRFLOW_VAR_GOVWORK_MIRROR_URL``), which is what docker-compose and ``govwork run`` do
(``govwork.orchestration.airflow_env`` sets every setting it has as a variable).

Reading them costs a round trip to the execution API per lookup that the environment does
not answer, and a task used to make nine (eight variables and the connection) even when
none was set. Now a task reads its settings once: variables from the environment, then one
listing of the ``govwork_`` variables in the metadata DB, and a lookup only for those that
exist there (or for every one when a custom secrets backend may hold them).
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
    "govwork_parse_workers": "GOVWORK_PARSE_WORKERS",
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


_BUILT_IN_BACKENDS = {"EnvironmentVariablesBackend", "ExecutionAPISecretsBackend", "MetastoreBackend"}


def _custom_secrets_backend() -> bool:
    """Whether a secrets backend beyond the environment and the metadata DB is configured
    (Vault, AWS, …): its variables are not in the metadata DB's listing."""
    from airflow.sdk.execution_time.supervisor import ensure_secrets_backend_loaded

    return any(type(b).__name__ not in _BUILT_IN_BACKENDS for b in ensure_secrets_backend_loaded())


def govwork_variables() -> dict[str, str]:
    """The ``govwork_*`` variables that are set, in as few lookups as possible."""
    found = {}
    for name in VARIABLE_TO_ENV:
        value = os.environ.get(f"AIRFLOW_VAR_{name.upper()}")
        if value not in (None, ""):
            found[name] = value
    missing = [name for name in VARIABLE_TO_ENV if name not in found]
    if missing and not _custom_secrets_backend():
        stored = set(Variable.keys(prefix="govwork_"))  # one round trip for all of them
        missing = [name for name in missing if name in stored]
    for name in missing:
        value = Variable.get(name, default=None)
        if value not in (None, ""):
            found[name] = str(value)
    return found


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
            for variable, value in govwork_variables().items():
                env[VARIABLE_TO_ENV[variable]] = value
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
