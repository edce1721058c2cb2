"""The ``govwork`` command. Each sub-module registers its own commands; every command
calls the stage functions in ``govwork.stages`` (or read-only warehouse code)."""

from __future__ import annotations

import sys

import typer

from govwork.errors import GovworkError

app = typer.Typer(
    name="govwork",
    help="Crawl, parse, validate and warehouse Chinese government work reports and their breakdowns.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# Exit codes scripts can rely on (also listed in the README).
EXIT_OK = 0
EXIT_PARTIAL = 1  # the command ran, but some documents failed or were quarantined
EXIT_USAGE = 2  # bad arguments (click's own code)
EXIT_INPUT = 3  # input the command cannot read (a file, a registry entry, a setting)
EXIT_ENVIRONMENT = 4  # something around us is missing (database, mirror, Airflow)


@app.command()
def version() -> None:
    """Print govwork's version."""
    from govwork import __version__

    typer.echo(__version__)


def _register_all() -> None:
    from govwork.cli import crawl, parse, research, run, warehouse

    for module in (crawl, parse, warehouse, run, research):
        module.register(app)


def main() -> None:
    _register_all()
    try:
        app()
    except GovworkError as exc:
        from rich.console import Console

        Console(stderr=True).print(f"[bold red]error:[/] {exc}")
        sys.exit(getattr(exc, "exit_code", EXIT_INPUT))
