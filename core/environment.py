"""The pydantic model that checks the settings' environment variables (``core.config``).

Its own module because pydantic-settings takes 0.1-0.2 s to import: ``Settings.from_env``
loads it only when a variable beyond the path variables is given (a plain ``govwork run``
re-run, with GOVWORK_HOME alone, needs none of it)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

_DATABASE_URL = re.compile(r"^(?P<backend>[a-z][a-z0-9]*)(\+[a-z0-9_]+)?://", re.IGNORECASE)
SUPPORTED_DATABASES = ("sqlite", "postgresql")


class _Environment(BaseSettings):
    """The variables as read; checked here, turned into ``Settings`` by ``Settings.from_env``."""

    model_config = SettingsConfigDict(case_sensitive=True, extra="ignore")

    GOVWORK_HOME: Path | None = None
    WAREHOUSE_URL: str | None = None
    GOVWORK_RAW_DIR: Path | None = None
    GOVWORK_PARSED_DIR: Path | None = None
    GOVWORK_INBOX_DIR: Path | None = None
    GOVWORK_REPORTS_DIR: Path | None = None
    GOVWORK_CACHE_DIR: Path | None = None
    GOVWORK_MIRROR_URL: str | None = None
    GOVWORK_MIN_DELAY: float | None = None
    GOVWORK_PARSE_WORKERS: int | None = None

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)  # the mapping from_env is given, never os.environ behind its back

    @field_validator("WAREHOUSE_URL")
    @classmethod
    def _database(cls, url: str | None) -> str | None:
        if url is None:
            return None
        m = _DATABASE_URL.match(url)
        if not m:
            raise ValueError("must be a database URL such as sqlite:///PATH or postgresql+psycopg2://USER@HOST/DB")
        if m["backend"].lower() not in SUPPORTED_DATABASES:
            raise ValueError(f"{m['backend']} is not supported; govwork uses SQLite or PostgreSQL")
        return url

    @field_validator("GOVWORK_MIRROR_URL")
    @classmethod
    def _mirror(cls, url: str | None) -> str | None:
        if url is None:
            return None
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 - raises ValueError for a bad port
        except ValueError:
            parts = None
        if parts is None or parts.scheme != "http" or not parts.hostname:
            raise ValueError("must look like http://127.0.0.1:8765")
        return url

    @field_validator("GOVWORK_MIN_DELAY")
    @classmethod
    def _delay(cls, value: float | None) -> float | None:
        if value is not None and not 0 <= value <= 3600:
            raise ValueError("must be a number of seconds between 0 and 3600")
        return value


    @field_validator("GOVWORK_PARSE_WORKERS")
    @classmethod
    def _workers(cls, value: int | None) -> int | None:
        if value is not None and not 1 <= value <= 256:
            raise ValueError("must be a number of processes between 1 and 256")
        return value
