"""CLI commands: the warehouse.

``govwork load`` takes every document in the parsed store (``settings.parsed_dir``: what
``govwork parse``/``crawl`` + the parse stage wrote), validates the batch with Great
Expectations and loads it, then refreshes the views. Parsing the raw store is the parse
stage's job (``govwork run`` chains crawl → parse → validate → load); keeping load on the
parsed store means a load never re-parses and never touches the network. Loading is
idempotent, so re-running it costs little.

``govwork validate`` runs the suites only (Data Docs under reports/data_docs), loads nothing.
``govwork quarantine list|release`` shows what is held and re-validates it after a parser fix.
``govwork migrate`` brings the schema to the newest migration and recreates the views.
``govwork bi-role --password …`` creates the read-only BI role (PostgreSQL).
"""

from __future__ import annotations

import json
import sys
from typing import Optional

import typer

from core.config import Settings
from govwork.cli import EXIT_PARTIAL

quarantine_app = typer.Typer(help="Documents held back by validation (or parse failures).", no_args_is_help=True)


def _print(data, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n")


def load_command(
    as_json: bool = typer.Option(False, "--json", help="Print the load summary as JSON."),
) -> None:
    """Validate and load every document in the parsed store, then refresh the views."""
    from govwork import stages  # imports every layer below: only when the command runs

    settings = Settings.from_env().ensure_dirs()
    results = stages.parsed_store_results(settings)
    summary = stages.load(settings, results, stages.validate(settings, results))
    summary["views"] = stages.refresh_views(settings)
    if as_json:
        _print(summary, True)
    else:
        for d in summary["documents"]:
            line = f"{d['action']:12} {d['doc_key']:32} {d.get('status', ''):11} {d.get('completeness', '')}"
            typer.echo(line + (f"  — {d['message']}" if d.get("message") else ""))
        typer.echo("totals: " + ", ".join(f"{k}={v}" for k, v in sorted(summary["counts"].items())))
    if summary["counts"].get("error") or summary["counts"].get("quarantined"):
        raise typer.Exit(EXIT_PARTIAL)


def validate_command(
    as_json: bool = typer.Option(False, "--json", help="Print every outcome as JSON."),
) -> None:
    """Run the Great Expectations suites over the parsed store; write Data Docs; load nothing."""
    from govwork import stages  # imports every layer below: only when the command runs

    settings = Settings.from_env().ensure_dirs()
    outcomes = stages.validate(settings, stages.parsed_store_results(settings))
    if as_json:
        _print(outcomes, True)
    else:
        for o in outcomes:
            typer.echo(f"{o['status']:11} {o['doc_key']:32} {o['completeness']['status']}")
            for f in o["failures"]:
                typer.echo(f"    {f['severity']:8} {f['expectation']}: {f['message']}")
        typer.echo(f"Data Docs: {settings.reports_dir / 'data_docs' / 'index.html'}")
    if any(o["status"] == "quarantined" for o in outcomes):
        raise typer.Exit(EXIT_PARTIAL)


@quarantine_app.command("list")
def quarantine_list(
    doc_key: Optional[str] = typer.Option(None, "--doc-key", help="Only this document (620000:breakdown:2018)."),
    include_released: bool = typer.Option(False, "--all", help="Also show released entries."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Show what is held, with the reasons."""
    from warehouse.db import engine_for  # sqlalchemy and alembic: only when the command runs
    from warehouse.quarantine import held

    rows = held(engine_for(Settings.from_env().warehouse_url), doc_key=doc_key, include_released=include_released)
    if as_json:
        return _print(rows, True)
    if not rows:
        typer.echo("nothing held")
    for r in rows:
        state = f"released {r['released_at']}" if r["released_at"] else "held"
        typer.echo(f"{r['doc_key'] or r['url']}  [{r['origin']}, {state}, since {r['created_at']}]")
        for reason in r["reasons"]:
            typer.echo(f"    {reason.get('expectation') or reason.get('reason')}: {reason.get('message')}")


@quarantine_app.command("release")
def quarantine_release(
    doc_key: Optional[str] = typer.Option(None, "--doc-key", help="Only this document."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Re-validate held versions from their parsed JSON (after a parser fix and re-parse) and
    load the ones that now pass. No re-crawl. (Parse failures are released by the next
    successful parse of the same raw bytes, when it is loaded.)"""
    from govwork import stages  # imports every layer below: only when the command runs

    settings = Settings.from_env().ensure_dirs()
    out = stages.release_quarantine(settings, doc_key=doc_key)
    if out["released"]:
        stages.refresh_views(settings)
    if as_json:
        _print(out, True)
    else:
        typer.echo(f"released: {', '.join(out['released']) or '-'}")
        typer.echo(f"still held: {', '.join(out['still_held']) or '-'}")
        if out["missing"]:
            typer.echo(f"parsed JSON missing (run `govwork reparse` first): {', '.join(out['missing'])}")
    if out["still_held"] or out["missing"]:
        raise typer.Exit(EXIT_PARTIAL)


def migrate_command() -> None:
    """Create or upgrade the warehouse schema, then (re)create the views."""
    from govwork import stages  # imports every layer below: only when the command runs
    from warehouse.db import current_revision, engine_for

    settings = Settings.from_env()
    views = stages.refresh_views(settings)  # migrates first
    typer.echo(f"schema at revision {current_revision(engine_for(settings.warehouse_url))}; views: {', '.join(views)}")


def bi_role_command(
    password: str = typer.Option(
        ..., "--password", envvar="GOVWORK_BI_PASSWORD", prompt=True, hide_input=True,
        help="Password of the BI role; better from GOVWORK_BI_PASSWORD or the prompt than on a command line.",
    ),
    role: Optional[str] = typer.Option(None, "--role", help="Role name (default: <database>_bi)."),
) -> None:
    """Create or update the strictly read-only BI role of this PostgreSQL warehouse (views only)."""
    from warehouse.db import engine_for, refresh_views  # sqlalchemy and alembic: only when the command runs
    from warehouse.roles import ensure_bi_role

    engine = engine_for(Settings.from_env().warehouse_url)
    refresh_views(engine)  # migrates first
    name = ensure_bi_role(engine, password, role)
    typer.echo(f"role {name}: SELECT on the views of schema bi, nothing else")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``govwork`` app."""
    app.command("load")(load_command)
    app.command("validate")(validate_command)
    app.command("migrate")(migrate_command)
    app.command("bi-role")(bi_role_command)
    app.add_typer(quarantine_app, name="quarantine")
