"""A national-scale warehouse for the BI benchmark, generated straight into PostgreSQL.

The schema is the project's own (``warehouse.db.migrate``: every migration); the rows are
synthetic but shaped like the corpus: at ``scale`` 1.0, 3,200 jurisdictions (provinces,
prefectures, counties with GB/T 2260-shaped codes and parents) × 10 years, each year a work
report and a breakdown notice (64,000 documents), 200 tasks per breakdown (6.4M) with four
units each (25.6M task–unit rows), 20 targets per document (1.28M), actuals, declared counts,
validation results, provenances, fetches (some missing or blocked) and the expected-document
grid. Rows go in with ``COPY … FROM STDIN`` in chunks, never as row inserts; then the load's
own summary rebuild (``warehouse.summaries.rebuild``), a ``CLUSTER`` of the two summary tables
the rebuild writes twice (rows, then parent targets and names), and ``ANALYZE``.

Deterministic: the same scale gives the same rows.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from sqlalchemy import Engine, text

from warehouse import summaries
from warehouse.db import migrate
from warehouse.db import refresh_views as refresh

YEARS = 10
FIRST_YEAR = 2016
TASKS_PER_BREAKDOWN = 200
TARGETS_PER_DOCUMENT = 20
UNITS_PER_JURISDICTION = 40
PARTS = ("一、稳增长", "二、促改革", "三、调结构", "四、惠民生", "五、防风险", "六、强生态", "七、优服务", "八、抓落实")
INDICATORS = ("gdp_growth", "fiscal_revenue_growth", "fixed_asset_investment_growth", "retail_sales_growth",
              "urban_unemployment_rate", "new_urban_jobs", "cpi", "urban_income_growth", "rural_income_growth",
              "energy_intensity_reduction", "grain_output", "industrial_value_added_growth",
              "foreign_trade_growth", "rd_spending_share", "pm25_reduction")
ROLES = ("lead", "cooperating", "cooperating", "cooperating")
CHUNK_ROWS = 200_000
NOW = "2026-11-30T00:00:00+00:00"


@dataclass
class Place:
    code: str
    name: str
    short_name: str
    level: str
    parent_code: str | None


@dataclass
class Generated:
    scale: float
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    places: list[Place] = field(default_factory=list)

    @property
    def sample_county(self) -> Place:
        counties = [p for p in self.places if p.level == "county"] or self.places
        return counties[len(counties) // 2]

    @property
    def last_year(self) -> int:
        return FIRST_YEAR + YEARS - 1


def places(scale: float) -> list[Place]:
    """``round(3200 * scale)`` jurisdictions: ~1 % provinces, ~10 % prefectures, the rest counties."""
    total = max(3, round(3200 * scale))
    n_prov = max(1, round(total * 31 / 3200))
    n_city = max(1, round(total * 333 / 3200))
    n_county = max(1, total - n_prov - n_city)
    out: list[Place] = []
    provinces = [Place(f"{11 + i:02d}0000", f"省{i + 1}省", f"省{i + 1}", "province", None) for i in range(n_prov)]
    out += provinces
    cities = []
    for i in range(n_city):
        prov = provinces[i % n_prov]
        code = f"{prov.code[:2]}{1 + i // n_prov:02d}00"
        cities.append(Place(code, f"市{i + 1}市", f"市{i + 1}", "city", prov.code))
    out += cities
    for i in range(n_county):
        city = cities[i % n_city]
        code = f"{city.code[:4]}{1 + i // n_city:02d}"
        out.append(Place(code, f"县{i + 1}县", f"县{i + 1}", "county", city.code))
    return out


def _copy_text(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    s = str(value)
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_rows(raw_conn, table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> int:
    """COPY ``rows`` into ``table`` in chunks of ``CHUNK_ROWS``; returns the row count."""
    cur = raw_conn.cursor()
    count = 0
    buf = io.StringIO()
    pending = 0
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"

    def send() -> None:
        if hasattr(cur, "copy_expert"):  # psycopg2
            buf.seek(0)
            cur.copy_expert(sql, buf)
        else:  # psycopg 3
            with cur.copy(sql) as copy:
                copy.write(buf.getvalue())

    for row in rows:
        buf.write("\t".join(_copy_text(v) for v in row))
        buf.write("\n")
        pending += 1
        if pending >= CHUNK_ROWS:
            send()
            count += pending
            buf, pending = io.StringIO(), 0
    if pending:
        send()
        count += pending
    cur.close()
    return count


def _documents(juris: list[Place]) -> Iterator[tuple[int, Place, str, int]]:
    """(document id, place, kind, year); ids from 1 in a fixed order."""
    doc_id = 0
    for p in juris:
        for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
            for kind in ("work_report", "breakdown"):
                doc_id += 1
                yield doc_id, p, kind, year


def _targets(docs, rng_seed: int = 7) -> Iterator[tuple]:
    rng = random.Random(rng_seed)
    tid = 0
    for doc_id, p, kind, year in docs:
        for ordinal in range(1, TARGETS_PER_DOCUMENT + 1):
            tid += 1
            if ordinal <= len(INDICATORS):
                code, period = INDICATORS[ordinal - 1], str(year)
            elif ordinal <= 17:
                code, period = None, str(year)  # a phrase matching no indicator
            else:
                code, period = INDICATORS[ordinal - 18], "15th_fyp"
            low = round(rng.uniform(1, 9), 1)
            qualifier = rng.choice(("about", "at_least", "at_most", "range", "qualitative"))
            high = None if qualifier == "qualitative" else (round(low + 1, 1) if qualifier == "range" else low)
            low = None if qualifier == "qualitative" else low
            seq = ordinal if kind == "breakdown" else None
            yield (tid, doc_id, ordinal, seq, period, code, f"指标{ordinal}", low, high, qualifier, "%",
                   f"指标{ordinal}增长{low}%左右", "body", ordinal * 3, seq)


def generate(engine: Engine, scale: float, say: Callable[[str], None] = lambda m: None) -> Generated:
    """Fill the empty PostgreSQL warehouse of ``engine`` at ``scale`` and build its summaries."""
    out = Generated(scale)
    started = time.perf_counter()
    migrate(engine)
    juris = places(scale)
    out.places = juris
    docs = list(_documents(juris))
    n_docs = len(docs)
    raw = engine.raw_connection()
    try:
        c = raw.connection if hasattr(raw, "connection") else raw
        cur = c.cursor()  # generated rows are consistent: skip per-row foreign-key triggers (superuser)
        cur.execute("SET session_replication_role = replica")
        cur.close()
        put = lambda table, cols, rows: out.rows.__setitem__(table, copy_rows(c, table, cols, rows))  # noqa: E731

        put("jurisdictions", ("code", "name", "short_name", "level", "parent_code"),
            ((p.code, p.name, p.short_name, p.level, p.parent_code) for p in juris))
        put("indicators", ("code", "name", "unit", "names_json"),
            ((code, code, "%", json.dumps([code])) for code in INDICATORS))
        put("units", ("id", "jurisdiction_code", "name"),
            ((i * UNITS_PER_JURISDICTION + u + 1, p.code, f"单位{u + 1}") for i, p in enumerate(juris)
             for u in range(UNITS_PER_JURISDICTION)))
        unit_base = {p.code: i * UNITS_PER_JURISDICTION + 1 for i, p in enumerate(juris)}
        put("documents", ("id", "doc_key", "jurisdiction_code", "kind", "year", "title", "current_version_id",
                          "status", "completeness", "parsed_count", "declared_count", "completeness_ratio",
                          "created_at", "updated_at"),
            ((d, f"{p.code}:{k}:{y}", p.code, k, y, f"{y}年{p.name}{k}", None, "passed",
              "incomplete" if k == "breakdown" and d % 17 == 0 else "complete",
              TASKS_PER_BREAKDOWN - (d % 17 == 0) if k == "breakdown" else None,
              TASKS_PER_BREAKDOWN if k == "breakdown" else None, None, NOW, NOW) for d, p, k, y in docs))
        put("document_versions", ("id", "document_id", "text_sha256", "parser", "parser_version", "schema_version",
                                  "status", "completeness", "facts_loaded", "created_at", "loaded_at",
                                  "deadlines_json", "notes_json"),
            ((d, d, f"{d:064x}", "bench", "1", 1, "passed", "complete", True, NOW, NOW, "[]", "[]")
             for d, _, _, _ in docs))
        cur = c.cursor()  # the two tables reference each other: versions first, then point at them
        cur.execute("UPDATE documents SET current_version_id = id")
        cur.close()
        say(f"  {n_docs} documents")
        put("provenances", ("document_id", "version_id", "source_id", "url", "raw_sha256", "fetched_at",
                            "attachment_sha256_json"),
            ((d, d, f"src-{p.code}", f"https://{p.code}.gov.example/{k}/{y}.html", f"{d:064x}", NOW, "[]")
             for d, p, k, y in docs))
        put("validation_results", ("version_id", "suite", "expectation", "severity", "success", "message",
                                   "validated_at", "details_json"),
            ((d, "breakdown" if k == "breakdown" else "work_report", f"check_{i}",
              "critical" if i < 2 else "warning", not (i == 3 and d % 5 == 0), None, NOW, "{}")
             for d, _, k, _ in docs for i in range(4)))
        put("expected_documents", ("jurisdiction_code", "kind", "year", "origin", "source_id"),
            ((p.code, k, y, "registry", f"src-{p.code}") for p in juris
             for y in range(FIRST_YEAR, FIRST_YEAR + YEARS) for k in ("work_report", "breakdown", "interpretation")))
        put("fetches", ("row_key", "url", "http_status", "source_id", "jurisdiction_code", "kind", "outcome",
                        "year", "fetched_at"), _fetch_rows(juris, docs))
        put("targets", ("id", "version_id", "ordinal", "seq", "period", "indicator_code", "indicator_raw", "low",
                        "high", "qualifier", "value_unit", "raw", "span_section", "span_line", "span_row"),
            _targets(docs))
        say(f"  {out.rows['targets']} targets")
        put("actuals", ("version_id", "ordinal", "year", "indicator_code", "indicator_raw", "value", "value_unit",
                        "raw", "span_section", "span_line"),
            ((d, o + 1, y - 1, INDICATORS[o], f"指标{o + 1}", 4.0 + (d + o) % 40 / 10, "%", "实际增长",
              "body", o + 1) for d, _, k, y in docs if k == "work_report" for o in range(10)))
        put("target_units", ("target_id", "unit_id", "role", "name_raw", "inherited", "position"),
            ((t, unit_base[p.code] + o % UNITS_PER_JURISDICTION, "lead", f"单位{o % UNITS_PER_JURISDICTION + 1}",
              False, 1)
             for d, p, k, y in docs if k == "breakdown"
             for o, t in ((o, (d - 1) * TARGETS_PER_DOCUMENT + o) for o in range(1, TARGETS_PER_DOCUMENT + 1))))
        breakdowns = [(d, p, y) for d, p, k, y in docs if k == "breakdown"]
        put("tasks", ("id", "version_id", "ordinal", "seq", "part", "section_path_json", "text", "leaders_inherited",
                      "flags_json", "span_section", "span_line"),
            ((i * TASKS_PER_BREAKDOWN + o, d, o, o, PARTS[(o - 1) * len(PARTS) // TASKS_PER_BREAKDOWN],
              json.dumps([PARTS[(o - 1) * len(PARTS) // TASKS_PER_BREAKDOWN]], ensure_ascii=False),
              f"任务{o}", False, "[]", "body", o)
             for i, (d, p, y) in enumerate(breakdowns) for o in range(1, TASKS_PER_BREAKDOWN + 1)))
        say(f"  {out.rows['tasks']} tasks")
        put("task_units", ("task_id", "unit_id", "role", "name_raw", "inherited", "position"),
            _task_unit_rows(breakdowns, unit_base))
        say(f"  {out.rows['task_units']} task-unit rows")
        put("declared_counts", ("version_id", "ordinal", "what", "part", "count", "parsed_count", "sentence",
                                "span_section", "span_line"), _declared_rows(docs))
        c.commit()
        cur = c.cursor()
        cur.execute("SET session_replication_role = DEFAULT")
        for table in ("units", "documents", "document_versions", "targets", "tasks"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
        c.commit()
        cur.close()
    finally:
        raw.close()
    out.seconds["copy_s"] = round(time.perf_counter() - started, 1)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE")
    lap = time.perf_counter()
    with engine.begin() as conn:
        summaries.rebuild(conn)  # what migration 0003 does to an existing warehouse
    out.seconds["summary_rebuild_s"] = round(time.perf_counter() - lap, 1)
    lap = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        # the rebuild writes summary_measured_targets in the query targets' order, then its
        # parent columns and names rewrite every row: compact it in that order again (CLUSTER
        # on the index 0010 records), as a maintenance run after a bulk load does. Else the doubled table and
        # index make the planner sort 1.28M rows (2.8 s) rather than read the index (1.5 s).
        conn.exec_driver_sql("CLUSTER summary_measured_targets")
        # its names (0011) and summary_target_gap's are written by UPDATE after the rows too
        conn.exec_driver_sql("CLUSTER summary_target_gap")
        out.seconds["cluster_s"] = round(time.perf_counter() - lap, 1)
        conn.exec_driver_sql("ANALYZE")
    lap = time.perf_counter()
    refresh(engine)
    out.seconds["refresh_views_s"] = round(time.perf_counter() - lap, 2)
    with engine.connect() as conn:
        for table in summaries.SUMMARY_TABLES:
            out.rows[table] = conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
        out.rows["database_bytes"] = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
    return out


def existing(engine: Engine, scale: float) -> Generated:
    """A warehouse ``generate`` filled at ``scale`` earlier (kept to re-measure changed SQL):
    migrated to the head revision, its views recreated, its rows counted; no timings."""
    out = Generated(scale, places=places(scale))
    refresh(engine)  # migrates first
    with engine.connect() as conn:
        tables = conn.execute(text("SELECT relname FROM pg_class WHERE relkind = 'r' "
                                   "AND relnamespace = 'public'::regnamespace AND relname <> 'alembic_version'"))
        for table in sorted(tables.scalars()):
            out.rows[table] = conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
        out.rows["database_bytes"] = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
    if out.rows.get("jurisdictions") != len(out.places):
        raise ValueError(f"the warehouse has {out.rows.get('jurisdictions')} jurisdictions; "
                         f"scale {scale} generates {len(out.places)}")
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE")
    return out


def _fetch_rows(juris: list[Place], docs) -> Iterator[tuple]:
    for d, p, k, y in docs:
        url = f"https://{p.code}.gov.example/{k}/{y}.html"
        yield (f"{d:064x}", url, 200, f"src-{p.code}", p.code, k, "fetched", y, NOW)
    for i, p in enumerate(juris):  # interpretations: most not found, some blocked, some undated
        for y in range(FIRST_YEAR, FIRST_YEAR + YEARS):
            outcome = "blocked" if (i + y) % 7 == 0 else "missing"
            url = f"https://{p.code}.gov.example/interpretation/{y}.html"
            yield (_key(f"interpretation {p.code} {y}"), url, 404, f"src-{p.code}", p.code, "interpretation", outcome, y, NOW)
        if i % 11 == 0:
            yield (_key(f"undated {p.code}"), f"https://{p.code}.gov.example/list.html", 403, f"src-{p.code}",
                   p.code, "work_report", "blocked", None, NOW)


def _key(text_: str) -> str:
    return hashlib.sha256(text_.encode()).hexdigest()


def _task_unit_rows(breakdowns, unit_base: dict[str, int]) -> Iterator[tuple]:
    for i, (d, p, y) in enumerate(breakdowns):
        base = unit_base[p.code]
        for o in range(1, TASKS_PER_BREAKDOWN + 1):
            task_id = i * TASKS_PER_BREAKDOWN + o
            for position, role in enumerate(ROLES):
                u = (o * 7 + position * 13 + y) % UNITS_PER_JURISDICTION
                yield (task_id, base + u, role, f"单位{u + 1}" if o % 9 else f"单位{u + 1}办", o % 13 == 0 and role == "lead",
                       position + 1)


def _declared_rows(docs) -> Iterator[tuple]:
    for d, p, k, y in docs:
        if k == "breakdown":
            parsed = TASKS_PER_BREAKDOWN - (d % 17 == 0)
            yield (d, 1, "tasks", None, TASKS_PER_BREAKDOWN, parsed, f"共{TASKS_PER_BREAKDOWN}项", "body", 1)
            yield (d, 2, "parts", None, len(PARTS), len(PARTS), f"{len(PARTS)}个部分", "body", 1)
        elif d % 3 == 0:
            yield (d, 1, "targets", None, 17, None, "主要预期目标17项", "body", 1)


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.national --scale 1 URL``: fill the empty database at URL and keep it
    (for ``python -m bench.warehouse_bi --database URL``)."""
    import argparse

    from sqlalchemy import create_engine

    parser = argparse.ArgumentParser(prog="python -m bench.national", description=main.__doc__)
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("url", help="an empty PostgreSQL database (createdb it first)")
    args = parser.parse_args(argv)
    engine = create_engine(args.url)
    try:
        out = generate(engine, args.scale, say=lambda m: print(m, flush=True))
    finally:
        engine.dispose()
    print(json.dumps({"seconds": out.seconds, "rows": out.rows}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
