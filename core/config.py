"""Settings from the environment, one place. Nothing else reads os.environ for paths
or URLs, so the CLI, the DAGs and the tests all configure the pipeline the same way."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    home: Path  # GOVWORK_HOME: everything the pipeline writes lives under here
    warehouse_url: str  # WAREHOUSE_URL: SQLAlchemy URL; SQLite file under home by default
    raw_dir: Path  # content-addressed raw store and its manifest
    parsed_dir: Path  # parsed documents as JSON, one file per content version
    inbox_dir: Path  # files a user downloaded by hand, with a sidecar
    reports_dir: Path  # HTML report, GX Data Docs
    cache_dir: Path  # derived results that can be rebuilt (remembered parse results)
    mirror_url: str | None  # GOVWORK_MIRROR_URL: send every source to this snapshot mirror
    min_delay: float | None  # GOVWORK_MIN_DELAY: override the registry's per-host delay

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        home = Path(env.get("GOVWORK_HOME") or REPO_ROOT / "data").resolve()
        delay = env.get("GOVWORK_MIN_DELAY")
        return cls(
            home=home,
            warehouse_url=env.get("WAREHOUSE_URL") or f"sqlite:///{home / 'warehouse.sqlite'}",
            raw_dir=Path(env.get("GOVWORK_RAW_DIR") or home / "raw"),
            parsed_dir=Path(env.get("GOVWORK_PARSED_DIR") or home / "parsed"),
            inbox_dir=Path(env.get("GOVWORK_INBOX_DIR") or home / "inbox"),
            reports_dir=Path(env.get("GOVWORK_REPORTS_DIR") or home / "reports"),
            cache_dir=Path(env.get("GOVWORK_CACHE_DIR") or home / "cache"),
            mirror_url=env.get("GOVWORK_MIRROR_URL") or None,
            min_delay=float(delay) if delay else None,
        )

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)

    def ensure_dirs(self) -> "Settings":
        for d in (self.home, self.raw_dir, self.parsed_dir, self.inbox_dir, self.reports_dir, self.cache_dir):
            d.mkdir(parents=True, exist_ok=True)
        return self
