"""The snapshot's routing table (``mirror/routes.yaml``): which files a host serves and
with what headers. Read once when the server starts."""

from __future__ import annotations

from dataclasses import dataclass, field
from email.utils import format_datetime
from datetime import datetime
from pathlib import Path

import yaml

from core.config import REPO_ROOT
from core.errors import ConfigError

MIRROR_ROOT = REPO_ROOT / "mirror"

_CONTENT_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".shtml": "text/html",
    ".txt": "text/plain",
    ".pdf": "application/pdf",
    ".css": "text/css",
    ".js": "application/javascript",
    ".png": "image/png",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class HostRoutes:
    host: str
    root: Path  # sites/<host>
    charset: str | None
    index: str
    last_modified: str  # HTTP date
    last_modified_ts: float
    etag: bool
    challenge: Path | None = None
    aliases: dict[str, Path] = field(default_factory=dict)

    def content_type(self, path: Path) -> str:
        ctype = _CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")
        if ctype.startswith("text/") and path.name != "robots.txt" and self.charset:
            return f"{ctype}; charset={self.charset}"
        return ctype

    def file_for(self, url_path: str) -> Path | None:
        """The file a URL path maps to, or None (never a file outside the host's root)."""
        if url_path in self.aliases:
            target = self.aliases[url_path]
            return target if target.is_file() else None
        rel = url_path.lstrip("/")
        if rel == "" or rel.endswith("/"):
            rel += self.index
        candidate = (self.root / rel).resolve()
        if self.root.resolve() not in candidate.parents or not candidate.is_file():
            return None
        return candidate


def load_routes(root: Path = MIRROR_ROOT) -> dict[str, HostRoutes]:
    path = root / "routes.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read the mirror routes {path}: {exc}") from None
    defaults = data.get("defaults") or {}
    hosts = {}
    for host, cfg in (data.get("hosts") or {}).items():
        merged = {**defaults, **(cfg or {})}
        lm = datetime.fromisoformat(str(merged["last_modified"]).replace("Z", "+00:00"))
        hosts[host] = HostRoutes(
            host=host,
            root=root / "sites" / host,
            charset=merged.get("charset"),
            index=merged.get("index", "index.html"),
            last_modified=format_datetime(lm, usegmt=True),
            last_modified_ts=lm.timestamp(),
            etag="etag" in (merged.get("validators") or []),
            challenge=(root / merged["challenge"]) if merged.get("challenge") else None,
            aliases={p: root / f for p, f in (merged.get("aliases") or {}).items()},
        )
    return hosts
