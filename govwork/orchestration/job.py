"""The main job and backfills: prepare Airflow under the project, serve the snapshot
mirror if asked, run the DAGs, and say where everything went. ``govwork run`` and
``govwork backfill`` are thin wrappers around ``run_job``."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from core.config import Settings
from govwork.orchestration.airflow_env import airflow_env, airflow_home_for, start_metadata_db
from govwork.orchestration.runs import PlannedRun, RunResult, plan_runs, run_dags
from govwork.orchestration.unchanged import Ledger, inputs_fingerprint

if TYPE_CHECKING:
    from govwork.mirror.server import MirrorServer


@dataclass
class JobResult:
    settings: Settings  # as the DAGs saw them (mirror URL included)
    planned: list[PlannedRun]  # the runs made
    results: list[RunResult] = field(default_factory=list)
    log_path: Path | None = None
    migrated: bool = False
    unchanged: list[PlannedRun] = field(default_factory=list)  # left out: their sources are known unchanged
    closing: dict | None = None  # summary.closing as the runner read it after the last run (None: not read)

    @property
    def ok(self) -> bool:
        return len(self.results) == len(self.planned) and all(r.ok for r in self.results)


@contextlib.contextmanager
def snapshot_mirror() -> Iterator[MirrorServer]:
    """The bundled snapshot of the portals on a free loopback port, listening; its ``start()``
    loads the sites and answers (``run_job`` calls it once the Airflow runner is started)."""
    from govwork.mirror.server import bind  # http.server: not when every run is left out

    server = bind(port=0)
    try:
        yield server
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
    force: bool = False,
) -> JobResult:
    """Run every province DAG (or ``jurisdiction``'s, limited to it) once over ``years``
    with ``airflow dags test``, then the views DAG. Idempotent: the stages skip what is
    already in the raw store and the warehouse. Against the bundled snapshot, runs whose
    inputs are known unchanged since they last succeeded are left out unless ``force``
    (``govwork.orchestration.unchanged``)."""
    say = on_step or (lambda _msg: None)
    settings = settings.ensure_dirs()
    planned = plan_runs(years, jurisdiction=jurisdiction)
    ledger = inputs = None
    unchanged: list[PlannedRun] = []
    if use_snapshot:
        ledger, inputs = Ledger(settings), inputs_fingerprint(settings)
        if not force:
            planned, unchanged = ledger.split(planned, inputs)
            if unchanged:
                say(f"{len(unchanged)} run(s) left out, the snapshot, registry, code and warehouse unchanged since "
                    f"they last succeeded: {', '.join(r.label() for r in unchanged)} (--force runs them)")
    if not planned:
        return JobResult(settings=settings, planned=[], unchanged=unchanged)
    home = Path(airflow_home or airflow_home_for(settings))
    log_path = home / "logs" / f"govwork-{datetime.now(timezone.utc):%Y%m%dT%H%M%S}.log"
    with contextlib.ExitStack() as stack:
        mirror = None
        if use_snapshot:
            mirror = stack.enter_context(snapshot_mirror())
            url = mirror.base_url
            settings = settings.with_(mirror_url=url)
            if settings.min_delay is None:
                # The registry's per-host delays protect live portals; the snapshot is ours,
                # on loopback. GOVWORK_MIN_DELAY still wins when set.
                settings = settings.with_(min_delay=0.0)
            say(f"snapshot mirror serving the portals at {url}")
        env = airflow_env(settings, airflow_home=home)
        say(f"Airflow home {home} (SQLite metadata DB)")
        # On a fresh home the runner loads govwork's modules while Airflow's metadata DB
        # migrates, and starts on Airflow when the migration is done. With nothing to overlap
        # it loads nothing early: a re-run whose validations are remembered needs no GX.
        migration = start_metadata_db(env)
        stack.callback(migration.stop)
        migrated = migration.ran

        def ready() -> bool:
            if migration.done():
                if migrated:
                    say("Airflow metadata DB migrated")
                return True
            return False

        if migrated:
            say("migrating Airflow's metadata DB while the runner loads govwork's modules")
        say(f"{len(planned)} DAG run(s) with `airflow dags test` (Airflow's log: {log_path})")
        closing: list[dict] = []
        # The mirror's sites load while the runner loads Airflow, seconds before its first request.
        results = run_dags(planned, env, log_path=log_path, progress=on_result, on_closing=closing.append,
                           warm_up=migrated, ready=ready, on_started=mirror.start if mirror else None)
    if ledger is not None:
        ledger.record(planned, results, inputs)
    return JobResult(settings=settings, planned=planned, results=results, log_path=log_path, migrated=migrated,
                     unchanged=unchanged, closing=closing[-1] if closing else None)
