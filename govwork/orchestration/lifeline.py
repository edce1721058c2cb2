"""The Airflow runner dies with the ``govwork`` process that started it.

``govwork run`` starts the runner (``plugins/govwork_airflow/runner.py``) in a process group
of its own; the runner calls ``die_with_parent`` first thing. When the parent dies, even by
``kill -9`` (no handler of ours runs then), the runner takes its whole group down with it,
so no orphan goes on crawling and writing while the next ``govwork run`` starts:

- Linux sends the runner SIGTERM when the parent dies (``prctl(PR_SET_PDEATHSIG)``), and
  the runner's handler kills its process group;
- a watchdog thread checks every half second that the parent is still the parent, for
  when the signal is lost (the parent died before ``prctl``, a library replaced the
  handler, another system).

``end_group`` is what the parent itself calls when it stops early (Ctrl-C, an error).
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
_WATCH_SECONDS = 0.5


def die_with_parent(parent_pid: int) -> None:
    """Arrange for this process and its group to end when ``parent_pid`` ends."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            pass  # the watchdog below still works
    signal.signal(signal.SIGTERM, _end_own_group)
    if os.getppid() != parent_pid:  # the parent is already gone
        _end_own_group()
    threading.Thread(target=_watch, args=(parent_pid,), name="govwork-lifeline", daemon=True).start()


def _watch(parent_pid: int) -> None:
    while True:
        if os.getppid() != parent_pid:
            _end_own_group()
        time.sleep(_WATCH_SECONDS)


def _end_own_group(*_args) -> None:
    os.killpg(os.getpgrp(), signal.SIGKILL)


def end_group(proc: subprocess.Popen, grace: float = 5.0) -> None:
    """Stop a child started with ``process_group=0`` and everything it started."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass
