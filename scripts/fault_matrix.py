"""Run the fault matrix and write docs/RELIABILITY.md from what it measured.

    .venv/bin/python scripts/fault_matrix.py            # writes docs/RELIABILITY.md
    .venv/bin/python scripts/fault_matrix.py --stdout   # prints it instead

Every fault is tried for real and kept short: hostile HTTP servers on 127.0.0.1 only,
bounded loops (a few repetitions each), temporary directories, the PostgreSQL on
127.0.0.1:5432 when it answers (its rows say "skipped" otherwise). It takes a few minutes,
most of it the concurrent loaders (real processes). The tests under tests/ prove each
fault one by one; this script counts them side by side.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import pickle
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.config import Settings, mask_url  # noqa: E402
from core.errors import SettingsError, UnreadableInputError  # noqa: E402
from extractors.crawl.fetch import Fetcher  # noqa: E402
from extractors.localfile import read_regular_file  # noqa: E402
from extractors.rawstore import RawStore  # noqa: E402
from fault_matrix_db import bi_role, concurrent_loads  # noqa: E402 - beside this script
from tests.crawl.hostile import ROBOTS_OK, HostileServer, answer, hostile_source, trickle  # noqa: E402

PAGE = "<html><body><p>关于分解落实2026年《政府工作报告》重点工作的通知</p></body></html>".encode()
ROWS: list[dict] = []


def row(area: str, fault: str, how: str, result: str, held: bool) -> None:
    ROWS.append({"area": area, "fault": fault, "how": how, "result": result, "held": held})
    print(f"[{'held' if held else 'FAILED'}] {area}: {fault} -> {result}", file=sys.stderr)


# --- HTTP -------------------------------------------------------------------------------

def http_faults(tmp: Path) -> None:
    other = HostileServer({"/x": answer(PAGE)})
    packed = gzip.compress(PAGE * 50)
    site = HostileServer({
        "/robots.txt": ROBOTS_OK,
        "/hop": answer(b"", status="302 Found", headers={"Location": f"{other.base_url}/x"}),
        "/half": answer(packed[: len(packed) // 2], headers={"Content-Encoding": "gzip"}),
        "/short": answer(PAGE, length=len(PAGE) + 500),
        "/bomb": answer(gzip.compress(b"\0" * 5_000_000), headers={"Content-Encoding": "gzip"}),
        "/slow": trickle(b"x" * 600, per_second=5),
        "/doc": answer(PAGE),
    })
    source = hostile_source(tmp, site.base_url, timeout=3, deadline=2, max_bytes=100_000)
    live = hostile_source(tmp, site.base_url, allow_private=False)

    def fetch(url, src=source, n=3):
        results, seconds, stored = [], [], 0
        for i in range(n):
            store = RawStore(tmp / f"raw-{time.monotonic_ns()}")
            t = time.monotonic()
            r = Fetcher(store).fetch(url, src, role="article", jurisdiction="990000")
            seconds.append(time.monotonic() - t)
            results.append(r)
            stored += sum(1 for p in store.objects.rglob("*") if p.is_file() and r.sha256 and p.name == r.sha256)
        return results, seconds, stored

    def same(results):
        pairs = {(r.outcome, r.reason) for r in results}
        return pairs.pop() if len(pairs) == 1 else ("mixed", str(pairs))

    for fault, url, src, expect, watched in [
        ("link to another port of an allowed host (127.0.0.1:5432)", "http://127.0.0.1:5432/", source, "port_not_allowed",
         other),
        ("`http://allowed@other:port/` credentials trick", f"http://127.0.0.1@127.0.0.1:{other.port}/x", source,
         "credentials_in_url", other),
        ("redirect hop to another port", f"{site.base_url}/hop", source, "redirect_port_not_allowed", other),
        ("live source on a loopback address", f"{site.base_url}/doc", live, "private_address", site),
        ("live source named `localhost`", f"http://localhost:{site.port}/doc", hostile_source(
            tmp, f"http://localhost:{site.port}", allow_private=False), "private_address", site),
    ]:
        before = list(watched.requests)
        results, _s, _st = fetch(url, src)
        outcome, reason = same(results)
        sent = [p for p in watched.requests[len(before):] if p != "/robots.txt" or watched is site]
        row("HTTP allow-list", fault, f"Fetcher.fetch x{len(results)}", f"{outcome}: {reason}; "
            f"requests the refused server saw: {len(sent)}", outcome == "refused" and expect in reason and not sent)
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    dead = f"http://127.0.0.1:{closed.getsockname()[1]}"
    closed.close()
    results, _s, _st = fetch(f"{dead}/doc", hostile_source(tmp, dead))
    outcome, reason = same(results)
    row("HTTP", "unreachable site", "nothing listens on the port", f"{outcome}: {reason[:60]}",
        outcome == "failed" and reason.startswith("robots_txt_unreachable"))
    for fault, path, expect in [("truncated gzip body", "/half", "truncated_body"),
                                ("body shorter than its Content-Length", "/short", "truncated_body"),
                                ("gzip bomb (5 MB of zeros, 5 kB on the wire)", "/bomb", "body_over_100000_bytes")]:
        results, _s, stored = fetch(f"{site.base_url}{path}")
        outcome, reason = same(results)
        row("HTTP bodies", fault, f"Fetcher.fetch x{len(results)}", f"{outcome}: {reason}; stored versions: {stored}",
            reason == expect and stored == 0)
    results, seconds, stored = fetch(f"{site.base_url}/slow", n=2)
    outcome, reason = same(results)
    row("HTTP deadline", "1 byte every 0.2 s (600 bytes = 120 s), timeout 3 s, deadline 2 s",
        f"Fetcher.fetch x{len(results)}", f"{outcome}: {reason}; ended after {max(seconds):.1f} s",
        reason == "deadline_exceeded" and max(seconds) < 4.5 and stored == 0)
    site.stop()
    other.stop()


# --- files ------------------------------------------------------------------------------

class _Payload:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "ran"))


def registry_cache(tmp: Path) -> None:
    from core.registry import loader
    from core.registry.cache import CacheStore

    d = tmp / "registry"
    d.mkdir()
    (d / "990100.yaml").write_text('code: "990100"\nname: 测试市\nlevel: city\nsources: []\n', encoding="utf-8")
    os.environ["GOVWORK_HOME"] = str(tmp / "home")
    ran = 0
    for i in range(3):
        loader._LOADED.clear()
        marker = tmp / f"marker-{i}"
        key = loader._cache_key(d, loader.DEFAULT_DIR / "_defaults.yaml")
        path = CacheStore(tmp / "home" / "cache" / "registry").path_for(key)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.write_bytes(pickle.dumps(_Payload(marker)))
        os.chmod(path, 0o600)
        name = loader.load_registry(d).get("990100").name
        ran += marker.exists()
    row("files", "pickle planted at the registry cache path", "3 loads", f"payload ran {ran} times; name read: {name}",
        ran == 0 and name == "测试市")


def special_files(tmp: Path) -> None:
    fifo = tmp / "pipe"
    os.mkfifo(fifo)
    for label, path in (("/dev/zero", Path("/dev/zero")), ("a FIFO nobody writes", fifo), ("a directory", tmp)):
        t = time.monotonic()
        try:
            read_regular_file(path)
            result, ok = "read!", False
        except UnreadableInputError as exc:
            result, ok = f"{exc.reason} in {time.monotonic() - t:.3f} s", exc.reason == "not_a_regular_file"
        row("files", f"`govwork parse` on {label}", "read_regular_file (the CLI exits 3)", result, ok)


def inbox(tmp: Path) -> None:
    from core.registry import load_registry
    from extractors.crawl.inbox import read_inbox

    inbox_dir = tmp / "inbox"
    inbox_dir.mkdir()
    meta = {"url": "https://www.dingxi.gov.cn/a.shtml", "jurisdiction": "621100", "kind": "work_report", "year": 2026}
    bad = os.fsencode(inbox_dir) + b"/\xb9\xa4\xd7\xf7.txt"
    Path(os.fsdecode(bad)).write_bytes(b"x" * 50)
    Path(os.fsdecode(bad + b".json")).write_text(json.dumps(meta))
    (tmp / "secret").write_text("no")
    (inbox_dir / "leak.txt").symlink_to(tmp / "secret")
    (inbox_dir / "leak.txt.json").write_text(json.dumps(meta))
    os.mkfifo(inbox_dir / "pipe.txt")
    (inbox_dir / "pipe.txt.json").write_text(json.dumps(meta))
    (inbox_dir / "good.txt").write_text("定西市2026年政府工作报告", encoding="utf-8")
    (inbox_dir / "good.txt.json").write_text(json.dumps({**meta, "url": "https://www.dingxi.gov.cn/b.shtml"}))
    found_early: list = []
    docs, problems = read_inbox(inbox_dir, RawStore(tmp / "raw"), load_registry(), run_id="m", on_found=found_early.append)
    reasons = sorted(p.reason for p in problems)
    row("inbox", "non-UTF-8 name, symlink out, FIFO beside one good file", "read_inbox",
        f"{len(docs)} document, problems: {', '.join(reasons)}; found reported as found: {len(found_early)}",
        len(docs) == 1 and len(found_early) == 1 and reasons == ["inbox_bad_file_name", "inbox_bad_file_name",
                                                                  "inbox_not_a_regular_file", "inbox_symlink_outside"])


def settings_faults() -> None:
    for name, value in (("GOVWORK_MIN_DELAY", "abc"), ("WAREHOUSE_URL", "garbage"),
                        ("WAREHOUSE_URL", "mysql://u:pw@h/db"), ("GOVWORK_MIRROR_URL", "ftp://x")):
        try:
            Settings.from_env({name: value})
            result, ok = "accepted!", False
        except SettingsError as exc:
            lines = str(exc).splitlines()
            result, ok = f"{len(lines)} line, exit code {exc.exit_code}", len(lines) == 1 and "pw" not in str(exc)
        row("settings", f"`{name}={mask_url(value)}`", "Settings.from_env", result, ok)


# --- processes --------------------------------------------------------------------------

_CHILD = """
import os, subprocess, sys, time
from govwork.orchestration.lifeline import die_with_parent
die_with_parent(int(sys.argv[1]))
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])  # a grandchild, as Airflow starts
print("ready", flush=True)
time.sleep(60)
"""
_PARENT = """
import os, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", sys.argv[1], str(os.getpid())], process_group=0,
                         stdout=subprocess.PIPE, text=True)
