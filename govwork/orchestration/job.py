"""The main job and backfills: prepare Airflow under the project, serve the snapshot
mirror if asked, run the DAGs, and say where everything went. ``govwork run`` and
``govwork backfill`` are thin wrappers around ``run_job``."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from core.config import Settings
from govwork.mirror import serve
from govwork.orchestration.airflow_env import airflow_env, airflow_home_for, ensure_metadata_db
from govwork.orchestration.runs import PlannedRun, RunResult, plan_runs, run_dags


@dataclass
class JobResult:
    settings: Settings  # as the DAGs saw them (mirror URL included)
    planned: list[PlannedRun]
    results: list[RunResult] = field(default_factory=list)
    log_path: Path | None = None
    migrated: bool = False

    @property
    def ok(self) -> bool:
        return len(self.results) == len(self.planned) and all(r.ok for r in self.results)


@contextlib.contextmanager
def snapshot_mirror() -> Iterator[str]:
    """Serve the bundled snapshot of the portals on a free loopback port."""

    server = serve(port=0)
    try:
        yield server.base_url
    finally:
        server.stop()


def run_job(
    settings: Settings,
    years: list[int],
    *,
    jurisdiction: str | None = None,
    use_snapshot: bool = True,
    airflow_home: Path | None = None,
    on_step: Callable[[str], None] | None = None,
    on_result: Callable[[RunResult], None] | None = None,
) -> JobResult:
    """Run every province DAG (or ``jurisdiction``'s, limited to it) for each of ``years``
    with ``airflow dags test``, then the views DAG. Idempotent: the stages skip what is
    already in the raw store and the warehouse."""
    say = on_step or (lambda _msg: None)
    settings = settings.ensure_dirs()
    planned = plan_runs(years, jurisdiction=jurisdiction)
    home = Path(airflow_home or airflow_home_for(settings))
    log_path = home / "logs" / f"govwork-{datetime.now(timezone.utc):%Y%m%dT%H%M%S}.log"
    with contextlib.ExitStack() as stack:
        if use_snapshot:
            url = stack.enter_context(snapshot_mirror())
            settings = settings.with_(mirror_url=url)
            if settings.min_delay is None:
                # The registry's per-host delays protect live portals; the snapshot is ours,
                # on loopback. GOVWORK_MIN_DELAY still wins when set.
                settings = settings.with_(min_delay=0.0)
            say(f"snapshot mirror serving the portals at {url}")
        env = airflow_env(settings, airflow_home=home)
        say(f"Airflow home {home} (SQLite metadata DB)")
        migrated = ensure_metadata_db(env)
        if migrated:
            say("Airflow metadata DB migrated")
        say(f"{len(planned)} DAG run(s) with `airflow dags test` (Airflow's log: {log_path})")
        results = run_dags(planned, env, log_path=log_path, progress=on_result)
    return JobResult(settings=settings, planned=planned, results=results, log_path=log_path, migrated=migrated)
