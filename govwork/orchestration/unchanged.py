"""Which DAG runs ``govwork run`` can leave out because nothing they read has changed.

A province run against the bundled snapshot mirror reads the snapshot's files, the
registry, and the project's code (crawler, parsers, suites, loader), and writes the
warehouse. When all of those are byte for byte what they were when the same run (same
DAG, years and jurisdictions) last succeeded, and the warehouse still holds the documents
that run left there, running it again can only find every page unchanged: its sources are
*known* unchanged, so no DAG run is made. The views run is left out too when no province
run was made and the report it wrote is still there.

Only the snapshot gives that proof without asking the network: against live portals (or a
mirror given by URL) every run is made, and the crawl's conditional GETs find out.
``--force`` makes every run. The ledger is a JSON file under the cache directory (safe to
delete: the next ``govwork run`` then makes every run once).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Iterable

from core.config import REPO_ROOT, Settings
from govwork.orchestration.layout import VIEWS_DAG_ID, province_dags, registry_dir, _fingerprint
from govwork.mirror.paths import MIRROR_ROOT, shared_dir
from govwork.orchestration.reports import report_path
from govwork.orchestration.runs import PlannedRun, RunResult

# What a run's outcome depends on besides the snapshot: the code of every layer it runs.
_CODE_DIRS = ("core", "extractors", "expectations", "warehouse", "govwork", "dags", "plugins")
_CODE_SUFFIXES = (".py", ".yaml", ".yml", ".json", ".sql", ".j2")


def _tree_fingerprint(roots: Iterable[Path], suffixes: tuple[str, ...] | None = None) -> str:
    digest = hashlib.sha256()
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and not d.startswith("."))
            for name in sorted(filenames):
                if suffixes is None or name.endswith(suffixes):
                    path = Path(dirpath) / name
                    digest.update(f"{root.name}/{path.relative_to(root)}".encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def inputs_fingerprint(settings: Settings) -> str:
    """The bundled snapshot, the registry and the code, as one hash."""
    parts = [
        # the whole snapshot: specs, texts, templates, built annexes; and the third-party
        # reference it serves from ../shared when that is there
        _tree_fingerprint([MIRROR_ROOT]),
        _tree_fingerprint([shared_dir() / "reference"]) if (shared_dir() / "reference").is_dir() else "no shared",
        _fingerprint(registry_dir()),
        _tree_fingerprint([REPO_ROOT / d for d in _CODE_DIRS], _CODE_SUFFIXES),
        settings.warehouse_url,
        str(settings.raw_dir),
        str(settings.parsed_dir),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _run_key(run: PlannedRun, inputs: str) -> str:
    blob = json.dumps([run.dag_id, list(run.years), run.conf, inputs], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def documents_held(settings: Settings, run: PlannedRun) -> int | None:
    """How many documents of the run's jurisdictions and years the warehouse holds (None:
    the warehouse cannot be read). The Airflow runner answers this after each run it makes
    (``RunResult.warehouse_after``), so ``govwork run`` itself reads the warehouse only to
    leave runs out."""
    # sqlalchemy: only when the warehouse is read here, not at every `govwork run` start (a
    # fresh home never reads it in this process)
    from warehouse.counts import documents_held as held_in
    from warehouse.db import engine_for

    codes = run.conf.get("jurisdictions") or next(
        (d.codes for d in province_dags() if d.dag_id == run.dag_id), [])
    if not codes or not run.years:
        return 0
    try:
        return held_in(engine_for(settings.warehouse_url), list(codes), list(run.years))
    except Exception:  # no warehouse yet, or not migrated: nothing is known
        return None


class Ledger:
    """Successful runs by key: when, and how many documents the warehouse held after."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.path = settings.cache_dir / "runs" / "ledger.json"
        try:
            self.entries: dict[str, dict] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}

    def split(self, planned: list[PlannedRun], inputs: str) -> tuple[list[PlannedRun], list[PlannedRun]]:
        """(runs to make, runs known unchanged)."""
        make, skip = [], []
        if not (self.settings.raw_dir / "manifest.jsonl").exists():  # the raw store is gone: crawl again
            return list(planned), []
        for run in planned:
            if run.dag_id == VIEWS_DAG_ID:
                continue
            entry = self.entries.get(_run_key(run, inputs))
            known = entry is not None and entry.get("documents") == documents_held(self.settings, run)
            (skip if known else make).append(run)
        views = [r for r in planned if r.dag_id == VIEWS_DAG_ID]
        if views:
            views_entry = self.entries.get(_run_key(views[0], inputs))
            if make or views_entry is None or not report_path(self.settings).exists():
                make += views
            else:
                skip += views
        return make, skip

    def record(self, runs: list[PlannedRun], results: list[RunResult], inputs: str) -> None:
        for run, result in zip(runs, results):
            key = _run_key(run, inputs)
            if result.ok:
                if run.dag_id == VIEWS_DAG_ID:
                    held = None
                elif result.warehouse_after is not None:  # read by the runner right after the run
                    held = result.warehouse_after.get("documents_held")
                else:
                    held = documents_held(self.settings, run)
                self.entries[key] = {"dag_id": run.dag_id, "years": list(run.years), "at": time.time(), "documents": held}
            else:
                self.entries.pop(key, None)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self.entries, indent=1), encoding="utf-8")
        tmp.replace(self.path)
