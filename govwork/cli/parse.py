"""CLI commands: parse.

``govwork parse FILE`` reads any local HTML, PDF, Word, Excel, text file or zip/rar bundle through the same code the
pipeline's parse stage uses (``extractors.parse``) and prints the document's metadata and
records: as JSON with ``--json``, else as a short readable summary. Input it cannot read
ends with a one-line error and exit code EXIT_INPUT, never a traceback.

``govwork reparse`` runs the parse stage again over every document earlier crawls put in
the raw store (no network), then validates and loads them: what to do after a parser fix.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from core.config import Settings
from core.errors import GovworkError
from core.records import to_dict
from govwork.cli import EXIT_INPUT, EXIT_PARTIAL
from govwork.cli.options import JURISDICTION_HELP, jurisdiction_code


class KindOption(str, Enum):
    auto = "auto"
    work_report = "work_report"
    breakdown = "breakdown"
    interpretation = "interpretation"


def _summary(doc) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    m = doc.meta
    console.print(f"[bold]{m.title or '(no title)'}[/]")
    fields = [
        ("kind", m.kind), ("jurisdiction", m.jurisdiction_code), ("year", m.year), ("issuer", m.issuer),
        ("文号", m.doc_number), ("written", m.written_date), ("published", m.published_date),
        ("session", m.session_date), ("deadlines", ", ".join(m.deadlines) or None),
        ("parser", f"{doc.parser} v{doc.parser_version}"), ("text sha256", doc.text_sha256[:16]),
    ]
    for label, value in fields:
        if value not in (None, ""):
            console.print(f"  {label:13} {value}")
    if doc.declared_counts:
        console.print("[bold]declared counts[/]")
        for c in doc.declared_counts:
            console.print(f"  {c.what:10} {c.count:>5}  {c.part or ''}  (line {c.span.line})")
    if doc.targets:
        table = Table("indicator", "low", "high", "qualifier", "unit", "period", "raw", title="targets")
        for t in doc.targets:
            table.add_row(str(t.indicator), str(t.low), str(t.high), t.qualifier, str(t.unit), t.period, t.raw[:40])
        console.print(table)
    if doc.actuals:
        table = Table("indicator", "value", "unit", "year", "raw", title="actuals")
        for a in doc.actuals:
            table.add_row(str(a.indicator), str(a.value), str(a.unit), str(a.year), a.raw[:40])
        console.print(table)
    if doc.tasks:
        console.print(f"[bold]tasks[/] {len(doc.tasks)}")
        for t in doc.tasks[:10]:
            lead = ",".join(u.name for u in t.units if u.role == "lead")
            console.print(f"  {t.seq:>4}  {t.text[:50]}  [dim]{lead}[/]")
        if len(doc.tasks) > 10:
            console.print(f"  … {len(doc.tasks) - 10} more (use --json for all)")
    for note in doc.notes:
        console.print(f"  [dim]note: {note}[/]")


def parse_command(
    file: Path = typer.Argument(..., help="A local HTML, PDF, Word, Excel, WPS or text file, or a zip/rar bundle of them."),
    kind: KindOption = typer.Option(KindOption.auto, "--kind", help="What the document is; auto detects it."),
    jurisdiction: Optional[str] = typer.Option(None, "--jurisdiction", "-j", callback=jurisdiction_code,
                                               help="Code (621100), name (定西市, 定西) or pinyin (Dingxi)."),
    year: Optional[int] = typer.Option(None, "--year", min=1949, max=2200, help="The year the targets are for."),
    as_json: bool = typer.Option(False, "--json", help="Print the parsed document as JSON."),
) -> None:
    """Parse one local file and print its metadata and records."""
    from extractors.parse import parse_file  # parsers, bs4 and pdfplumber: only when the command runs

    try:
        doc = parse_file(file, kind=None if kind is KindOption.auto else kind.value, jurisdiction=jurisdiction, year=year)
    except GovworkError as exc:
        typer.echo(f"error: {exc} [{exc.reason}]", err=True)
        raise typer.Exit(EXIT_INPUT)
    if as_json:
        sys.stdout.write(json.dumps(to_dict(doc), ensure_ascii=False, indent=1) + "\n")
    else:
        _summary(doc)


def reparse_command(
    jurisdiction: Optional[str] = typer.Option(None, "--jurisdiction", "-j", help=JURISDICTION_HELP,
                                               callback=jurisdiction_code),
    kind: Optional[KindOption] = typer.Option(None, "--kind", help="Only this kind of document."),
    year: Optional[int] = typer.Option(None, "--year", min=1949, max=2200, help="Only this year."),
    load: bool = typer.Option(True, "--load/--no-load", help="Validate and load what was parsed (default) or only parse."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON line per document parsed."),
) -> None:
    """Parse again every document in the raw store (no crawl), then validate and load."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from govwork import stages  # imports every layer below: only when the command runs

    settings = Settings.from_env().ensure_dirs()
    wanted = None if kind in (None, KindOption.auto) else kind.value
    found = stages.found_in_store(settings, jurisdiction=jurisdiction, kind=wanted, year=year)
    results = []
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("parsing", total=len(found) or 1)

        def announced():
            for doc in found:
                bar.update(task, description=f"parsing {doc['jurisdiction_code']} {doc.get('title', '')[:30]}")
                yield doc

        for result in stages.parse_each(settings, announced()):
            results.append(result)
            bar.advance(task)
    for r in results:
        if as_json:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        else:
            typer.echo(f"{r['status']:8} {r.get('doc_key') or r['jurisdiction_code']:32} {r.get('reason') or ''} {r['url']}")
    failed = [r for r in results if r["status"] == "failed"]
    if load and results:
        summary = stages.load(settings, results, stages.validate(settings, results))
        stages.refresh_views(settings)
        if not as_json:
            typer.echo("loaded: " + ", ".join(f"{k}={v}" for k, v in sorted(summary["counts"].items())))
        failed += [d for d in summary["documents"] if d.get("action") in ("quarantined", "error")]
    if not found and not as_json:
        typer.echo(f"nothing in the raw store {settings.raw_dir} matches: run `govwork crawl` first")
    if failed:
        raise typer.Exit(EXIT_PARTIAL)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``govwork`` app."""
    app.command("parse")(parse_command)
    app.command("reparse")(reparse_command)
