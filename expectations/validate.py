"""Run the Great Expectations suites (``expectations/suites/*.json``) over a batch of
parsed documents and attribute every failure back to its document.

One ephemeral GX context per batch. Each record type is one pandas DataFrame holding the
rows of every document, with a ``version_key`` column (doc_key, text hash and parser
version: two versions of one document in a batch are judged apart); each document kind has
a one-row-per-document frame of derived facts (counts, year offsets). GX reports failing
rows with their ``version_key`` (``unexpected_index_column_names``), which is how failures
find their document. Data Docs are built once per batch, after every suite has run.
"""

from __future__ import annotations

import functools
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from core.fingerprint import fingerprint
from core.records import ParsedDocument, collector_paused, target_rows

SUITES_DIR = Path(__file__).resolve().parent / "suites"
BOUNDS_FILE = Path(__file__).resolve().parent / "bounds.json"
_SAMPLE_ROWS = 10  # failing rows kept per document in ``details``


@dataclass
class Completeness:
    what: str | None  # "tasks" or "targets": what was compared
    parsed: int | None
    declared: int | None
    ratio: float | None
    status: Literal["complete", "incomplete", "unknown"]


@dataclass
class ValidationOutcome:
    doc_key: str
    text_sha256: str
    status: Literal["passed", "warning", "quarantined"]
    completeness: Completeness
    failures: list[dict[str, Any]] = field(default_factory=list)  # expectation, suite, severity, message, details
    results: list[dict[str, Any]] = field(default_factory=list)  # every expectation run: suite, expectation, severity, success
    parser_version: str | None = None


def version_key(doc: ParsedDocument) -> str:
    """What a validation outcome belongs to: one parse of one text of one document."""
    return f"{doc.doc_key}|{doc.text_sha256}|{doc.parser_version}"


def suites_fingerprint() -> str:
    """Changes whenever a suite, the bounds or this runner change (what an outcome depends on)."""
    return fingerprint(Path(__file__).resolve().parent, (".py", ".json"), {"__pycache__", "data_docs"})


