"""Writing the HTML report, or keeping the one there: the report is drawn (pandas, Altair,
vl-convert, Jinja: ``govwork.research.report``) only when what it shows has changed.

What it shows is read here as the driver's rows, without pandas (~0.3 s to import), and
hashed with everything else that decides the page (``inputs_stamp``); the same stamp as the
one kept beside the last report means the same report but for its generation time, so a
re-run over an unchanged warehouse imports none of the drawing libraries.
"""

from __future__ import annotations

import hashlib
import os
from importlib.metadata import version
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import Engine

from core.config import Settings
from core.errors import GovworkError
from core.fingerprint import fingerprint
from warehouse import reads
from warehouse.named_queries import query_table

REPORT_QUERIES = ("targets", "series", "target-gap", "task-counts", "lead-units", "coverage", "validation")
# What draws the page besides govwork/research's own files (in the stamp by version).
DRAWING_PACKAGES = ("vl-convert-python", "altair", "pandas", "jinja2")


class ReportError(GovworkError):
    reason = "report_failed"
    exit_code = 3


class Table(NamedTuple):
    """A query's answer as the driver gives it: what a report frame is made of."""

    columns: list[str]
    rows: list


def read_inputs(engine: Engine) -> dict[str, Table]:
    """Everything the report shows, as read from the warehouse (named queries and reads)."""
    tables = {name: Table(*query_table(engine, name)) for name in REPORT_QUERIES}
    tables["failures"] = Table(*reads.validation_failures_table(engine))
    tables["sources"] = Table(*reads.document_sources_table(engine))
    return tables


def inputs_stamp(engine: Engine, settings: Settings, out_path: Path, tables: dict[str, Table]) -> str:
    """A hash of everything a report's content depends on: the warehouse's answers (every
    value, as exactly as the driver gives it), where the report and the Data Docs are, and
    the code, templates and libraries that draw it. The same stamp means the same report,
    but for its generation time."""
    data_docs = settings.reports_dir / "data_docs" / "index.html"
    digest = hashlib.sha256()
    for part in (engine.url.render_as_string(hide_password=True), str(out_path.resolve()), str(data_docs.resolve()),
                 str(data_docs.exists()), *(f"{p} {version(p)}" for p in DRAWING_PACKAGES),
                 fingerprint(Path(__file__).resolve().parent, (".py", ".j2", ".css", ".js"), {"__pycache__"})):
        digest.update(part.encode("utf-8") + b"\0")
    for name, table in sorted(tables.items()):
        digest.update(f"{name}\0{table.columns!r}\0".encode("utf-8"))
        for row in table.rows:
            digest.update(repr(tuple(row)).encode("utf-8") + b"\0")
    return digest.hexdigest()


def _stamp_path(settings: Settings, out: Path) -> Path:
    return settings.cache_dir / "report" / f"{hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]}.stamp"


def write_report(engine: Engine, out_path: str | Path, settings: Settings) -> Path:
    """Render the report from the warehouse behind ``engine`` into ``out_path`` (HTML).
    When the report there was drawn from the same inputs (``inputs_stamp``: the warehouse's
    answers, the code, the Data Docs), it is kept as it is, generation time included: a
    re-run over an unchanged warehouse draws no chart, renders no page and imports neither
    pandas nor Altair."""
    out = Path(out_path)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(f"cannot create {out.parent}: {exc.strerror}") from exc
    tables = read_inputs(engine)
    stamp, stamp_path = inputs_stamp(engine, settings, out, tables), _stamp_path(settings, out)
    try:
        if out.is_file() and stamp_path.read_text(encoding="utf-8") == stamp:
            return out
    except OSError:
        pass  # no stamp: render
    from govwork.research.report import render  # pandas, Altair, vl-convert: only to draw

    html = render(engine, settings, out, tables)
    tmp = out.with_name(out.name + ".tmp")
    try:
        tmp.write_text(html, encoding="utf-8")
        tmp.replace(out)  # a browser never opens half a report
    except OSError as exc:
        raise ReportError(f"cannot write {out}: {exc.strerror}") from exc
    _keep_stamp(stamp_path, stamp)
    return out


def _keep_stamp(path: Path, stamp: str) -> None:
    """Written after the report it describes; one that cannot be written only costs the
    next report a render."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(stamp, encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass
