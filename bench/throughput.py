"""Parse + validate + load throughput on a generated corpus.

One measurement runs in a fresh Python process (``python -m bench.throughput N``) so
runs do not share caches or engines: it generates N documents, puts their bytes in a raw
store under a temporary GOVWORK_HOME and describes them as crawled documents (not timed:
that is the crawler's work), migrates an empty warehouse (not timed: once per database),
imports the stage modules (timed apart: once per process), then times the stage functions
the CLI and the DAGs call: ``stages.parse_each`` over the documents, ``stages.validate`` over the
batch (one Great Expectations context, as the DAG's validate task does), ``stages.load``.
Afterwards, outside the totals, the two halves of the validate stage are timed again
apart: reading the parsed documents back from JSON, and Great Expectations with Data Docs.

Baselines, measured in the same process on the same bytes (``baselines``): the raw read
(bytes from the raw store, decoded, one regex scan for figures: what any reader of these
documents pays) and the parse library alone (BeautifulSoup with lxml building each HTML
page's tree and its text), beside the parse stage's own time on those HTML pages.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

_FIGURE = __import__("re").compile(r"\d+(?:\.\d+)?(?:%|亿元|万人|个百分点)")
from bench.timing import Stopwatch, scratch_warehouse


def _warm_imports() -> float:
    """Import what the stages import lazily, so the first document does not pay for it."""
    start = time.perf_counter()
    import great_expectations  # noqa: F401
    import pandas  # noqa: F401

    import expectations.validate  # noqa: F401
    import extractors.parse  # noqa: F401
    import govwork.parsing  # noqa: F401  (the stages load it on the first document to parse)
    import warehouse.load  # noqa: F401
    from extractors.parse import parsers_for

    for kind in ("work_report", "breakdown", "interpretation"):
        parsers_for(kind)
    return time.perf_counter() - start


def _named_jurisdictions(engine, codes: set[str]) -> int:
    """How many of ``codes`` the warehouse's jurisdiction dimension holds with a real name."""
    from sqlalchemy import text

    with engine.connect() as conn:
        rows = conn.execute(text("SELECT code, name FROM jurisdictions")).all()
    return sum(1 for code, name in rows if code in codes and name and name != code)


