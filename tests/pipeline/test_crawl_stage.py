"""The crawl stage loads the crawler alone: a crawl task never pays for the validation,
warehouse and load layers the other stages import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from govwork import crawl_stage, stages

ROOT = Path(__file__).resolve().parents[2]


def test_the_stages_module_still_offers_the_crawl():
    assert (stages.crawl, stages.crawl_report, stages.found_in_store) == (
        crawl_stage.crawl, crawl_stage.crawl_report, crawl_stage.found_in_store)


def test_the_crawl_stage_imports_no_other_layer():
    code = ("import sys, json; import govwork.crawl_stage; "
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('expectations', 'warehouse', 'great_expectations', 'pandas', 'pdfplumber') "
            "or m in ('govwork.stages', 'govwork.parsing', 'extractors.parsedstore'))))")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "plugins")])}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=True)
    assert json.loads(done.stdout) == []
