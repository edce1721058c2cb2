"""The ``govwork`` command. Each sub-module registers its own commands; every command
calls the stage functions in ``govwork.stages`` (or read-only warehouse code).

Errors: a ``GovworkError`` (a user mistake, a bad document or setting, a missing service) is
printed as one readable line and ends the command with its ``exit_code`` (default
EXIT_INPUT); only bugs print a traceback. This happens in the command group itself, so the
same exit codes come back under ``typer.testing.CliRunner`` as from the shell.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from core.errors import GovworkError
from govwork import __version__

# Exit codes scripts can rely on (also listed in the README).
EXIT_OK = 0
EXIT_PARTIAL = 1  # the command ran, but some documents failed or were quarantined
EXIT_USAGE = 2  # bad arguments (click's own code): unknown command, option, query name
EXIT_INPUT = 3  # input the command cannot read (a file, a registry entry, a setting)
EXIT_ENVIRONMENT = 4  # something around us is missing (database, mirror, Airflow)
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report it


def print_error(message: str) -> None:
    from rich.console import Console
    from rich.markup import escape

    # soft_wrap: one line per mistake stays one line, whatever the terminal's width
    Console(stderr=True, soft_wrap=True).print(f"[bold red]error:[/] {escape(message)}")


def exit_code_of(exc: BaseException) -> int | None:
    """The exit code for an expected failure, None for a bug."""
    if isinstance(exc, GovworkError):
        return getattr(exc, "exit_code", EXIT_INPUT)
    module = type(exc).__module__ or ""
    if module.startswith("sqlalchemy") and type(exc).__name__ in ("OperationalError", "InterfaceError"):
        return EXIT_ENVIRONMENT  # database down or unreachable
    return None


def _message_of(exc: BaseException) -> str:
    if isinstance(exc, GovworkError):
        return str(exc)
    orig = getattr(exc, "orig", None)  # sqlalchemy's wrapper: the driver's message is the useful part
    detail = str(orig or exc).strip().splitlines()
    return f"the database cannot be used: {detail[0] if detail else type(exc).__name__}"


class GovworkGroup(TyperGroup):
    """Turns expected failures into a message and an exit code."""

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except Exception as exc:  # typer's own Exit/Abort/usage errors have no exit_code_of: re-raised
            code = exit_code_of(exc)
            if code is None:
                raise
            print_error(_message_of(exc))
            raise typer.Exit(code) from None


app = typer.Typer(
    name="govwork",
    cls=GovworkGroup,
    help="Crawl, parse, validate and warehouse Chinese government work reports and their breakdowns.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Exit codes: 0 ok · 1 partly done (some documents failed or were quarantined) · 2 usage mistake · "
           "3 unreadable input · 4 missing service (database, mirror, Airflow) · 130 interrupted.",
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"govwork {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option(
        "--version", "-V", help="Print govwork's version and exit.", callback=_print_version, is_eager=True)] = False,
) -> None:
    """Options for every command (the app's help text is set on ``app``)."""


@app.command()
def version() -> None:
    """Print govwork's version."""

    typer.echo(__version__)


_registered = False


def _register_all() -> None:
    """Add every module's commands (once: tests and main() may both call it)."""
    global _registered
    if _registered:
        return
    from govwork.cli import crawl, parse, research, run, warehouse  # they import this package's exit codes: once it is initialised

    for module in (crawl, parse, warehouse, run, research):
        module.register(app)
    _registered = True


def _utf8_streams() -> None:
    """Chinese text must never crash output: a stream that cannot encode it (a C locale,
    a pipe with an ASCII default) is switched to UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        try:
            "甘肃".encode(stream.encoding or "ascii")
        except (LookupError, UnicodeEncodeError):
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(encoding="utf-8", errors="replace")


def main() -> None:
    _utf8_streams()
    try:
        _register_all()
        app()
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:  # `govwork query targets --format csv | head`
        sys.stderr.close()
        sys.exit(EXIT_OK)
    except Exception as exc:
        code = exit_code_of(exc)
        if code is None:
            raise
        print_error(_message_of(exc))
        sys.exit(code)