def load_suites() -> dict[str, dict]:
    """Suite name -> the suite file's content."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(SUITES_DIR.glob("*.json"))}


# --- frames -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _bounds_table() -> dict:
    return json.loads(BOUNDS_FILE.read_text(encoding="utf-8"))


def _bounds(indicator: str | None, unit: str | None) -> tuple[float | None, float | None]:
    bounds = _bounds_table()
    found = bounds["by_indicator"].get(indicator or "", {}).get(unit or "") or bounds["by_unit"].get(unit or "")
    return (found[0], found[1]) if found else (None, None)


def _year_offset(date: str | None, year: int) -> int | None:
    return int(date[:4]) - year if date and date[:4].isdigit() else None


def completeness_of(doc: ParsedDocument) -> Completeness:
    """Parsed vs declared: tasks where a task total is declared, else targets. Interpretations
    carry counts only, so nothing parsed can be compared ("unknown"). A document with a
    part the parser could not read (``unread``) is incomplete whatever the counts say."""
    totals = {d.what: d.count for d in doc.declared_counts if d.part is None}
    if doc.unread:
        what = "tasks" if "tasks" in totals else ("targets" if "targets" in totals else None)
        parsed = {"tasks": len(doc.tasks), "targets": target_rows(doc)}.get(what or "")
        return Completeness(what, parsed, totals.get(what or ""), None, "incomplete")
    if doc.meta.kind != "interpretation":
        for what, parsed in (("tasks", len(doc.tasks)), ("targets", target_rows(doc))):
            if what in totals:
                declared = totals[what]
                ratio = round(parsed / declared, 4) if declared else None
                status = "complete" if parsed == declared else "incomplete"
                return Completeness(what, parsed, declared, ratio, status)
    return Completeness("tasks" if "tasks" in totals else None, None, totals.get("tasks"), None, "unknown")


# Each frame's columns, in order: frames are made from column lists, which is faster than
# from a dict per row.
FRAME_COLUMNS: dict[str, tuple[str, ...]] = {
    "tasks": ("version_key", "row", "seq", "expected_seq", "text", "text_length", "lead_unit_count"),
    "targets": ("version_key", "row", "seq", "expected_seq", "indicator_raw", "qualifier", "low", "high",
                "value_unit", "plausible_min", "plausible_max"),
    "actuals": ("version_key", "row", "indicator_raw", "year", "document_year"),
    "task_units": ("version_key", "row", "task_seq", "role", "name", "name_length"),
    "declared_counts": ("version_key", "row", "what", "part", "count"),
    "documents": ("version_key", "row", "kind", "year", "written_year_offset", "published_year_offset",
                  "session_year_offset", "parsed_records", "parsed_tasks", "declared_tasks", "parsed_targets",
                  "declared_targets", "declared_part_sum", "declared_part_total", "declared_parts", "counted_parts"),
}
_TEXT_COLUMNS = {"version_key", "row", "kind", "text", "qualifier", "role", "name", "what", "part",
                 "indicator_raw", "value_unit"}


def build_frames(docs: list[ParsedDocument]) -> dict[str, Any]:
    import pandas as pd

    frames = {}
    for name, values in _frame_columns(docs).items():
        columns = FRAME_COLUMNS[name]
        if not values[0]:
            frames[name] = pd.DataFrame()  # no rows, no columns: what the suites skip
            continue
        frame = pd.DataFrame(dict(zip(columns, values)))
        # Nullable numbers stay numbers (None -> NaN), so comparisons skip missing values.
        for col in columns:
            if col not in _TEXT_COLUMNS:
                frame[col] = pd.to_numeric(frame[col], errors="coerce")
        frames[name] = frame
    return frames


def _frame_columns(docs: list[ParsedDocument]) -> dict[str, list[list]]:
    """Each frame's column values, in ``FRAME_COLUMNS`` order. The task and task-unit
    columns (most of a batch's rows) are extended a column at a time: their values are the
    documents' own objects, so the batch allocates next to nothing per row. The smaller
    frames are made of one tuple a row, turned into columns by ``zip``."""
    tasks = [[] for _ in FRAME_COLUMNS["tasks"]]
    task_units = [[] for _ in FRAME_COLUMNS["task_units"]]
    rows: dict[str, list[tuple]] = {name: [] for name in ("targets", "actuals", "declared_counts", "documents")}
    targets, actuals, declared_counts, documents = rows.values()
    for doc in docs:
        key, year = version_key(doc), doc.meta.year
        _add_tasks(key, doc, tasks, task_units)
        if doc.targets:
            targets.extend(_target_rows(key, doc))
        actuals.extend((key, f"actual {a.raw}", a.indicator_raw, a.year, year) for a in doc.actuals)
        declared_counts.extend((key, d.sentence, d.what, d.part, d.count) for d in doc.declared_counts)
        totals = {d.what: d.count for d in doc.declared_counts if d.part is None}
        per_part = [d for d in doc.declared_counts if d.part is not None and d.what in ("tasks", "targets")]
        m = doc.meta
        documents.append((
            key, doc.doc_key, m.kind, year,
            _year_offset(m.written_date, year), _year_offset(m.published_date, year), _year_offset(m.session_date, year),
            # everything read from the document: none at all means it was no document (2 bytes, an error page)
            len(doc.tasks) + len(doc.targets) + len(doc.actuals) + len(doc.declared_counts),
            len(doc.tasks), totals.get("tasks"),
            target_rows(doc), totals.get("targets"),
            sum(d.count for d in per_part) if per_part else None,  # declared_part_sum
            totals.get("tasks") if per_part else None,  # declared_part_total
            totals.get("parts"),  # declared_parts
            len({d.part for d in per_part}) if per_part and "parts" in totals else None,  # counted_parts
        ))
    columns = {name: [list(c) for c in zip(*r)] or [[] for _ in FRAME_COLUMNS[name]] for name, r in rows.items()}
    return {"tasks": tasks, "targets": columns["targets"], "actuals": columns["actuals"], "task_units": task_units,
            "declared_counts": columns["declared_counts"], "documents": columns["documents"]}


def _add_tasks(key: str, doc: ParsedDocument, tasks: list[list], task_units: list[list]) -> None:
    """Append one document's tasks and task units to their frames' columns."""
    if not doc.tasks:
        return
    keys, rows, seqs, expected, texts, text_lengths, leads = tasks
    task_rows = [f"task {t.seq}" for t in doc.tasks]
    keys.extend([key] * len(doc.tasks))
    rows.extend(task_rows)
    seqs.extend([t.seq for t in doc.tasks])
    expected.extend(range(1, len(doc.tasks) + 1))
    texts.extend([t.text for t in doc.tasks])
    text_lengths.extend([len(t.text.strip()) for t in doc.tasks])
    leads.extend([sum(1 for u in t.units if u.role == "lead") for t in doc.tasks])
    units = [(row, t.seq, u) for row, t in zip(task_rows, doc.tasks) for u in t.units]
    keys, rows, seqs, roles, names, name_lengths = task_units
    keys.extend([key] * len(units))
    rows.extend([row for row, _, _ in units])
    seqs.extend([seq for _, seq, _ in units])
    roles.extend([u.role for _, _, u in units])
    names.extend([u.name for _, _, u in units])
    name_lengths.extend([len(u.name.strip()) for _, _, u in units])


def _target_rows(key: str, doc: ParsedDocument) -> list[tuple]:
    rows = []
    numbered, last_seq = 0, None
    for t in doc.targets:
        # One numbered row stating several indicators (分别 lists) is several targets with
        # one number: a repeat of the previous number is not a gap.
        if t.seq is not None and t.seq != last_seq:
            numbered += 1
        last_seq = t.seq if t.seq is not None else last_seq
        lo, hi = _bounds(t.indicator, t.unit)
        rows.append((key, f"target {t.seq or t.raw}", t.seq, numbered if t.seq is not None else None,
                     t.indicator_raw, t.qualifier, t.low, t.high, t.unit, lo, hi))
    return rows


# --- running GX -----------------------------------------------------------------------------


def _quiet_gx() -> None:
    for name in ("great_expectations", "great_expectations.core", "great_expectations.data_context"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _context(data_docs_dir: Path | None):
    import great_expectations as gx

    from expectations.gx_bookkeeping import install  # imports GX: only when a batch is validated

    _quiet_gx()
    install()
    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = {"globally": False, "metric_calculations": False}
    # An ephemeral context comes with a default site in a new temp dir: building it too
    # doubled the rendering and left a copy of the site (~4 MB of fonts) per batch in /tmp.
    for site in ctx.get_site_names():
        ctx.delete_data_docs_site(site)
    if data_docs_dir is not None:
        data_docs_dir.mkdir(parents=True, exist_ok=True)
        from expectations.data_docs import site_views  # imports GX's renderers: only when a site is built

        ctx.add_data_docs_site(site_name="govwork", site_config={
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(data_docs_dir)},
            **site_views(),
        })
    return ctx


def _gx_suite(spec: dict):
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    suite = gx.ExpectationSuite(name=spec["name"], meta=spec.get("meta", {}))
    for exp in spec["expectations"]:
        config = ExpectationConfiguration(type=exp["type"], kwargs=exp["kwargs"], meta=exp["meta"])
        suite.add_expectation(config.to_domain_obj())
    return suite


def _plain(value: Any) -> Any:
    """numpy scalars and tuples -> JSON-able values."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:  # NaN
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)  # counts travel as floats through pandas' NaN handling
    return value


