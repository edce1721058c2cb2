"""Small measuring helpers: a stopwatch, medians, scratch warehouses."""

from __future__ import annotations

import contextlib
import statistics
import time
import uuid
from typing import Iterator


class Stopwatch:
    """Named laps: ``with sw.lap("parse"): ...``; ``sw.seconds`` maps name -> seconds."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def lap(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start

    @property
    def total(self) -> float:
        return sum(self.seconds.values())


def median(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def median_of(runs: list[dict], key: str) -> float | None:
    return median([r.get(key) for r in runs])


def sqlite_url(path) -> str:
    return f"sqlite:///{path}"


@contextlib.contextmanager
def scratch_warehouse(server_url: str | None, sqlite_path) -> Iterator[str]:
    """A warehouse URL no other run has used: a fresh SQLite file (default), or a new
    database on the PostgreSQL server of ``server_url``, dropped afterwards."""
    if not server_url or server_url.startswith("sqlite"):
        yield sqlite_url(sqlite_path)
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(server_url)
    name = f"govwork_bench_{uuid.uuid4().hex[:12]}"
    url = base.set(database=name).render_as_string(hide_password=False)
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url
    finally:
        from warehouse.db import engine_for

        engine_for(url).dispose()  # the stages' cached engine holds connections open
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
