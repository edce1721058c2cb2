"""Named queries: the SQL files in ``warehouse/queries/`` run with optional filters.

Each query is a plain SQL file a BI tool can reuse as it is (header comment, ``:named``
binds that take NULL for "all"). Python, the CLI (``govwork query``), the report and
``govwork run``'s closing summary all go through :func:`run_query`, so everyone gets the
same answer. Names are resolved here, once (``warehouse.names``): the SQL takes codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from core.errors import GovworkError
from warehouse import names
from warehouse.dictionary import describe

if TYPE_CHECKING:  # annotations only: pandas is imported where a frame is made
    import pandas as pd

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
PARAMETERS = ("jurisdiction", "year", "indicator")


class UnknownQueryError(GovworkError):
    """A query name that is not one of ours; the message lists the known ones."""

    reason = "unknown_query"
    exit_code = 2  # a usage mistake, like a bad option


class QueryParameterError(GovworkError):
    reason = "bad_query_parameter"
    exit_code = 2


class WarehouseNotReady(GovworkError):
    """The warehouse cannot be read: no database, or no tables yet."""

    reason = "warehouse_not_ready"
    exit_code = 4


@dataclass(frozen=True)
class NamedQuery:
    name: str  # "task-counts": what the CLI and run_query take
    path: Path  # warehouse/queries/task_counts.sql
    summary: str  # first line of the header comment
    parameters: tuple[str, ...]  # the :binds the SQL uses, in PARAMETERS order
    display: tuple[str, ...] = ()  # "-- display:" header: the columns a terminal table shows

    @property
    def sql(self) -> str:
        """The file as it is, header included (what a BI tool gets)."""
        return self.path.read_text(encoding="utf-8")

    @property
    def statement(self) -> str:
        """The SQL without its comment lines: SQLAlchemy would read ``:word`` in a comment
        as one more bind parameter."""
        return _strip_comments(self.sql)


def _strip_comments(sql: str) -> str:
    return "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))


def _summary(sql: str) -> str:
    """The header's first paragraph, without the leading "name:"."""
    lines = []
    for line in sql.lstrip().splitlines():
        words = line.strip().lstrip("-").strip()
        if not line.lstrip().startswith("--") or not words:
            break
        lines.append(words)
    return " ".join(lines).split(":", 1)[-1].strip()


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, NamedQuery]:
    found = {}
    for path in sorted(QUERIES_DIR.glob("*.sql")):
        sql = path.read_text(encoding="utf-8")
        name = path.stem.replace("_", "-")
        binds = set(re.findall(r"(?<![:\w]):([a-z_]+)\b", _strip_comments(sql)))
        shown = re.search(r"^-- display:(.*)$", sql, re.M)
        display = tuple(c.strip() for c in shown.group(1).split(",")) if shown else ()
        found[name] = NamedQuery(name, path, _summary(sql), tuple(p for p in PARAMETERS if p in binds), display)
    return found


def list_queries() -> list[NamedQuery]:
    """Every named query, sorted by name."""
    return list(_catalogue().values())


def get_query(name: str) -> NamedQuery:
    """The query called ``name`` (``task-counts`` and ``task_counts`` both work)."""
    key = name.strip().lower().replace("_", "-").removesuffix(".sql")
    try:
        return _catalogue()[key]
    except KeyError:
        known = ", ".join(_catalogue())
        raise UnknownQueryError(f"no query named {name!r}; known queries: {known}") from None


def run_query(
    engine: Engine,
    name: str,
    *,
    jurisdiction: str | None = None,
    year: int | str | None = None,
    indicator: str | None = None,
    nullable: bool = False,
) -> pd.DataFrame:
    """Run the named query and return its rows. Filters left at None mean "all".

    ``jurisdiction`` takes a code (620000), a full name (甘肃省), a short name (甘肃) or a
    pinyin name (Gansu); ``indicator`` a taxonomy code (gdp_growth) or one of its names.
    A filter the query does not take raises :class:`QueryParameterError`; a jurisdiction or
    indicator the warehouse does not know raises ``names.UnknownName`` naming the closest
    ones (both exit 2).

    Columns come as ``pandas.read_sql`` gives them (NULL is NaN/None; an integer column
    with NULLs is float). ``nullable=True`` casts each column to its data-dictionary type
    instead (Int64, Float64, string, boolean with ``pd.NA``): what the CLI and the export use.
    """
    columns, rows = _run(engine, name, jurisdiction=jurisdiction, year=year, indicator=indicator)
    frame = frame_of(columns, rows)
    return typed(frame, "query_" + get_query(name).name.replace("-", "_")) if nullable else frame


