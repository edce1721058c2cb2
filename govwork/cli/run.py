"""CLI commands: run (the main job) and backfill."""

from __future__ import annotations

from typing import Optional

import typer

from core.config import Settings, mask_url
from core.errors import ConfigError, UsageError
from govwork.cli import EXIT_ENVIRONMENT, EXIT_OK, EXIT_PARTIAL
from govwork.cli.options import JURISDICTION_HELP, jurisdiction_code
from govwork.orchestration.reports import data_docs_index, report_path
from govwork.orchestration.years import SNAPSHOT_YEARS, year_range


def register(app: typer.Typer) -> None:
    """Add ``run`` and ``backfill`` to the ``govwork`` app."""
    app.command("run")(run)
    app.command("backfill")(backfill)


def _years(text: str) -> list[int]:
    try:
        return sorted({int(part) for part in text.replace(" ", "").split(",") if part})
    except ValueError:
        raise typer.BadParameter(f"years must be numbers like 2018,2020, not {text!r}") from None


def run(
    years: str = typer.Option(
        None, "--years", help="Comma-separated years to run (default: the years the snapshot holds: 2018,2020,2023,2026)."
    ),
    mirror: Optional[str] = typer.Option(
        None, "--mirror", help="Use a mirror already running at URL instead of starting the bundled snapshot."
    ),
    force: bool = typer.Option(
        False, "--force", help="Make every DAG run, also those whose snapshot, registry, code and warehouse are unchanged since they last succeeded."
    ),
) -> None:
    """The main job: the real Airflow DAGs against the bundled snapshot mirror.

    Runs every province DAG once over all the years (mapped per year inside the run) with `airflow dags test` (SQLite metadata DB under the data directory), which crawls, parses, validates and loads the warehouse; then the views DAG (view refresh, report). Ends with a cross-region comparison and where the report and the Data Docs are. Running it again changes nothing: runs whose snapshot, registry, code and warehouse are unchanged since they last succeeded are left out (--force makes them).
    """

    _execute(_years(years) if years else list(SNAPSHOT_YEARS), jurisdiction=None, mirror=mirror, snapshot=mirror is None,
             force=force)


def backfill(
    year_from: int = typer.Option(..., "--from", help="First year to collect."),
    year_to: int = typer.Option(..., "--to", help="Last year to collect (inclusive)."),
    jurisdiction: Optional[str] = typer.Option(None, "--jurisdiction", "-j", help=JURISDICTION_HELP,
                                               callback=jurisdiction_code),
    snapshot: bool = typer.Option(False, "--snapshot", help="Crawl the bundled snapshot mirror instead of the live portals."),
    mirror: Optional[str] = typer.Option(None, "--mirror", help="Crawl the mirror running at URL."),
) -> None:
    """Run the province DAGs over the years from --from to --to.

    One run per province collects every year (one year: the same DAG run an Airflow backfill makes for it). Idempotent: re-running a year changes nothing that is already loaded.
    """

    try:
        years = year_range(year_from, year_to)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    _execute(years, jurisdiction=jurisdiction, mirror=mirror, snapshot=snapshot and mirror is None)


def _execute(years: list[int], *, jurisdiction: str | None, mirror: str | None, snapshot: bool,
             force: bool = False) -> None:
    from rich.console import Console

    from govwork.orchestration.job import run_job  # Airflow's environment and runner: only when the command runs

    console = Console()
    settings = Settings.from_env()
    if mirror:
        settings = settings.with_(mirror_url=mirror)
    if jurisdiction:
        from govwork.orchestration.layout import province_dag_for  # reads the registry: only when the command runs

        try:
            province_dag_for(jurisdiction)
        except (LookupError, ValueError) as exc:
            raise UsageError(str(exc)) from None  # exit code 2: the README's usage mistake

    def show(result) -> None:
        mark = "[green]ok[/]" if result.ok else f"[red]{result.state}[/]"
        tasks = ", ".join(f"{n} {s}" for s, n in sorted(result.task_states.items()))
        years = ",".join(str(y) for y in result.years)
        console.print(f"  {mark} {result.dag_id} {years} {result.seconds:.1f}s [dim]{tasks}[/]")
        for name in result.failed_tasks:
            console.print(f"      [red]failed task[/] {name}")
        if result.message and not result.ok:
            console.print(f"      {result.message}")

    job = run_job(
        settings,
        years,
        jurisdiction=jurisdiction,
        use_snapshot=snapshot,
        on_step=lambda msg: console.print(f"[bold]·[/] {msg}"),
        on_result=show,
        force=force,
    )
    _print_outcome(console, job)
    if any(r.state == "error" for r in job.results):
        raise typer.Exit(EXIT_ENVIRONMENT)
    raise typer.Exit(EXIT_OK if job.ok else EXIT_PARTIAL)


class _ClosingError(Exception):
    """The runner could not read the closing summary; its message says why."""


def _print_outcome(console, job) -> None:
    settings = job.settings
    console.print()
    try:
        from govwork.orchestration.summary import closing, render  # the warehouse: only when the command runs

        # The Airflow runner read it after the last run (pandas loaded there); else read it here.
        summary = job.closing or closing(settings.warehouse_url)
        if "error" in summary:
            raise _ClosingError(summary["error"])
        rows, status = summary["rows"], summary["status"]
        console.print(render(rows) if rows else "[yellow]The warehouse holds no documents yet.[/]")
        console.print(
            f"{status['loaded']} document(s) loaded ({status['incomplete']} incomplete), "
            f"{status['quarantined']} in quarantine"
        )
    except Exception as exc:  # the comparison is a courtesy; the runs above are the result
        what = str(exc) if isinstance(exc, _ClosingError) else f"{type(exc).__name__}: {exc}"
        message = what.replace(settings.warehouse_url, mask_url(settings.warehouse_url))
        console.print(f"[yellow]No comparison: {message}[/]")
    console.print()
    console.print(f"warehouse:  {mask_url(settings.warehouse_url)}")
    for label, path in (("report:", report_path(settings)), ("Data Docs:", data_docs_index(settings))):
        console.print(f"{label:<11} {path}" + ("" if path.exists() else "  [yellow](not written)[/]"))
    if job.log_path is not None:
        console.print(f"Airflow log: {job.log_path}")