child.stdout.readline()
print(child.pid, flush=True)
time.sleep(60)
"""


def _group_alive(pgid: int) -> bool:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                return True
    return False


def lifeline() -> None:
    times = []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(5):
        parent = subprocess.Popen([sys.executable, "-c", _PARENT, _CHILD], stdout=subprocess.PIPE, text=True, env=env)
        child = int(parent.stdout.readline())
        t = time.monotonic()
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        while _group_alive(child) and time.monotonic() - t < 10:
            time.sleep(0.02)
        times.append(time.monotonic() - t if not _group_alive(child) else float("inf"))
    row("processes", "kill -9 of the parent of a runner (with a grandchild)", "5 kills, /proc watched",
        f"runner group gone after {max(times):.2f} s at most (median {sorted(times)[2]:.2f} s); orphans: "
        f"{sum(t == float('inf') for t in times)}", all(t < 2 for t in times))


# --- mirror -----------------------------------------------------------------------------

def mirror() -> None:
    import http.client

    from govwork.mirror import serve

    with serve(port=0) as server:
        conn = http.client.HTTPConnection(server.base_url.removeprefix("http://"), timeout=10)
        conn.request("GET", "/big?bytes=100000000", headers={"Host": "faults.test"})
        resp = conn.getresponse()
        body = resp.read()
    row("mirror", "production mirror asked for the test fault host", "GET faults.test/big?bytes=1e8",
        f"HTTP {resp.status}, {len(body)} bytes", resp.status == 404 and len(body) < 1000)


# --- report -----------------------------------------------------------------------------

def render(seconds: float) -> str:
    held = sum(r["held"] for r in ROWS)
    lines = [
        "# Reliability: the fault matrix",
        "",
        "What govwork is made to survive, how each fault is tried, and what happened the last time",
        f"`scripts/fault_matrix.py` ran ({datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.python_version()},",
        f"{os.cpu_count()} CPUs, {seconds:.0f} s). Regenerate with `.venv/bin/python scripts/fault_matrix.py`;",
        "it uses loopback servers, temporary directories and the local PostgreSQL only, with bounded",
        "loops. Each row is also a test under `tests/` (named below), which is what CI holds to.",
        "",
        f"**{held} of {len(ROWS)} faults held.**",
        "",
        "| area | fault | how it is tried | result | held |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in ROWS:
        lines.append(f"| {r['area']} | {r['fault']} | {r['how']} | {r['result']} | {'yes' if r['held'] else '**no**'} |")
    lines += ["", GUARDS.read_text(encoding="utf-8").strip(), ""]
    return "\n".join(lines)


# The table of guards and tests under the figures: prose kept beside the script.
GUARDS = Path(__file__).with_name("fault_matrix_guards.md")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stdout", action="store_true", help="print instead of writing docs/RELIABILITY.md")
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="govwork-matrix-") as tmp:
        root = Path(tmp)
        for step in (http_faults, registry_cache, special_files, inbox):
            (root / step.__name__).mkdir()
            step(root / step.__name__)
        settings_faults()
        lifeline()
        mirror()
        (root / "bi").mkdir()
        bi_role(root / "bi", row)
        (root / "loads").mkdir()
        concurrent_loads(root / "loads", row)
    text = render(time.monotonic() - started)
    if args.stdout:
        print(text)
    else:
        (ROOT / "docs" / "RELIABILITY.md").write_text(text, encoding="utf-8")
        print(f"wrote docs/RELIABILITY.md: {sum(r['held'] for r in ROWS)} of {len(ROWS)} held", file=sys.stderr)
    return 0 if all(r["held"] for r in ROWS) else 1


if __name__ == "__main__":
    sys.exit(main())