def _describe(rows: list[dict]) -> str:
    """``task 6 (seq=6, expected_seq=5); task 7 (...) and 3 more``: where, then what."""
    def one(r: dict) -> str:
        values = ", ".join(f"{k}={v}" for k, v in r.items() if k != "row")
        return f"{r.get('row')} ({values})" if values else str(r.get("row"))

    more = f" and {len(rows) - 3} more" if len(rows) > 3 else ""
    return "; ".join(one(r) for r in rows[:3]) + more


def _add_datasource(ctx, names: list[str]) -> None:
    """The pandas data source with one whole-frame asset per suite to run, added in one step:
    adding each asset and batch definition apart re-serialised the context's whole
    configuration to YAML after each (17 times a batch, ~0.06 s CPU)."""
    from great_expectations.core.batch_definition import BatchDefinition
    from great_expectations.datasource.fluent.pandas_datasource import DataFrameAsset

    assets = [DataFrameAsset(name=n, batch_definitions=[BatchDefinition(name=f"{n}_batch")]) for n in names]
    ctx.data_sources.add_pandas("govwork", assets=assets)


def _run_suite(ctx, spec: dict, frame) -> list[dict]:
    """Run one suite over one frame; return one result per expectation with failing rows
    grouped by version_key: {expectation, severity, success, message, rows_by_doc, error}."""
    import great_expectations as gx

    name = spec["name"]
    batch = ctx.data_sources.get("govwork").get_asset(name).get_batch_definition(f"{name}_batch")
    suite = ctx.suites.add(_gx_suite(spec))
    vd = ctx.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite))
    result = vd.run(batch_parameters={"dataframe": frame},
                    result_format={"result_format": "COMPLETE",
                                   "unexpected_index_column_names": ["version_key", "row"]})
    out = []
    for r in result.results:
        meta = r.expectation_config.meta or {}
        rows_by_doc: dict[str, list[dict]] = {}
        for row in r.result.get("unexpected_index_list") or []:
            row = _plain(dict(row))
            rows_by_doc.setdefault(row.pop("version_key", None), []).append(row)
        error = (r.exception_info or {}).get("exception_message") if r.exception_info else None
        out.append({"expectation": meta.get("id", r.expectation_config.type), "severity": meta.get("severity", "critical"),
                    "message": meta.get("message", r.expectation_config.type), "success": bool(r.success),
                    "rows_by_doc": rows_by_doc, "error": error})
    return out


