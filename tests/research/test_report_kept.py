"""A report over an unchanged warehouse is kept without importing pandas or the chart
libraries (a fresh process, as an Airflow task on a forced re-run); a changed row draws it
again."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

from sqlalchemy import text

from core.config import Settings
from govwork.research import write_report
from warehouse.db import engine_for

PROGRAM = """
import sys
from core.config import Settings
from govwork.research import write_report
from warehouse.db import engine_for

settings = Settings.from_env()
write_report(engine_for(settings.warehouse_url), sys.argv[1], settings)
print(" ".join(m for m in ("pandas", "altair", "vl_convert", "jinja2") if m in sys.modules) or "none")
"""


def _write_in_a_fresh_process(env: dict, out) -> str:
    done = subprocess.run([sys.executable, "-c", PROGRAM, str(out)], capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_unchanged_report_is_kept_without_pandas_and_a_changed_row_redraws(seed_db, tmp_path):
    _, seed_settings = seed_db
    copy = tmp_path / "warehouse.sqlite"  # the seed warehouse is shared: change a copy
    with sqlite3.connect(seed_settings.warehouse_url.removeprefix("sqlite:///")) as source, \
            sqlite3.connect(copy) as target:
        source.backup(target)
    env = {**os.environ, "GOVWORK_HOME": str(tmp_path / "home"), "WAREHOUSE_URL": f"sqlite:///{copy}",
           "PYTHONPATH": os.pathsep.join(sys.path)}
    settings = Settings.from_env(env)
    engine = engine_for(settings.warehouse_url)
    out = tmp_path / "report.html"
    write_report(engine, out, settings)
    out.write_text(out.read_text(encoding="utf-8") + "<!-- kept -->", encoding="utf-8")

    assert _write_in_a_fresh_process(env, out) == "none"
    assert out.read_text(encoding="utf-8").endswith("<!-- kept -->")

    with engine.begin() as conn:  # one figure the report shows: a target's bound, as the views read it
        changed = conn.execute(text("UPDATE summary_measured_targets SET low = low + 0.25 WHERE target_id = "
                                    "(SELECT MIN(target_id) FROM summary_measured_targets WHERE low IS NOT NULL)")
                               ).rowcount
    assert changed == 1
    assert "pandas" in _write_in_a_fresh_process(env, out).split()
    assert not out.read_text(encoding="utf-8").endswith("<!-- kept -->")
