"""CLI commands: ``govwork crawl`` (the extract stage) and ``govwork mirror`` (serve the
bundled snapshot of the portals)."""

from __future__ import annotations

import json
import socket
import signal
import sys
import time
from typing import Optional
from urllib.parse import urlsplit

import typer

from core.config import Settings, mask_url
from core.errors import ConfigError
from core.records import DOCUMENT_KINDS
from govwork.cli import EXIT_ENVIRONMENT, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE
from govwork.cli.options import JURISDICTION_HELP, jurisdiction_code

# Columns of the summary table, in the order a reader scans them. "failed" adds up the
# crawler's own refusals (robots.txt, allow-list, size cap), which the report keeps apart.
_COLUMNS = ("found", "fetched", "unchanged", "inbox", "blocked", "failed", "missing")
# Shown only when some row has one, so the table still fits 80 columns.
_RARE = ("empty_listing", "no_body", "capped")
_FAILED = ("failed", "refused", "too_large")
_HEADERS = {"empty_listing": "empty", "no_body": "no body"}


def crawl_command(
    jurisdiction: Optional[str] = typer.Option(None, "--jurisdiction", "-j", help=JURISDICTION_HELP,
                                               callback=jurisdiction_code),
    kind: Optional[str] = typer.Option(None, "--kind", help=f"Only this kind: {', '.join(DOCUMENT_KINDS)}."),
    year: Optional[int] = typer.Option(None, "--year", help="Only documents for this year."),
    base_url: Optional[str] = typer.Option(
        None, "--base-url", help="Point every source at this site (scheme and host replaced, paths kept)."
    ),
    mirror: Optional[str] = typer.Option(
        None, "--mirror", help="Crawl through the snapshot mirror at URL (live URLs kept, Host header sent)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON line per document found."),
) -> None:
    """Walk the registry's listing pages and fetch candidate documents into the raw store.

    Exit code 0 when every URL was fine, 1 when some were blocked, failed or refused.
    """
    from rich.console import Console

    from govwork import stages  # imports every layer below: only when the command runs

    if kind is not None and kind not in DOCUMENT_KINDS:
        Console(stderr=True).print(f"[bold red]error:[/] --kind must be one of {', '.join(DOCUMENT_KINDS)}")
        raise typer.Exit(EXIT_USAGE)
    settings = Settings.from_env()
    if mirror:
        settings = settings.with_(mirror_url=mirror)
    if settings.mirror_url:
        _check_mirror(settings.mirror_url)
    settings.ensure_dirs()

    # With --json stdout carries only JSON lines; everything for humans goes to stderr.
    console = Console(stderr=as_json)
    report = _run_with_progress(
        lambda progress: stages.crawl_report(
            settings, jurisdiction=jurisdiction, kind=kind, year=year, progress=progress, base_url=base_url
        ),
        jurisdiction,
    )
    if as_json:
        for d in report["documents"]:
            line = {k: d[k] for k in ("jurisdiction_code", "kind", "year", "title", "url", "sha256", "outcome")}
            line["jurisdiction"] = line.pop("jurisdiction_code")
            line["source_id"], line["reason"] = d["source_id"], d["reason"]
            line["attachments"] = [{"url": a["url"], "outcome": a["outcome"], "sha256": a["sha256"]} for a in d["attachments"]]
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    _print_summary(console, report)
    # the crawl's own list: blocked, failed, refused, too_large, empty_listing, no_body
    from extractors.crawl.run import PROBLEM_OUTCOMES  # kept out of `govwork --help`'s imports

    problems = sum(row.get(k, 0) for row in report["summary"].values() for k in PROBLEM_OUTCOMES)
    raise typer.Exit(EXIT_PARTIAL if problems else EXIT_OK)


def _run_with_progress(work, jurisdiction: str | None):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    from core.registry import load_registry  # reads YAML: only when the command runs

    registry = load_registry()
    targets = [registry.get(jurisdiction)] if jurisdiction else registry.jurisdictions
    total = sum(len(j.sources) for j in targets)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("crawling", total=total or 1)
        started = [False]

        def progress(message: str) -> None:
            if message.startswith("source "):
                if started[0]:
                    bar.advance(task)
                started[0] = True
                bar.update(task, description=message[len("source "):])
            else:
                bar.update(task, description=message[:80])

        report = work(progress)
        bar.update(task, completed=total or 1)
    return report


def _print_summary(console, report: dict) -> None:
    from rich.table import Table

    from rich import box

    table = Table(title="crawl summary", box=box.SIMPLE_HEAD,
                  caption="blocked/failed count listing pages too; failed includes refused and too large")
    table.add_column("code", no_wrap=True)
    columns = _COLUMNS + tuple(c for c in _RARE if any(row.get(c) for row in report["summary"].values()))
    for col in columns:
        table.add_column(_HEADERS.get(col, col), justify="right", no_wrap=True)
    for code, row in sorted(report["summary"].items()):
        if any(row.values()):
            cells = [sum(row[k] for k in _FAILED) if c == "failed" else row.get(c, 0) for c in columns]
            table.add_row(code, *(str(n) for n in cells))
    console.print(table)
    for page in report["pages"]:
        console.print(f"[yellow]{page['outcome']}[/] {page['source_id']}: {page['url']} ({page['reason']})")
    for d in report["documents"]:
        if d["outcome"] not in ("fetched", "unchanged", "inbox"):
            console.print(f"[yellow]{d['outcome']}[/] {d['source_id']}: {d['url']} ({d['reason']})")
        for a in d["attachments"]:
            if a["outcome"] not in ("fetched", "unchanged"):
                console.print(f"[yellow]{a['outcome']}[/] annex of {d['jurisdiction_code']} {d['kind']} {d['year']}: {a['url']}")
    for p in report["inbox_problems"]:
        console.print(f"[yellow]inbox[/] {p['message']}")


def _check_mirror(url: str) -> None:
    """Fail early, with exit code 4, when nothing listens at the mirror address."""

    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise ConfigError(f"the mirror URL must look like http://127.0.0.1:8765, got {mask_url(url)!r}")
    try:
        with socket.create_connection((parts.hostname, parts.port or 80), timeout=3):
            pass
    except OSError as exc:
        err = ConfigError(f"no mirror answers at {mask_url(url)} ({exc}); start one with `govwork mirror`")
        err.exit_code = EXIT_ENVIRONMENT  # type: ignore[attr-defined]
        raise err from None


def mirror_command(
    port: int = typer.Option(8765, "--port", "-p", help="Port on 127.0.0.1 (0 picks a free one)."),
) -> None:
    """Serve the bundled snapshot of the portals on 127.0.0.1 until Ctrl-C."""
    from govwork.mirror import serve  # the mirror server and its site table: only when the command runs

    # A shell starts a background job (`govwork mirror &` in a script) with SIGINT ignored, and
    # Python keeps an ignored SIGINT ignored: Ctrl-C / kill -INT must stop the server all the same.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        server = serve(port=port)
    except OSError as exc:
        err = ConfigError(f"cannot listen on 127.0.0.1:{port}: {exc}")
        err.exit_code = EXIT_ENVIRONMENT  # type: ignore[attr-defined]
        raise err from None
    try:  # from here on: a Ctrl-C arriving while the lines are written still stops the server
        typer.echo(f"mirror serving at {server.base_url}")
        typer.echo(f"crawl it with: govwork crawl --mirror {server.base_url}")
        sys.stdout.flush()
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``govwork`` app."""
    app.command("crawl")(crawl_command)
    app.command("mirror")(mirror_command)
