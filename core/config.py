"""Settings from the environment, one place. Nothing else reads os.environ for paths
or URLs, so the CLI, the DAGs and the tests all configure the pipeline the same way.

The variables are validated when they are read (pydantic-settings, ``core.environment``;
path variables alone need no checking): a bad value is a
``SettingsError`` with one line per mistake (exit code 2 on the CLI), never a traceback
from deep inside a stage. URLs are shown through ``mask_url``: a password never reaches
a terminal or a log.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from core.errors import SettingsError

REPO_ROOT = Path(__file__).resolve().parent.parent


def mask_url(url: str | None) -> str:
    """``url`` with its password (if any) replaced by ``***``: for every message and log."""
    if not url:
        return url or ""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return re.sub(r"(//[^/:@]*:)[^@/]*@", r"\1***@", url)
    if password is None:
        return url
    userinfo, _, hostinfo = parts.netloc.rpartition("@")
    user = userinfo.split(":", 1)[0]
    return parts._replace(netloc=f"{user}:***@{hostinfo}").geturl()


# The variables ``core.environment._Environment`` declares. A non-empty path variable is
# always a valid path (pydantic's Path is Path(value)), so settings made of path variables
# alone (GOVWORK_HOME, say) need no pydantic-settings (0.1-0.2 s to import: a plain
# `govwork run` re-run reads nothing else); any other variable given is checked by it.
_VARIABLES = ("GOVWORK_HOME", "WAREHOUSE_URL", "GOVWORK_RAW_DIR", "GOVWORK_PARSED_DIR", "GOVWORK_INBOX_DIR",
              "GOVWORK_REPORTS_DIR", "GOVWORK_CACHE_DIR", "GOVWORK_MIRROR_URL", "GOVWORK_MIN_DELAY",
              "GOVWORK_PARSE_WORKERS")
_PATH_VARIABLES = frozenset(
    ("GOVWORK_HOME", "GOVWORK_RAW_DIR", "GOVWORK_PARSED_DIR", "GOVWORK_INBOX_DIR", "GOVWORK_REPORTS_DIR",
     "GOVWORK_CACHE_DIR"))


def _checked(given: dict[str, str]) -> dict:
    """The given variables, validated and typed; a ``SettingsError`` lists every mistake."""
    if given.keys() <= _PATH_VARIABLES:
        return {k: Path(v) for k, v in given.items()}
    from pydantic import ValidationError

    from core.environment import _Environment  # pydantic-settings: only when there is something to check

    try:
        return _Environment(**given).model_dump()
    except ValidationError as exc:
        raise SettingsError("\n".join(_mistakes(exc))) from None


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, which a container's limit sets)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


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
    # GOVWORK_PARSE_WORKERS: processes a large parse batch runs on (1: this one alone)
    parse_workers: int = field(default_factory=usable_cores)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        e = _checked({k: v for k in _VARIABLES if (v := env.get(k)) not in (None, "")})
        home = (e.get("GOVWORK_HOME") or REPO_ROOT / "data").resolve()
        return cls(
            home=home,
            warehouse_url=e.get("WAREHOUSE_URL") or f"sqlite:///{home / 'warehouse.sqlite'}",
            raw_dir=e.get("GOVWORK_RAW_DIR") or home / "raw",
            parsed_dir=e.get("GOVWORK_PARSED_DIR") or home / "parsed",
            inbox_dir=e.get("GOVWORK_INBOX_DIR") or home / "inbox",
            reports_dir=e.get("GOVWORK_REPORTS_DIR") or home / "reports",
            cache_dir=e.get("GOVWORK_CACHE_DIR") or home / "cache",
            mirror_url=e.get("GOVWORK_MIRROR_URL"),
            min_delay=e.get("GOVWORK_MIN_DELAY"),
            parse_workers=e.get("GOVWORK_PARSE_WORKERS") or usable_cores(),
        )

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)

    def ensure_dirs(self) -> "Settings":
        for d in (self.home, self.raw_dir, self.parsed_dir, self.inbox_dir, self.reports_dir, self.cache_dir):
            d.mkdir(parents=True, exist_ok=True)
        return self


def _mistakes(exc) -> list[str]:
    """One line per bad variable: its name, what is wrong, what it was (password masked)."""
    lines = []
    for err in exc.errors():
        name = ".".join(str(part) for part in err["loc"])
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "float_parsing":
            message = "must be a number of seconds"
        elif err["type"] == "int_parsing":
            message = "must be a whole number"
        shown = mask_url(str(err.get("input")))
        lines.append(f"setting {name}: {message} (got {shown!r})")
    return lines
