"""One-liners for pandas users: any view or table of the warehouse as a DataFrame.

    >>> import govwork.research as gr
    >>> gr.frame("targets")                 # a table or a view, by name
    >>> gr.relations()                       # what there is to read

Same settings as the ``govwork`` command (``WAREHOUSE_URL``, ``GOVWORK_HOME``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Engine

from core.config import Settings
from warehouse import reads
from warehouse.db import engine_for

if TYPE_CHECKING:  # annotations only: `import govwork.research` does not import pandas
    import pandas as pd


def engine(settings: Settings | None = None) -> Engine:
    """The warehouse engine for ``settings`` (default: from the environment)."""
    return engine_for((settings or Settings.from_env()).warehouse_url)


def relations(engine_: Engine | None = None) -> dict[str, list[str]]:
    """Names of the views and tables you can pass to :func:`frame`."""
    return reads.relations(engine_ or engine())


def frame(name: str, engine_: Engine | None = None) -> pd.DataFrame:
    """Every row of the view or table ``name`` as a DataFrame."""
    return reads.read_relation(engine_ or engine(), name)
