"""Build the seed corpus warehouse end to end and compare CSV exports.

    compare-exports build OUT_DIR        crawl the bundled mirror → reparse (parse, validate,
                                         load, views) → `govwork export --format csv`, all in a
                                         fresh GOVWORK_HOME, with this checkout's code
    compare-exports diff A_DIR B_DIR     compare two export directories, load/fetch
                                         timestamps aside; exit 0 when identical, 1 when not

Used to prove a refactoring changes no answer: build at the old commit and at the new one
(each from its own checkout; `git worktree add` gives one), then diff. Everything runs on
loopback against the bundled snapshot mirror; only the standard library is used here, so the
script runs unchanged at an older commit.
"""

from __future__ import annotations

import csv
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Columns that record when something happened, not what: they differ between two runs.
TIMESTAMP = re.compile(r".*_at$")


def _govwork(args: list[str], env: dict[str, str], **kw) -> subprocess.CompletedProcess:
    # This checkout first on the path, so a .venv shared between checkouts runs this code.
    code = "import sys; from govwork.cli import main; sys.argv[0] = 'govwork'; sys.exit(main())"
    return subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=ROOT, **kw)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(out: Path) -> int:
    out = out.resolve()
    home = Path(tempfile.mkdtemp(prefix="govwork-compare-"))
    env = {**os.environ, "GOVWORK_HOME": str(home), "GOVWORK_MIN_DELAY": "0",
           "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "plugins")])}
    for key in ("WAREHOUSE_URL", "GOVWORK_MIRROR_URL", "GOVWORK_RAW_DIR", "GOVWORK_PARSED_DIR",
                "GOVWORK_INBOX_DIR", "GOVWORK_REPORTS_DIR", "GOVWORK_CACHE_DIR"):
        env.pop(key, None)
    port = _free_port()
    mirror = subprocess.Popen([sys.executable, "-c", "import sys; from govwork.cli import main; sys.exit(main())",
                               "mirror", "--port", str(port)], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            print("the mirror did not start", file=sys.stderr)
            return 4
        url = f"http://127.0.0.1:{port}"
        steps = [["crawl", "--mirror", url], ["reparse"], ["export", "--format", "csv", "--out", str(out)]]
        for step in steps:
            done = _govwork(step, env, capture_output=True, text=True)
            print(f"govwork {' '.join(step)}: exit {done.returncode}", file=sys.stderr)
            if done.returncode not in (0, 1):  # 1: some documents quarantined or partly read
                sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
                return done.returncode
        # Paths under the throw-away home are not part of an answer.
        for path in out.glob("*.csv"):
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace(str(home), "$GOVWORK_HOME"), encoding="utf-8")
    finally:
        mirror.terminate()
        mirror.wait(timeout=10)
    print(f"{len(list(out.glob('*.csv')))} CSV files in {out} (home {home})", file=sys.stderr)
    return 0


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        keep = [i for i, name in enumerate(header) if not TIMESTAMP.fullmatch(name)]
        return [header[i] for i in keep], [[row[i] for i in keep] for row in reader]


def diff(a: Path, b: Path) -> int:
    names_a = {p.name for p in a.glob("*.csv")}
    names_b = {p.name for p in b.glob("*.csv")}
    problems = [f"only in {a}: {n}" for n in sorted(names_a - names_b)]
    problems += [f"only in {b}: {n}" for n in sorted(names_b - names_a)]
    rows = 0
    for name in sorted(names_a & names_b):
        head_a, rows_a = _rows(a / name)
        head_b, rows_b = _rows(b / name)
        rows += len(rows_a)
        if head_a != head_b:
            problems.append(f"{name}: columns differ: {head_a} vs {head_b}")
            continue
        if len(rows_a) != len(rows_b):
            problems.append(f"{name}: {len(rows_a)} rows vs {len(rows_b)}")
        for n, (ra, rb) in enumerate(zip(rows_a, rows_b), start=2):
            if ra != rb:
                cols = [h for h, x, y in zip(head_a, ra, rb) if x != y]
                problems.append(f"{name} line {n}: differs in {cols}")
                break
    for p in problems:
        print(p)
    if not names_a:
        print(f"no CSV files in {a}")
        return 1
    print(f"{len(names_a & names_b)} files, {rows} rows compared: {'identical' if not problems else 'DIFFERENT'}")
    return 1 if problems or not names_a else 0


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "build":
        return build(Path(argv[1]))
    if len(argv) == 3 and argv[0] == "diff":
        return diff(Path(argv[1]), Path(argv[2]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
