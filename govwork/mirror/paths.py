"""Where the snapshot's files are, apart from the server and its templates, so a caller
that only hashes them (``govwork run`` deciding which runs are unchanged) imports no
jinja2, yaml or http.server."""

from __future__ import annotations

import os
from pathlib import Path

from core.config import REPO_ROOT

MIRROR_ROOT = REPO_ROOT / "mirror"


def shared_dir() -> Path:
    """Where third-party material is read from at run time (never committed)."""
    return Path(os.environ.get("GOVWORK_SHARED_DIR") or REPO_ROOT.parent / "shared")
