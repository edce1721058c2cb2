"""What researchers and BI users touch: named queries, exports, the HTML report.

Quick start (pandas)::

    import govwork.research as gr
    gr.run_query(gr.engine(), "targets", indicator="gdp_growth")   # a named query
    gr.frame("targets")                                            # any view or table as a DataFrame

``engine()`` and ``frame()`` read ``WAREHOUSE_URL`` (default: the SQLite file under
``GOVWORK_HOME``), exactly like the ``govwork`` command.
"""

from __future__ import annotations

from govwork.research.access import engine, frame, relations
from warehouse.named_queries import NamedQuery, get_query, list_queries, run_query  # the researcher's API

__all__ = ["NamedQuery", "engine", "frame", "get_query", "list_queries", "relations", "run_query",
           "write_report"]


def write_report(*args, **kwargs):
    """See :func:`govwork.research.report_writer.write_report` (imported on first use)."""
    from govwork.research.report_writer import write_report as _write_report  # only when a report is written

    return _write_report(*args, **kwargs)
