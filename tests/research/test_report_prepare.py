"""report.prepare(): what the Airflow runner's warm-up loads before a fresh home's report."""

from __future__ import annotations

import subprocess
import sys

PROGRAM = """
import sys
from govwork.research import report
assert "altair" not in sys.modules, "a report kept as it is must not import Altair"
report.prepare()
assert "altair" in sys.modules and "govwork.research.charts" in sys.modules
assert report._environment() is report._environment()
assert any(key[1] == "report.html.j2" for key in report._environment().cache.keys())
print("prepared")
"""


def test_prepare_loads_altair_and_the_compiled_template():
    done = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "prepared"
