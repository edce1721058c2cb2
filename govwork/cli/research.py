"""CLI commands for researchers: ``govwork query``, ``queries``, ``export``, ``report``.

Read-only: they never create or migrate a warehouse, so a typo in WAREHOUSE_URL gives a
readable error instead of a new empty database.
"""

from __future__ import annotations

import math
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from core.config import Settings


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class ExportFormat(str, Enum):
    csv = "csv"
    parquet = "parquet"


def _warehouse(settings: Settings):
    """The warehouse engine; a SQLite file that does not exist yet is an error, not created."""
    from sqlalchemy.engine import make_url

    from warehouse.named_queries import WarehouseNotReady  # pandas and sqlalchemy: only when the command runs
    from warehouse.db import engine_for

    url = make_url(settings.warehouse_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        if not Path(url.database).exists():
            raise WarehouseNotReady(
                f"no warehouse at {url.database}; run `govwork run` (or crawl, parse and load) first, "
                "or point WAREHOUSE_URL / GOVWORK_HOME at an existing one"
            )
    return engine_for(settings.warehouse_url)


def _query_names() -> str:
    """The named queries' names for the help text, read from their SQL files the way
    ``warehouse.named_queries`` names them: importing that module here would load pandas
    and sqlalchemy at every ``govwork`` start, ``govwork run`` included."""
    import warehouse  # the package only (empty __init__): where the SQL files are

    queries = Path(warehouse.__file__).resolve().parent / "queries"
    return ", ".join(path.stem.replace("_", "-") for path in sorted(queries.glob("*.sql")))


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return str(value)


def _print_table(frame, title: str) -> None:
    from rich import box
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=title, box=box.SIMPLE_HEAVY, header_style="bold", title_justify="left")
    rows = [[_cell(v) for v in row] for row in frame.itertuples(index=False)]
    headers = [str(c).replace("_", " ") for c in frame.columns]  # wraps between words, not inside them
    widths = [min(max([cell_len(w) for w in h.split()] + [cell_len(r[i]) for r in rows]), 14)
              for i, h in enumerate(headers)]
    if sum(widths) + 3 * len(widths) > console.width:
        widths = [None] * len(widths)  # too narrow to keep words whole: let rich fold, never crop a column
    for column, header, width in zip(frame.columns, headers, widths):
        numeric = frame[column].dtype.kind in "iuf"
        table.add_column(header, justify="right" if numeric else "left", overflow="fold", min_width=width)
    for row in rows:
        table.add_row(*row)
    console.print(table)


def query(
    name: Annotated[str, typer.Argument(help="Query name: targets, series, target-gap, task-counts, lead-units, "
                                             "target-vs-actual, coverage, validation (`govwork queries` lists them).",
                                        metavar="NAME", show_default=False)],
    jurisdiction: Annotated[Optional[str], typer.Option(
        "--jurisdiction", "-j", help="Code (620000), name (甘肃省), short name (甘肃) or pinyin (Gansu).")] = None,
    year: Annotated[Optional[int], typer.Option("--year", "-y", help="Year, e.g. 2026.")] = None,
    indicator: Annotated[Optional[str], typer.Option(
        "--indicator", "-i", help="Indicator code from the taxonomy (gdp_growth) or one of its names (地区生产总值).")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="table for people; csv or json for scripts.",
                                              case_sensitive=False)] = OutputFormat.table,
    wide: Annotated[bool, typer.Option("--wide", "-w", help="Table: show every column, not the main ones.")] = False,
) -> None:
    """Run a named query (SQL in warehouse/queries/) and print its rows.

    Exit codes: 0 rows printed (also when there are none), 2 unknown query, filter,
    jurisdiction or indicator (the message names the closest ones), 4 the warehouse cannot be read.
    """
    from warehouse.named_queries import get_query, run_query  # pandas and sqlalchemy: only when the command runs

    named = get_query(name)
    settings = Settings.from_env()
    frame = run_query(_warehouse(settings), named.name, jurisdiction=jurisdiction, year=year, indicator=indicator,
                      nullable=True)  # counts print as 268, not 268.0
    if fmt is OutputFormat.csv:
        sys.stdout.write(frame.to_csv(index=False))
    elif fmt is OutputFormat.json:
        sys.stdout.write(frame.to_json(orient="records", force_ascii=False, indent=1) + "\n")
    elif frame.empty:
        typer.echo(f"{named.name}: no rows", err=True)
    else:
        shown = frame if wide or not named.display else frame[[c for c in named.display if c in frame.columns]]
        hint = "" if wide or shown.shape[1] == frame.shape[1] else f"; {frame.shape[1] - shown.shape[1]} more columns with --wide"
        _print_table(shown, f"{named.name}: {len(frame)} rows{hint}")


def queries() -> None:
    """List the named queries with their filters and SQL files."""
    from rich.console import Console
    from rich.table import Table

    from warehouse.named_queries import list_queries  # pandas and sqlalchemy: only when the command runs

    table = Table(header_style="bold")
    for column in ("name", "filters", "what it answers", "SQL file"):
        table.add_column(column, overflow="fold")
    for q in list_queries():
        table.add_row(q.name, " ".join(f"--{p}" for p in q.parameters), q.summary, str(q.path))
    Console().print(table)


def export(
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write into (created if missing).",
                                      file_okay=False, show_default=False)],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv (UTF-8) or parquet.",
                                              case_sensitive=False)] = ExportFormat.csv,
    excel: Annotated[bool, typer.Option("--excel", help="CSV: UTF-8 with a byte-order mark, so Excel on Windows "
                                                         "shows the Chinese text (default: plain UTF-8).")] = False,
) -> None:
    """Write tidy tables and a data dictionary (column, type, meaning, zh term) to a directory."""
    from govwork.research.export import export as write_export  # pandas and sqlalchemy: only when the command runs

    settings = Settings.from_env()
    paths = write_export(_warehouse(settings), out, fmt.value, excel=excel)
    for path in paths:
        typer.echo(str(path))
    typer.echo(f"{len(paths)} files written to {out}", err=True)


def report(
    out: Annotated[Optional[Path], typer.Option(
        "--out", "-o", help="HTML file to write (default: report.html in the reports directory).", dir_okay=False)] = None,
) -> None:
    """Write the self-contained HTML report: targets over years, task counts, lead units,
    coverage and validation status, with links to the Data Docs and the sources."""
    from govwork.research.report_writer import write_report  # sqlalchemy: only when the command runs

    settings = Settings.from_env()
    path = write_report(_warehouse(settings), out or settings.reports_dir / "report.html", settings)
    typer.echo(str(path))


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``govwork`` app."""
    app.command("query", help=query.__doc__ + f"\n\nKnown queries: {_query_names()}.")(query)
    app.command("queries")(queries)
    app.command("export")(export)
    app.command("report")(report)
