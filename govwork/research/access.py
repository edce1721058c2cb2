"""One-liners for pandas users: any view or table of the warehouse as a DataFrame.

    >>> import govwork.research as gr
    >>> gr.frame("targets")                 # a table or a view, by name
    >>> gr.relations()                       # what there is to read

Same settings as the ``govwork`` command (``WAREHOUSE_URL``, ``GOVWORK_HOME``).
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import DBAPIError

from core.config import Settings
from govwork.research.queries import UnknownQueryError, read_frame, WarehouseNotReady, _describe_db_error
from warehouse.db import engine_for


def engine(settings: Settings | None = None) -> Engine:
    """The warehouse engine for ``settings`` (default: from the environment)."""

    return engine_for((settings or Settings.from_env()).warehouse_url)


def relations(engine_: Engine | None = None) -> dict[str, list[str]]:
    """Names of the views and tables you can pass to :func:`frame`."""
    eng = engine_ or engine()
    try:
        insp = inspect(eng)
        return {"views": sorted(insp.get_view_names()),
                "tables": sorted(t for t in insp.get_table_names() if t != "alembic_version")}
    except DBAPIError as exc:
        raise WarehouseNotReady(_describe_db_error(eng, exc)) from exc


def frame(name: str, engine_: Engine | None = None) -> pd.DataFrame:
    """Every row of the view or table ``name`` as a DataFrame."""
    eng = engine_ or engine()
    known = relations(eng)
    if name not in known["views"] and name not in known["tables"]:
        listing = ", ".join(known["views"] + known["tables"]) or "nothing: the warehouse is empty"
        raise UnknownQueryError(f"no view or table named {name!r}; there is {listing}")
    quoted = eng.dialect.identifier_preparer.quote(name)
    try:
        return read_frame(eng, f"SELECT * FROM {quoted}")
    except DBAPIError as exc:
        raise WarehouseNotReady(_describe_db_error(eng, exc)) from exc
