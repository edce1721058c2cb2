"""The environment an Airflow process started by govwork gets (``dags test``, ``db migrate``,
the CeleryExecutor test): Airflow home and metadata DB under the project's data directory,
our dags/ and plugins/, no example DAGs, and the pipeline's Settings as GOVWORK_* variables,
which the tasks read back through the hook in plugins/."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from core.config import REPO_ROOT, Settings
from core.errors import GovworkError

DAGS_DIR = REPO_ROOT / "dags"
PLUGINS_DIR = REPO_ROOT / "plugins"


class AirflowSetupError(GovworkError):
    """Airflow could not be prepared (metadata DB migration failed, binary missing)."""

    reason = "airflow_setup"
    exit_code = 4


def settings_env(settings: Settings) -> dict[str, str]:
    """``settings`` as the environment variables ``Settings.from_env`` reads."""
    env = {
        "GOVWORK_HOME": str(settings.home),
        "WAREHOUSE_URL": settings.warehouse_url,
        "GOVWORK_RAW_DIR": str(settings.raw_dir),
        "GOVWORK_PARSED_DIR": str(settings.parsed_dir),
        "GOVWORK_INBOX_DIR": str(settings.inbox_dir),
        "GOVWORK_REPORTS_DIR": str(settings.reports_dir),
        "GOVWORK_CACHE_DIR": str(settings.cache_dir),
        "GOVWORK_PARSE_WORKERS": str(settings.parse_workers),
    }
    if settings.mirror_url:
        env["GOVWORK_MIRROR_URL"] = settings.mirror_url
    if settings.min_delay is not None:
        env["GOVWORK_MIN_DELAY"] = str(settings.min_delay)
    return env


def airflow_home_for(settings: Settings) -> Path:
    return settings.home / "airflow"


def airflow_env(
    settings: Settings,
    *,
    airflow_home: Path | None = None,
    metadata_url: str | None = None,
    base: dict[str, str] | None = None,
) -> dict[str, str]:
    """Environment for an Airflow subprocess; SQLite metadata DB under ``airflow_home``
    unless ``metadata_url`` says otherwise."""
    home = Path(airflow_home or airflow_home_for(settings))
    env = dict(os.environ if base is None else base)
    # Settings come from us, not from whatever GOVWORK_* the caller's shell had.
    for key in [k for k in env if k.startswith("GOVWORK_") or k == "WAREHOUSE_URL"]:
        del env[key]
    env.update(settings_env(settings))
    # The same settings as Airflow variables in the environment (GovworkHook reads those
    # first): a task then asks the execution API for no govwork_* variable, a round trip per
    # task otherwise, and a variable stored in the metadata DB cannot override them.
    env.update({f"AIRFLOW_VAR_{key}": value for key, value in settings_env(settings).items()
                if key.startswith("GOVWORK_")})
    python_path = [str(REPO_ROOT), str(PLUGINS_DIR)]
    if env.get("PYTHONPATH"):
        python_path.append(env["PYTHONPATH"])
    # The warehouse as the hook's connection, answered from the environment: a connection
    # missing from the metadata DB costs every task a round trip to the execution API.
    env.setdefault("AIRFLOW_CONN_GOVWORK_WAREHOUSE", json.dumps(
        {"conn_type": "generic", "extra": {"sqlalchemy_url": settings.warehouse_url}}))
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_DIR),
            "AIRFLOW__CORE__PLUGINS_FOLDER": str(PLUGINS_DIR),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": metadata_url or f"sqlite:///{home / 'airflow.db'}",
            "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
            "PYTHONPATH": os.pathsep.join(python_path),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def airflow_bin() -> str:
    """The ``airflow`` script of the interpreter running govwork."""
    candidate = Path(sys.executable).with_name("airflow")
    if not candidate.exists():
        raise AirflowSetupError(f"airflow is not installed next to {sys.executable}")
    return str(candidate)


def _airflow_version() -> str:
    from importlib.metadata import version

    return version("apache-airflow")


class MetadataMigration:
    """``airflow db migrate`` started in the background (``start_metadata_db``), so the
    runner can load govwork's own modules meanwhile; ``done`` says whether it has finished
    and raises if it failed, ``wait`` blocks until it has."""

    def __init__(self, proc: subprocess.Popen | None, log_name: str, stamp: Path | None):
        self._proc, self._log_name, self._stamp = proc, log_name, stamp
        self.ran = proc is not None  # False: the DB was already migrated

    def done(self) -> bool:
        if self._proc is None:
            return True
        code = self._proc.poll()
        if code is None:
            return False
        self._proc = None
        if code != 0:
            raise AirflowSetupError(f"`airflow db migrate` failed; see {self._log_name}")
        if self._stamp is not None:
            self._stamp.touch()
        return True

    def wait(self) -> bool:
        """Block until migrated; returns whether a migration ran."""
        if self._proc is not None:
            self._proc.wait()
        self.done()
        return self.ran

    def stop(self) -> None:
        """End a migration still running (the job stopped early)."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            self._proc.wait()


def start_metadata_db(env: dict[str, str], log_path: Path | None = None) -> MetadataMigration:
    """Start ``airflow db migrate`` unless this Airflow version already migrated the SQLite
    DB in ``env``'s AIRFLOW_HOME. Other databases always migrate (cheap when already at head)."""
    home = Path(env["AIRFLOW_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    url = env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
    stamp = home / f".govwork-migrated-{_airflow_version()}"
    db_file = Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None
    if db_file is not None and stamp.exists() and db_file.exists():
        return MetadataMigration(None, "", None)
    log_name = str(log_path or home / "db-migrate.log")
    with open(log_name, "ab") as log:  # the child keeps its own descriptor
        proc = subprocess.Popen([airflow_bin(), "db", "migrate"], env=env, stdout=log, stderr=subprocess.STDOUT)
    return MetadataMigration(proc, log_name, stamp if db_file is not None else None)


def ensure_metadata_db(env: dict[str, str], log_path: Path | None = None) -> bool:
    """Run ``airflow db migrate`` unless this Airflow version already migrated the SQLite
    DB in ``env``'s AIRFLOW_HOME; returns whether it ran. Other databases always migrate
    (cheap when already at head)."""
    migration = start_metadata_db(env, log_path)
    try:
        return migration.wait()
    finally:
        migration.stop()  # interrupted: the migration ends with us
