"""BI at national scale: every view and named query on a generated PostgreSQL warehouse
(``bench.national``), the current SQL beside the SQL before the rewrite (the baseline, kept
in ``bench/baseline_sql/``, created in a schema ``baseline`` of the same database).

Per view: ``SELECT * FROM view`` unfiltered and filtered to one county and year. Per named
query: unfiltered and filtered the same way, parameters bound as the project binds them.
Each is timed server-side with ``EXPLAIN (ANALYZE, BUFFERS, TIMING OFF)`` (every row
produced, none sent: the figure is the database's, not the network's; no per-node clock
reads), median of ``runs``, in a session with the BI role's planner settings
(``warehouse.roles.BI_QUERY_SETTINGS``: no JIT, its work_mem); the last run's plan is
searched for sequential scans of big tables and for sorts or hashes that spill to disk. A statement past ``timeout_s`` is cancelled and
reported as such; a baseline that takes longer than ``slow_s`` is not run again.

``python -m bench.warehouse_bi --scale 0.01`` runs it alone and prints the rows.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

from sqlalchemy import create_engine, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Engine, make_url

from bench import national
from bench.timing import scratch_warehouse
from warehouse import summaries
from warehouse.db import refresh_views as refresh
from warehouse.named_queries import _strip_comments, list_queries
from warehouse.roles import BI_QUERY_SETTINGS
from warehouse.views import VIEWS_DIR, view_names

BASELINE_DIR = Path(__file__).resolve().parent / "baseline_sql"
DEFAULT_SERVER = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
GOAL_S = 1.0  # every view and named query under 1 s at national scale (issue 15)
BIG_ROWS = 100_000  # a sequential scan of a table this big is reported


def _sql_text(name: str, kind: str, baseline: bool) -> str:
    folder = (BASELINE_DIR / kind) if baseline else (VIEWS_DIR if kind == "views" else VIEWS_DIR.parent / "queries")
    return (folder / f"{name}.sql").read_text(encoding="utf-8")


def create_baseline_views(engine: Engine) -> None:
    """The views as they were, in schema ``baseline`` (reading the same public tables)."""
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS baseline CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA baseline")
        conn.exec_driver_sql("SET LOCAL search_path = baseline, public")
        for path in sorted((BASELINE_DIR / "views").glob("*.sql")):
            conn.exec_driver_sql(path.read_text(encoding="utf-8"))


def _bind(sql: str, params: dict) -> str:
    """The statement with literal values, as psycopg2 sends it (client-side binding)."""
    stmt = text(_strip_comments(sql))
    names = set(stmt.compile().params)
    return str(stmt.bindparams(**{k: v for k, v in params.items() if k in names})
               .compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))


def statements(place: str, year: int, with_baseline: bool = True) -> list[dict]:
    """Every view and named query, unfiltered and filtered to one place and year
    (``with_baseline`` False: the current SQL only)."""
    out = []
    for view in view_names():
        # views and queries added after the rewrite have no baseline: measured alone
        baselines = (False, True) if with_baseline and (BASELINE_DIR / "views" / f"{view}.sql").exists() else (False,)
        for label, where in (("all", ""), ("one county-year", f" WHERE jurisdiction_code = '{place}' AND year = {year}")):
            for baseline in baselines:
                out.append({"item": view, "kind": "view", "filter": label, "baseline": baseline,
                            "sql": f"SELECT * FROM {view}{where}"})
    for q in list_queries():
        stem = q.path.stem
        baselines = (False, True) if with_baseline and (BASELINE_DIR / "queries" / f"{stem}.sql").exists() else (False,)
        for label, params in (("all", {}), ("one county-year", {"jurisdiction": place, "year": year})):
            full = {"jurisdiction": None, "year": None, "indicator": None, **params}
            for baseline in baselines:
                out.append({"item": q.name, "kind": "query", "filter": label, "baseline": baseline,
                            "sql": _bind(_sql_text(stem, "queries", baseline), full)})
    return out


def _plan_findings(plan: dict, big: dict[str, int]) -> list[str]:
    found: list[str] = []

    def walk(node: dict) -> None:
        rel = node.get("Relation Name")
        if node.get("Node Type") == "Seq Scan" and rel and big.get(rel, 0) >= BIG_ROWS:
            found.append(f"seq scan {rel} ({big[rel]:,} rows)")
        if node.get("Sort Space Type") == "Disk":
            found.append(f"sort spills {node.get('Sort Space Used', 0) // 1024} MB to disk")
        if (node.get("Hash Batches") or 1) > 1:
            found.append(f"hash in {node['Hash Batches']} batches (spills)")
        for child in node.get("Plans", []):
            walk(child)

    walk(plan["Plan"])
    return sorted(set(found))


def _explain(conn, sql: str, options: str, timeout_s: float) -> dict | None:
    conn.exec_driver_sql(f"SET statement_timeout = {int(timeout_s * 1000)}")
    try:
        row = conn.exec_driver_sql(f"EXPLAIN ({options}, FORMAT JSON) {sql}").scalar_one()
    except Exception as exc:  # cancelled by statement_timeout
        if "statement timeout" not in str(exc):
            raise
        conn.rollback()
        return None
    conn.rollback()
    return (json.loads(row) if isinstance(row, str) else row)[0]


def measure(engine: Engine, item: dict, runs: int, timeout_s: float, slow_s: float, big: dict[str, int]) -> dict:
    path = "baseline, public" if item["baseline"] else "public"
    times: list[float] = []
    jit: list[float] = []
    with engine.connect() as conn:
        for _ in range(runs):
            conn.exec_driver_sql(f"SET search_path = {path}")
            for setting, value in BI_QUERY_SETTINGS:  # as the BI role runs (warehouse.roles)
                conn.exec_driver_sql(f"SET {setting} = {value}")
            plan = _explain(conn, item["sql"], "ANALYZE, BUFFERS, TIMING OFF", timeout_s)
            if plan is None:
                return {**_public(item), "median_s": None, "timed_out_after_s": timeout_s, "runs": len(times)}
            times.append(plan["Execution Time"] / 1000)
            # the server's JIT compiles expensive-looking plans first; part of Execution Time
            jit.append(plan.get("JIT", {}).get("Timing", {}).get("Total", 0.0) / 1000)
            if times[-1] > slow_s:
                break
    jit_s = statistics.median(jit)
    result = {**_public(item), "median_s": round(statistics.median(times), 4), "runs": len(times),
              "jit_s": round(jit_s, 4), "rows": plan["Plan"].get("Actual Rows") if plan else None,
              "findings": (_plan_findings(plan, big) if plan else ["plan run timed out"])
              + ([f"JIT compile {jit_s * 1000:.0f} ms"] if jit_s >= 0.05 else [])}
    if plan:
        buffers = plan["Plan"]
        result["shared_buffers"] = (buffers.get("Shared Hit Blocks", 0) or 0) + (buffers.get("Shared Read Blocks", 0) or 0)
    return result


def _public(item: dict) -> dict:
    return {k: item[k] for k in ("item", "kind", "filter", "baseline")}


def run(server_url: str, scale: float, runs: int, timeout_s: float = 60.0, slow_s: float = 5.0,
        say: Callable[[str], None] = lambda m: None, keep: bool = False, database_url: str | None = None,
        baseline: bool = True) -> dict:
    """Generate the warehouse at ``scale`` in a new database on ``server_url``, time every
    statement, drop the database (unless ``keep``). ``database_url``: measure the warehouse
    generated there at ``scale`` before instead (migrated, views recreated; kept)."""
    if database_url:
        engine = create_engine(database_url)
        try:
            say(f"BI warehouse: scale {scale} as generated before in {engine.url.database}")
            return _measure(engine, national.existing(engine, scale), runs, timeout_s, slow_s, say, baseline)
        finally:
            engine.dispose()
    with scratch_warehouse(server_url, None) as url:
        engine = create_engine(url)
        try:
            say(f"BI warehouse: generating scale {scale} (COPY)")
            generated = national.generate(engine, scale, say)
            say(f"  done in {generated.seconds['copy_s']} s; summaries rebuilt in "
                f"{generated.seconds['summary_rebuild_s']} s; {generated.rows['database_bytes'] / 1e9:.2f} GB")
            return _measure(engine, generated, runs, timeout_s, slow_s, say, baseline)
        finally:
            engine.dispose()
            if keep:
                say(f"  kept {url}")


def _measure(engine: Engine, generated: national.Generated, runs: int, timeout_s: float, slow_s: float,
             say: Callable[[str], None], baseline: bool = True) -> dict:
    if baseline:
        create_baseline_views(engine)
    with engine.connect() as conn:
        big = dict(conn.execute(text(
            "SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r' "
            "AND relnamespace = 'public'::regnamespace")).all())
    place, year = generated.sample_county.code, generated.last_year
    results = []
    for item in statements(place, year, baseline):
        results.append(measure(engine, item, runs, timeout_s, slow_s, big))
        r = results[-1]
        figure = "timed out" if r["median_s"] is None else f"{r['median_s'] * 1000:.1f} ms"
        say(f"  {'baseline' if r['baseline'] else 'current '} {r['kind']} {r['item']} ({r['filter']}): "
            f"{figure} {'; '.join(r.get('findings') or [])}")
    lap = time.perf_counter()
    refreshed = _time_refresh(engine)
    return {"scale": generated.scale, "runs": runs, "timeout_s": timeout_s,
            "sample": {"jurisdiction": place, "year": year},
            "rows": generated.rows, "seconds": {**generated.seconds, **refreshed},
            "goal_s": GOAL_S, "results": results, "measure_s": round(time.perf_counter() - lap, 1)}


def _time_refresh(engine: Engine) -> dict:
    """What a load of one changed document adds (its summary rows), and the views' refresh."""
    with engine.connect() as conn:
        doc_id = conn.execute(text("SELECT MAX(id) FROM documents WHERE kind = 'breakdown'")).scalar_one()
    lap = time.perf_counter()
    with engine.begin() as conn:
        summaries.refresh(conn, [doc_id])
    one_doc = time.perf_counter() - lap
    lap = time.perf_counter()
    refresh(engine)
    return {"summary_refresh_one_document_s": round(one_doc, 4), "refresh_views_again_s": round(time.perf_counter() - lap, 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.warehouse_bi", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--server", default=DEFAULT_SERVER)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--output", type=Path)
    parser.add_argument("--database", metavar="URL",
                        help="measure the warehouse generated at --scale in this database before "
                             "(kept; e.g. after changing the SQL) instead of generating a new one")
    parser.add_argument("--no-baseline", action="store_true",
                        help="time the current SQL only (the baseline's slow reads take minutes at scale 1.0)")
    args = parser.parse_args(argv)
    make_url(args.server)
    report = run(args.server, args.scale, args.runs, args.timeout,
                 say=lambda m: print(m, file=sys.stderr, flush=True), database_url=args.database,
                 baseline=not args.no_baseline)
    if args.output:
        args.output.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    from bench.report_bi import rows

    for r in rows(report):
        print(" | ".join(str(r[k]) for k in ("figure", "value", "goal", "status", "note")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
