"""``kill -9`` of ``govwork backfill`` (the same job as ``govwork run``, one jurisdiction, to
keep it short) while the Airflow runner is crawling (issue 14, item 4): the runner and
everything it started die with it within seconds, and the next run recovers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.config import REPO_ROOT

GOVWORK = str(Path(sys.executable).with_name("govwork"))
JOB = [GOVWORK, "backfill", "--from", "2026", "--to", "2026", "--jurisdiction", "621100", "--snapshot"]


def _processes() -> dict[int, tuple[int, int, str]]:
    """pid -> (parent pid, process group, command line) of every live process."""
    out = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[0] != "Z":  # a zombie is dead already, waiting for its parent to reap it
            out[int(entry.name)] = (int(fields[1]), int(fields[2]), cmdline)
    return out


def _wait_for(predicate, timeout: float, what: str):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.airflow
def test_kill_9_leaves_no_orphan_and_the_next_run_recovers(airflow_sandbox):
    env = airflow_sandbox.env()
    manifest = airflow_sandbox.settings.raw_dir / "manifest.jsonl"
    job = subprocess.Popen(JOB, env=env, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           start_new_session=True)
    try:
        runner = _wait_for(lambda: next((pid for pid, (ppid, _g, cmd) in _processes().items()
                                         if ppid == job.pid and "govwork_airflow.runner" in cmd), None),
                           180, "the Airflow runner to start")
        # Kill while a DAG run is under way: its crawl has written to the raw store.
        _wait_for(lambda: manifest.exists() and manifest.stat().st_size > 0, 300, "the crawl to start")
        group = _processes()[runner][1]
        assert group == runner  # the runner leads a process group of its own
        os.kill(job.pid, signal.SIGKILL)
        job.wait(timeout=10)
        _wait_for(lambda: not [p for p, (_pp, g, _c) in _processes().items() if g == group], 15,
                  "the runner's process group to end")
    finally:
        if job.poll() is None:
            job.kill()
    again = subprocess.run(JOB, env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=900)
    assert again.returncode in (0, 1), again.stdout[-3000:] + again.stderr[-3000:]  # not 4: every run started
    assert " error " not in again.stdout and "ok" in again.stdout, again.stdout[-3000:]
