"""The fault matrix's database rows (scripts/fault_matrix.py): concurrent loaders as real
processes on SQLite and PostgreSQL, and what a BI login can do. ``row`` is the matrix's."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

from core.config import Settings

PG_ADMIN = os.environ.get("GOVWORK_TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _load_one(args) -> tuple[int, str]:
    settings_json, results, outcomes = args
    from govwork import stages

    settings = Settings(**{k: (Path(v) if k.endswith("_dir") or k == "home" else v) for k, v in settings_json.items()})
    try:
        summary = stages.load(settings, results, outcomes)
        stages.refresh_views(settings)
        return summary["counts"].get("error", 0), ""
    except Exception as exc:  # noqa: BLE001 - counted, that is the point
        return -1, f"{type(exc).__name__}: {str(exc)[:200]}"


def _snapshot(url: str) -> str:
    from sqlalchemy import create_engine, text

    from warehouse.models import Base
    from warehouse.views import view_names

    engine = create_engine(url)
    with engine.connect() as conn:
        views = {}
        for v in view_names():  # surrogate ids aside: a sequence also moves for skipped rows
            result = conn.execute(text(f"SELECT * FROM {v}"))
            keep = [i for i, c in enumerate(result.keys()) if not (c == "id" or c.endswith("_id"))]
            views[v] = sorted(repr(tuple(r[i] for i in keep)) for r in result)
        counts = {t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in Base.metadata.tables}
    engine.dispose()
    return json.dumps([views, counts], sort_keys=True)


def concurrent_loads(tmp: Path, row) -> None:
    from sqlalchemy import create_engine, text

    from govwork import stages
    from tests.fixtures.warehouse import parse_examples

    settings = Settings.from_env({"GOVWORK_HOME": str(tmp / "seed")}).ensure_dirs()
    results = parse_examples(settings)
    outcomes = stages.validate(settings, results)
    pg_ok = True
    try:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - no server: the PostgreSQL rows say so
        pg_ok = False

    def url_for(backend: str, name: str) -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp / name}.sqlite"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        return str(create_engine(PG_ADMIN).url.set(database=name).render_as_string(hide_password=False))

    ctx = multiprocessing.get_context("spawn")
    for backend in ("sqlite", "postgresql"):
        if backend == "postgresql" and not pg_ok:
            row("concurrency", "concurrent loaders on PostgreSQL", "-", "skipped: no PostgreSQL on 127.0.0.1", True)
            continue
        made = []
        stamp = f"govwork_matrix_{os.getpid()}"
        base = url_for(backend, f"{stamp}_one")
        made.append(base)
        _load_one(({k: str(v) if isinstance(v, Path) else v for k, v in vars(settings.with_(warehouse_url=base)).items()},
                   results, outcomes))
        expected = _snapshot(base)
        for n in (2, 4):
            failures, differ, rounds = 0, 0, 1
            messages = set()
            for r in range(rounds):
                url = url_for(backend, f"{stamp}_{n}_{r}")
                made.append(url)
                job = {k: str(v) if isinstance(v, Path) else v for k, v in vars(settings.with_(warehouse_url=url)).items()}
                with ctx.Pool(n) as pool:
                    out = pool.map(_load_one, [(job, results, outcomes)] * n)
                failures += sum(1 for code, _m in out if code != 0)
                messages |= {m for _c, m in out if m}
                differ += _snapshot(url) != expected
            row("concurrency", f"{n} loaders at once on {backend}", f"{rounds} rounds of {n} processes (load + view refresh)",
                f"{failures} of {n * rounds} failed; warehouses unlike one loader's: {differ}"
                + (f" ({'; '.join(sorted(messages))[:120]})" if messages else ""), failures == 0 and differ == 0)
        if backend == "postgresql":
            from warehouse.db import engine_for

            for url in made:
                engine_for(url).dispose()
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{create_engine(url).url.database}" WITH (FORCE)'))


def bi_role(tmp: Path, row) -> None:
    from sqlalchemy import create_engine, text

    from govwork import stages
    from tests.fixtures.warehouse import parse_examples
    from warehouse.db import engine_for
    from warehouse.roles import drop_bi_role, ensure_bi_role

    try:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - no server: the row says so
        row("BI role", "the BI role's limits", "-", "skipped: no PostgreSQL on 127.0.0.1", True)
        return
    name = f"govwork_matrix_bi_{os.getpid()}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = str(create_engine(PG_ADMIN).url.set(database=name).render_as_string(hide_password=False))
    settings = Settings.from_env({"GOVWORK_HOME": str(tmp), "WAREHOUSE_URL": url}).ensure_dirs()
    results = parse_examples(settings)
    stages.load(settings, results, stages.validate(settings, results))
    stages.refresh_views(settings)
    role = ensure_bi_role(engine_for(url), "matrix-pw")
    bi = create_engine(create_engine(url).url.set(username=role, password="matrix-pw"))
    off = ["SET default_transaction_read_only = off", "SET transaction_read_only = off"]
    attempts = {
        "read an operational table": ["SELECT count(*) FROM public.tasks"],
        "write a table (read-only turned off)": [*off, "INSERT INTO public.leaders (jurisdiction_code, name) VALUES ('620000', 'x')"],
        "create a temp table": [*off, "CREATE TEMP TABLE t (i int)"],
        "create a large object": [*off, "SELECT lo_from_bytea(0, 'x'::bytea)"],
        "create in schema bi": [*off, "CREATE TABLE bi.t (i int)"],
        "outrun the statement timeout (100 ms)": ["SET statement_timeout = '100ms'", "SELECT pg_sleep(2)"],
    }
    refused = []
    for label, statements in attempts.items():
        try:
            with bi.connect() as conn:
                for sql in statements:
                    conn.execute(text(sql))
                conn.commit()
        except Exception:  # noqa: BLE001 - refused, as it should be
            refused.append(label)
    with bi.connect() as conn:
        seen = conn.execute(text("SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN "
                                 "('pg_catalog', 'information_schema') AND has_table_privilege("
                                 "quote_ident(table_schema) || '.' || quote_ident(table_name), 'SELECT')")).scalar_one()
    bi.dispose()
    row("BI role", "what a BI login can do", f"{len(attempts)} attempts as `{role}`",
        f"refused {len(refused)} of {len(attempts)}; relations it can read: {seen} (the views of schema bi)",
        len(refused) == len(attempts))
    drop_bi_role(engine_for(url), role)
    engine_for(url).dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
