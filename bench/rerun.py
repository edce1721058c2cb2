"""The cost of a re-run over an unchanged mirror, as a fraction of the first run.

In a fresh process: serve the bundled snapshot mirror (``govwork.mirror.serve`` on a free
loopback port), then run crawl → parse → validate → load → refresh views with the stage
functions twice against one GOVWORK_HOME: first on an empty raw store and warehouse, then
again with nothing changed. Stage modules are imported before the first run, so both runs
pay the same (nothing) for imports. The crawl keeps the registry's politeness delays
(what ``govwork run`` does) unless ``min_delay`` is given.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter

from bench.throughput import _warm_imports
from bench.timing import Stopwatch

STAGES = ("crawl", "parse", "validate", "load", "views")


def pipeline(settings) -> dict:
    from govwork import stages

    sw = Stopwatch()
    with sw.lap("crawl"):
        report = stages.crawl_report(settings)
    found = report["documents"]
    with sw.lap("parse"):
        results = list(stages.parse_each(settings, found))
    with sw.lap("validate"):
        outcomes = stages.validate(settings, results)
    with sw.lap("load"):
        summary = stages.load(settings, results, outcomes)
    with sw.lap("views"):
        stages.refresh_views(settings)
    return {
        **{f"{k}_s": round(sw.seconds[k], 3) for k in STAGES},
        "total_s": round(sw.total, 3),
        "found": dict(Counter(d["outcome"] for d in found)),
        "parsed": dict(Counter(r["status"] for r in results)),
        "load_actions": {k: v for k, v in summary.get("counts", {}).items() if not k.startswith("parse_")},
    }


def measure(min_delay: float | None = None) -> dict:
    from core.config import Settings
    from govwork.mirror import serve
    from warehouse.db import engine_for, migrate

    _warm_imports()
    with tempfile.TemporaryDirectory(prefix="govwork-bench-rerun-") as tmp:
        settings = Settings.from_env({"GOVWORK_HOME": tmp}).ensure_dirs()
        migrate(engine_for(settings.warehouse_url))  # an empty warehouse, as `govwork warehouse init` leaves it
        server = serve(port=0)
        try:
            settings = settings.with_(mirror_url=server.base_url, min_delay=min_delay)
            first = pipeline(settings)
            second = pipeline(settings)
        finally:
            server.stop()
        engine_for(settings.warehouse_url).dispose()
    fraction = second["total_s"] / first["total_s"] if first["total_s"] else None
    by_stage = {k: second[f"{k}_s"] for k in STAGES}
    return {
        "min_delay": min_delay,
        "first": first,
        "rerun": second,
        "rerun_fraction": round(fraction, 4) if fraction is not None else None,
        "rerun_dominant_stage": max(by_stage, key=by_stage.get),
    }


def main(argv: list[str]) -> int:
    min_delay = float(argv[0]) if argv and argv[0] != "" else None
    sys.stdout.write("BENCH-RESULT " + json.dumps(measure(min_delay)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
