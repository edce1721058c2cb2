"""Third-party inputs, read from ``../shared`` at run time and never committed.

An example whose text is third-party material is committed as a pointer,
``NAME.shared``, holding the path of the text under ``../shared`` (for instance
``reference/gansu-2026-work-report.txt``); its hints and compare files sit beside it as
for any example. ``example_input`` gives the file to parse: the committed file itself, or
a copy of the shared text named ``NAME`` in a temporary folder. When the shared text is
absent the test is skipped with the reason; under ``CI=true`` (where ../shared is
present) it fails instead.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from core.config import REPO_ROOT

POINTER = ".shared"


@functools.cache
def _copies() -> Path:
    """One temporary folder per test process for the copies, removed when it exits."""
    path = Path(tempfile.mkdtemp(prefix="govwork-shared-inputs-"))
    atexit.register(shutil.rmtree, path, True)
    return path


def shared_dir() -> Path:
    return Path(os.environ.get("GOVWORK_SHARED_DIR") or REPO_ROOT.parent / "shared")


def require_shared(relative: str) -> Path:
    """The file under ../shared, or a skip (a fail under CI=true) saying why not."""
    path = shared_dir() / relative
    if path.is_file():
        return path
    message = f"{path} is absent (third-party text, read from ../shared at run time, never committed)"
    if os.environ.get("CI") == "true":
        pytest.fail(message + "; under CI=true it must be present")
    pytest.skip(message)


def require_reference() -> Path:
    """The Gansu 2026 work report (third-party), or a skip / a CI failure."""
    return require_shared("reference/gansu-2026-work-report.txt")


def is_pointer(path: Path) -> bool:
    return path.name.endswith(POINTER)


def input_name(path: Path) -> Path:
    """The example's own name: ``gansu-2026.txt`` for ``gansu-2026.txt.shared``."""
    return path.with_name(path.name.removesuffix(POINTER)) if is_pointer(path) else path


def example_input(path: Path) -> Path:
    """The file to parse for an example (see the module doc)."""
    pointer = path if is_pointer(path) else path.with_name(path.name + POINTER)
    if not is_pointer(path) and path.exists():
        return path
    source = require_shared(pointer.read_text(encoding="utf-8").strip())
    local = _copies() / input_name(pointer).name
    if not local.exists():
        shutil.copyfile(source, local)
        for sidecar in pointer.parent.glob(input_name(pointer).stem + ".hints.json"):
            shutil.copyfile(sidecar, _copies() / sidecar.name)
    return local