def validate_documents(docs: list[ParsedDocument], data_docs_dir: Path | None) -> list[ValidationOutcome]:
    """Validate a batch of documents in one GX context; one outcome per document, in order.
    The same version listed twice (one document seen at two sources) is validated once."""
    if not docs:
        return []
    # One collection after the batch, not one per 700 allocations: with GX and pandas loaded
    # the collector walks a large heap (~0.35 s of a 500-document batch went to it).
    with collector_paused():
        return _validate(docs, data_docs_dir)


def _validate(docs: list[ParsedDocument], data_docs_dir: Path | None) -> list[ValidationOutcome]:
    unique = {version_key(d): d for d in docs}
    outcomes = {key: ValidationOutcome(d.doc_key, d.text_sha256, "passed", completeness_of(d),
                                       parser_version=d.parser_version)
                for key, d in unique.items()}
    kind_of = {key: d.meta.kind for key, d in unique.items()}
    frames = build_frames(list(unique.values()))
    to_run = []  # (suite name, suite, its frame): suites whose frame has rows
    for suite_name, spec in load_suites().items():
        frame_name = spec["meta"]["frame"]
        frame = frames[frame_name]
        if frame_name == "documents":
            frame = frame[frame["kind"] == suite_name].reset_index(drop=True)
        if not frame.empty:
            to_run.append((suite_name, spec, frame))
    ctx = _context(data_docs_dir)
    _add_datasource(ctx, [spec["name"] for _, spec, _ in to_run])
    for suite_name, spec, frame in to_run:
        in_frame = set(frame["version_key"].unique())  # one Python string per document, not per row
        for res in _run_suite(ctx, spec, frame):
            for key in in_frame:
                rows = res["rows_by_doc"].get(key, [])
                failed = bool(rows) or (res["error"] is not None) or (not res["success"] and not res["rows_by_doc"])
                o = outcomes[key]
                o.results.append({"suite": suite_name, "expectation": res["expectation"],
                                  "severity": res["severity"], "success": not failed})
                if failed:
                    o.failures.append(_failure(suite_name, res, rows, kind_of[key]))
    if data_docs_dir is not None:
        from expectations.data_docs import build_site  # imports GX's renderers: only when a site is built

        # once per batch: rendering per suite costs seconds
        build_site(ctx, data_docs_dir, [spec["name"] for _, spec, _ in to_run], suites_fingerprint())
    for o in outcomes.values():
        severities = {f["severity"] for f in o.failures}
        o.status = "quarantined" if "critical" in severities else "warning" if severities else "passed"
    return [outcomes[version_key(d)] for d in docs]


def _failure(suite: str, res: dict, rows: list[dict], kind: str) -> dict:
    if res["error"]:
        message = f"{res['message']}: the check could not run ({res['error']})"
    else:
        message = f"{res['message']}: {_describe(rows)}" if rows else res["message"]
    return {"expectation": res["expectation"], "suite": suite, "severity": res["severity"], "message": message,
            "details": {"rows": rows[:_SAMPLE_ROWS], "row_count": len(rows), "document_kind": kind}}
