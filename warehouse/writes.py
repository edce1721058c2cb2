"""Low-level writes of the load stage: rows of one table in one statement, in the caller's
transaction, straight to the database driver.

SQLAlchemy's per-statement work (building, cache key, parameter processing) was most of the
load stage's time: a document is ~30 small statements. Inserts here go to the driver as one
prepared ``INSERT`` executed over tuples (multi-row VALUES pages with psycopg2, whose
executemany is a round trip per row). The columns are plain text, numbers and booleans,
which both drivers take as they are; a column's Python-side default (``default=`` in
``warehouse.models``) is filled in as SQLAlchemy would.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from datetime import datetime, timezone
from operator import itemgetter
from typing import Any, Sequence

from sqlalchemy import Connection, Table

from core.errors import LoadError
from warehouse.models import Base

T = Base.metadata.tables
_PG_PAGE = 1000


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# ``json.dumps`` with options builds an encoder per call: 3 of its ~4 µs, and a load writes
# ~80 JSON columns a document (a task's section path and flags, a check's details).
_KEY_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str)
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def row_key(data: Any) -> str:
    return hashlib.sha256(_KEY_ENCODER.encode(data).encode()).hexdigest()


def dumps(data: Any) -> str:
    """``json.dumps(data, ensure_ascii=False, sort_keys=True)``."""
    return _ENCODER.encode(data)


@functools.lru_cache(maxsize=4096)
def _dumps_strings(values: tuple[str, ...]) -> str:
    return _ENCODER.encode(values)


def dumps_strings(values: Sequence[str]) -> str:
    """``dumps`` of a list of strings, remembered: a document's tasks repeat their section
    paths and flags (~27,000 of them per 500 documents, a few thousand distinct)."""
    return _dumps_strings(tuple(values))


def upsert_stmt(conn: Connection, table: Table):
    """The dialect's INSERT construct (it has ``on_conflict_do_*``)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - only the two supported databases
        raise LoadError(f"unsupported database: {conn.dialect.name}")
    return insert(table)


@functools.lru_cache(maxsize=None)
def _scalar_defaults(table: str) -> tuple[tuple[str, Any], ...]:
    return tuple((c.name, c.default.arg) for c in T[table].columns
                 if c.default is not None and c.default.is_scalar)


def insert_rows(conn: Connection, table: str, rows: list[dict], *, ignore_existing: bool = False) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` in one statement; with
    ``ignore_existing`` rows whose natural key exists already are skipped (``ON CONFLICT
    DO NOTHING``, the same words in SQLite and PostgreSQL)."""
    if not rows:
        return
    columns = list(rows[0])
    row_of = itemgetter(*columns)  # a C loop; a tuple unless there is one column
    values = [row_of(r) for r in rows] if len(columns) > 1 else [(row_of(r),) for r in rows]
    defaults = [(name, value) for name, value in _scalar_defaults(table) if name not in rows[0]]
    if defaults:
        columns += [name for name, _ in defaults]
        extra = tuple(value for _, value in defaults)
        values = [v + extra for v in values]
    execute_insert(conn, table, columns, values, ignore_existing=ignore_existing)


def execute_insert(conn: Connection, table: str, columns: Sequence[str], values: list[tuple], *,
                   ignore_existing: bool = False, returning: str | None = None) -> list[tuple]:
    """One INSERT of ``values`` (tuples in ``columns`` order) through the driver's cursor;
    ``returning``: a column to return per inserted row (one row only: psycopg2 pages
    multi-row inserts)."""
    sql = _insert_sql(conn.dialect.driver, conn.dialect.paramstyle, table, tuple(columns), ignore_existing, returning)
    cursor = conn.connection.driver_connection.cursor()
    try:
        if returning:
            cursor.execute(sql, values[0])
            return cursor.fetchall()
        if conn.dialect.driver == "psycopg2":
            from psycopg2.extras import execute_values

            execute_values(cursor, sql, values, page_size=_PG_PAGE)
        else:
            cursor.executemany(sql, values)
        return []
    finally:
        cursor.close()


@functools.lru_cache(maxsize=256)
def _insert_sql(driver: str, paramstyle: str, table: str, columns: tuple[str, ...], ignore_existing: bool,
                returning: str | None) -> str:
    """The INSERT's text, made once per table and column list (a load sends ~8 a document):
    psycopg2's multi-row insert takes one ``%s`` for its VALUES pages (``execute_values``)."""
    head = f'INSERT INTO "{table}" ({", ".join(f"{chr(34)}{c}{chr(34)}" for c in columns)}) VALUES '
    tail = (" ON CONFLICT DO NOTHING" if ignore_existing else "") + (f' RETURNING "{returning}"' if returning else "")
    mark = "%s" if driver == "psycopg2" or paramstyle != "qmark" else "?"
    if driver == "psycopg2" and not returning:
        return head + "%s" + tail
    return head + f"({', '.join([mark] * len(columns))})" + tail


_NAMED = re.compile(r"(?<![:\w]):(\w+)")


@functools.lru_cache(maxsize=256)
def _pyformat(sql: str) -> str:
    return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))


def run(conn: Connection, sql: str, params: dict | None = None) -> list[tuple]:
    """One statement with ``:name`` parameters through the driver, in the caller's
    transaction; its rows (none for a write)."""
    cursor = conn.connection.driver_connection.cursor()
    try:
        cursor.execute(_pyformat(sql) if conn.dialect.name == "postgresql" else sql, params or {})
        return cursor.fetchall() if cursor.description else []
    finally:
        cursor.close()


def in_list(name: str, values: Sequence) -> tuple[str, dict]:
    """``:name0, :name1, …`` and their parameters, for ``IN (…)``."""
    params = {f"{name}{i}": v for i, v in enumerate(values)}
    return ", ".join(f":{k}" for k in params), params


def any_of(template: str, rows: Sequence[tuple], names: Sequence[str]) -> tuple[str, dict]:
    """``(template) OR (template) …``, once per row of ``rows`` with its own parameters, and
    those parameters: ``template`` names a row's columns ``{j}``, ``{y}`` … after ``names``
    ("j", "y"), e.g. ``jurisdiction_code = :{j} AND year = :{y}``. PostgreSQL reads each
    term by its index (a bitmap OR)."""
    params: dict = {}
    terms = []
    for i, row in enumerate(rows):
        keys = {n: f"{n}{i}" for n in names}
        params.update({keys[n]: v for n, v in zip(names, row)})
        terms.append("(" + template.format(**keys) + ")")
    return " OR ".join(terms), params


def in_pairs(conn: Connection, first: str, second: str, pairs: Sequence[tuple], name: str) -> tuple[str, dict]:
    """A condition: (``first``, ``second``) is one of ``pairs`` (text, integer), and its
    parameters. SQLite: the pairs are one JSON parameter read by ``json_each``, so the
    statement's text is the same whatever the pairs and is compiled once per connection (an
    OR of a hundred terms took longer to compile than to run), and each pair is searched by
    the index; PostgreSQL: an OR of the pairs (``any_of``)."""
    if conn.dialect.name == "sqlite":
        # json_extract, not ->> (SQLite 3.38+): the JSON functions of older SQLite builds too
        return (f"({first}, {second}) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') "
                f"FROM json_each(:{name}))",
                {name: dumps(list(pairs))})
    return any_of(f"{first} = :{{{name}j}} AND {second} = :{{{name}y}}", pairs, (f"{name}j", f"{name}y"))