def measure(count: int, warehouse_url: str | None = None, registry_size: int | None = None) -> dict:
    """``registry_size``: register that many jurisdictions (the full registry, as a
    deployment will have) instead of only the corpus's own."""
    # Imported here, not at the top: the parse stage's fork server imports this module (the
    # main module) before its helpers start, and the registry's (pydantic's) imports would
    # delay them by ~0.2 s, which ``govwork reparse`` (main: ``govwork.cli``) does not pay.
    from bench.corpus import found_documents, generate
    from bench.jurisdictions import write_registry
    from extractors.rawstore import RawStore
    from extractors.parsedstore import ParsedStore
    from govwork import stages
    from core.config import Settings
    from warehouse.db import engine_for, migrate

    imports_s = _warm_imports()
    docs = generate(count)
    with tempfile.TemporaryDirectory(prefix="govwork-bench-") as tmp:
        # The corpus's synthetic jurisdictions get registry entries, so the warehouse's
        # jurisdiction dimension names them (load reads the registry GOVWORK_REGISTRY_DIR names).
        codes = {d.jurisdiction_code for d in docs}
        registry_size = write_registry(Path(tmp) / "registry", registry_size or 3200,
                                       only=None if registry_size else codes)
        os.environ["GOVWORK_REGISTRY_DIR"] = str(Path(tmp) / "registry")
        # GOVWORK_PARSE_WORKERS passes through (1: the parse stage on one core, for comparison)
        chosen = {k: os.environ[k] for k in ("GOVWORK_PARSE_WORKERS",) if os.environ.get(k)}
        settings = Settings.from_env({"GOVWORK_HOME": str(Path(tmp) / "home"), **chosen}).ensure_dirs()
        with scratch_warehouse(warehouse_url, Path(tmp) / "warehouse.sqlite") as url:
            settings = settings.with_(warehouse_url=url)
            found = found_documents(docs, RawStore(settings.raw_dir))
            migrate(engine_for(url))
            sw = Stopwatch()
            with sw.lap("parse"):
                results = list(stages.parse_each(settings, found))
            with sw.lap("validate"):
                outcomes = stages.validate(settings, results)
            with sw.lap("load"):
                summary = stages.load(settings, results, outcomes)
            # Diagnostics, outside the totals: what the validate stage's time is made of. It
            # reads every parsed document back from JSON, then runs Great Expectations.
            from expectations.validate import validate_documents

            diag = Stopwatch()
            with diag.lap("read_parsed"):
                back = [ParsedStore.get(r["parsed_path"]) for r in results if r["status"] == "parsed"]
            with diag.lap("gx"):
                validate_documents(back, data_docs_dir=settings.reports_dir / "data_docs_again")
            names = _named_jurisdictions(engine_for(url), {d.jurisdiction_code for d in docs})
            baselines = measure_baselines(docs, RawStore(settings.raw_dir), found)
            baselines["parse_stage_html_s"] = round(_parse_stage_on_html(settings, docs, found, Path(tmp)), 4)
            engine_for(url).dispose()
    parse_status = Counter(r["status"] for r in results)
    total = sw.total
    return {
        "documents": count,
        "warehouse": "postgresql" if url.startswith("postgresql") else "sqlite",
        "imports_s": round(imports_s, 3),
        "parse_s": round(sw.seconds["parse"], 3),
        "validate_s": round(sw.seconds["validate"], 3),
        "load_s": round(sw.seconds["load"], 3),
        "total_s": round(total, 3),
        "docs_per_s": round(count / total, 2),
        "ms_per_doc": round(1000 * total / count, 2),
        "validation_share": round(sw.seconds["validate"] / total, 4),
        "validate_breakdown": {"read_parsed_s": round(diag.seconds["read_parsed"], 3),
                               "gx_and_data_docs_s": round(diag.seconds["gx"], 3)},
        "parse_status": dict(parse_status),
        "validation_status": dict(Counter(o["status"] for o in outcomes)),
        "load_actions": {k: v for k, v in summary.get("counts", {}).items() if not k.startswith("parse_")},
        "distinct_versions": len({(r.get("doc_key"), r.get("text_sha256")) for r in results if r["status"] == "parsed"}),
        "seeds": dict(Counter(d.seed for d in docs)),
        "registry_jurisdictions": registry_size,
        "parse_workers": settings.parse_workers,
        "baselines": baselines,
        "jurisdictions_named_in_warehouse": names,
    }


def _parse_stage_on_html(settings, docs, found: list[dict], tmp: Path) -> float:
    """The parse stage's own seconds on the corpus's HTML pages, parsed again in this process
    alone (one worker, empty cache and parsed store): what bs4 + lxml is compared with. Timed
    apart because a batch shared with helper processes parses some pages elsewhere."""
    from govwork import stages

    html = [f for d, f in zip(docs, found) if d.content_type.startswith("text/html")]
    alone = settings.with_(parse_workers=1, cache_dir=tmp / "html-cache", parsed_dir=tmp / "html-parsed")
    start = time.perf_counter()
    for _ in stages.parse_each(alone, html):
        pass
    return time.perf_counter() - start


def measure_baselines(docs, store, found: list[dict]) -> dict:
    """The raw read of every document and bs4 + lxml on the HTML ones, in this process."""
    from bs4 import BeautifulSoup

    html = [(d, f) for d, f in zip(docs, found) if d.content_type.startswith("text/html")]
    start = time.perf_counter()
    figures = 0
    for d, f in zip(docs, found):
        text = store.get(f["sha256"]).decode(f.get("encoding") or "utf-8", errors="replace")
        figures += len(_FIGURE.findall(text))
    raw_read_s = time.perf_counter() - start
    start = time.perf_counter()
    for d, f in html:
        BeautifulSoup(store.get(f["sha256"]), "lxml").get_text("\n")
    bs4_s = time.perf_counter() - start
    return {"documents": len(docs), "html_documents": len(html), "raw_read_s": round(raw_read_s, 4),
            "figures_found": figures, "bs4_lxml_html_s": round(bs4_s, 4)}


def main(argv: list[str]) -> int:
    count = int(argv[0])
    url = argv[1] if len(argv) > 1 and argv[1] else None
    registry_size = int(argv[2]) if len(argv) > 2 and argv[2] else None
    result = measure(count, url, registry_size)
    sys.stdout.write("BENCH-RESULT " + json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