def query_table(engine: Engine, name: str, **filters) -> tuple[list[str], list]:
    """``run_query``'s columns and rows as the driver gives them, without pandas: what
    ``frame_of`` makes the same frame of (the report reads these to decide whether to draw)."""
    return _run(engine, name, **filters)


def query_rows(engine: Engine, name: str, **filters) -> list[dict]:
    """``run_query``'s rows as dicts, without pandas (0.3 s to import): NULL is None, values
    as the driver gives them. For ``govwork run``'s closing summary."""
    columns, rows = _run(engine, name, **filters)
    return [dict(zip(columns, row)) for row in rows]


def _run(engine: Engine, name: str, *, jurisdiction=None, year=None, indicator=None) -> tuple[list[str], list]:
    query = get_query(name)
    given = {"jurisdiction": jurisdiction, "year": year, "indicator": indicator}
    unsupported = [k for k, v in given.items() if v is not None and k not in query.parameters]
    if unsupported:
        takes = ", ".join(f"--{p}" for p in query.parameters) or "no filters"
        raise QueryParameterError(
            f"query {query.name!r} has no {', '.join('--' + k for k in unsupported)} filter (it takes {takes})"
        )
    if year is not None:
        try:
            year = int(year)
        except (TypeError, ValueError):
            raise QueryParameterError(f"year must be a number like 2026, not {year!r}") from None
    try:
        if jurisdiction is not None:
            from core.registry import load_registry  # only to resolve a name

            given["jurisdiction"] = names.jurisdictions(load_registry(), engine).code_of(str(jurisdiction))
        if indicator is not None:
            given["indicator"] = names.indicators(engine).code_of(str(indicator))
        params = {p: (year if p == "year" else given[p]) for p in query.parameters}
        return read_table(engine, query.statement, params)
    except DBAPIError as exc:
        raise WarehouseNotReady(describe_db_error(engine, exc)) from exc


_DTYPES = {"integer": "Int64", "float": "Float64", "text": "string", "boolean": "boolean"}


def typed(frame: pd.DataFrame, table: str, *, strict: bool = False) -> pd.DataFrame:
    """Columns cast to their data-dictionary types, so the same column has the same type
    on SQLite and PostgreSQL, counts stay integers beside NULLs (268, not 268.0) and a column
    of NULLs still has a type. ``strict``: an undocumented column is an error."""
    casts = {}
    for column in frame.columns:
        try:
            casts[column] = _DTYPES[describe(table, column)[0]]
        except KeyError:
            if strict:
                raise UndocumentedColumn(f"column {table}.{column} is not in the data dictionary "
                                         "(warehouse/dictionary.py)") from None
    return frame.astype(casts)


class UndocumentedColumn(GovworkError):
    reason = "undocumented_column"


def read_frame(engine: Engine, sql: str, params: dict | None = None) -> pd.DataFrame:
    """Rows of ``sql`` as a DataFrame. Not pandas.read_sql: that wraps database errors in its
    own type and loses the message we turn into a readable one."""
    return frame_of(*read_table(engine, sql, params))


def read_table(engine: Engine, sql: str, params: dict | None = None) -> tuple[list[str], list]:
    """Columns and rows of ``sql`` as the driver gives them (``read_frame`` without pandas)."""
    with engine.connect() as conn:
        result = conn.execute(text(sql), params or {})
        return list(result.keys()), result.fetchall()


def frame_of(columns: list[str], rows: list) -> pd.DataFrame:
    """The frame ``run_query`` and ``read_frame`` return for these columns and rows."""
    import pandas as pd  # only where a frame is made: `govwork run`'s closing reads rows without it

    return pd.DataFrame.from_records(rows, columns=columns, coerce_float=True)


def describe_db_error(engine: Engine, exc: DBAPIError) -> str:
    where = engine.url.render_as_string(hide_password=True)
    detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    if re.search(r"no such table|does not exist|undefined", detail, re.I):
        return f"the warehouse at {where} has no tables yet ({detail}); run `govwork load` (or `govwork run`) first"
    return f"cannot read the warehouse at {where}: {detail}"
