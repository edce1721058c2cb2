"""CLI commands: run (the main job) and backfill."""

from __future__ import annotations

from typing import Optional

import typer

from govwork.cli.options import JURISDICTION_HELP, jurisdiction_code


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
) -> None:
    """The main job: the real Airflow DAGs against the bundled snapshot mirror.

    Runs every province DAG for each year with `airflow dags test` (SQLite metadata DB under the data directory), which crawls, parses, validates and loads the warehouse; then the views DAG (view refresh, report). Ends with a cross-region comparison and where the report and the Data Docs are. Running it again changes nothing.
    """
    from govwork.orchestration.years import SNAPSHOT_YEARS

    _execute(_years(years) if years else list(SNAPSHOT_YEARS), jurisdiction=None, mirror=mirror, snapshot=mirror is None)


def backfill(
    year_from: int = typer.Option(..., "--from", help="First year to collect."),
    year_to: int = typer.Option(..., "--to", help="Last year to collect (inclusive)."),
    jurisdiction: Optional[str] = typer.Option(None, "--jurisdiction", "-j", help=JURISDICTION_HELP,
                                               callback=jurisdiction_code),
    snapshot: bool = typer.Option(False, "--snapshot", help="Crawl the bundled snapshot mirror instead of the live portals."),
    mirror: Optional[str] = typer.Option(None, "--mirror", help="Crawl the mirror running at URL."),
) -> None:
    """Run the province DAGs once per year from --from to --to.

    Each run collects the documents of its year. Idempotent: re-running a year changes nothing that is already loaded.
    """
    from govwork.orchestration.years import year_range

    try:
        years = year_range(year_from, year_to)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    _execute(years, jurisdiction=jurisdiction, mirror=mirror, snapshot=snapshot and mirror is None)


def _execute(years: list[int], *, jurisdiction: str | None, mirror: str | None, snapshot: bool) -> None:
    from rich.console import Console

    from govwork.cli import EXIT_ENVIRONMENT, EXIT_OK, EXIT_PARTIAL
    from core.config import Settings
    from govwork.orchestration.job import run_job

    console = Console()
    settings = Settings.from_env()
    if mirror:
        settings = settings.with_(mirror_url=mirror)
    if jurisdiction:
        from core.errors import ConfigError
        from govwork.orchestration.layout import province_dag_for

        try:
            province_dag_for(jurisdiction)
        except (LookupError, ValueError) as exc:
            raise ConfigError(str(exc)) from None

    def show(result) -> None:
        mark = "[green]ok[/]" if result.ok else f"[red]{result.state}[/]"
        tasks = ", ".join(f"{n} {s}" for s, n in sorted(result.task_states.items()))
        console.print(f"  {mark} {result.dag_id} {result.year or ''} {result.seconds:.1f}s [dim]{tasks}[/]")
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
    )
    _print_outcome(console, job)
    if any(r.state == "error" for r in job.results):
        raise typer.Exit(EXIT_ENVIRONMENT)
    raise typer.Exit(EXIT_OK if job.ok else EXIT_PARTIAL)


def _print_outcome(console, job) -> None:
    from govwork.orchestration.reports import data_docs_index, report_path

    settings = job.settings
    console.print()
    try:
        from warehouse.db import engine_for
        from warehouse.reads import document_status

        from govwork.orchestration.summary import comparison, render

        engine = engine_for(settings.warehouse_url)
        rows = comparison(engine)
        console.print(render(rows) if rows else "[yellow]The warehouse holds no documents yet.[/]")
        status = document_status(engine)
        console.print(
            f"{status['loaded']} document(s) loaded ({status['incomplete']} incomplete), "
            f"{status['quarantined']} in quarantine"
        )
    except Exception as exc:  # the comparison is a courtesy; the runs above are the result
        console.print(f"[yellow]No comparison: {type(exc).__name__}: {exc}[/]")
    console.print()
    console.print(f"warehouse:  {settings.warehouse_url}")
    for label, path in (("report:", report_path(settings)), ("Data Docs:", data_docs_index(settings))):
        console.print(f"{label:<11} {path}" + ("" if path.exists() else "  [yellow](not written)[/]"))
    console.print(f"Airflow log: {job.log_path}")
