"""Where a run's outputs are written, so the DAGs and the CLI agree."""

from __future__ import annotations

from pathlib import Path

from core.config import Settings


def report_path(settings: Settings) -> Path:
    return settings.reports_dir / "report.html"


def data_docs_index(settings: Settings) -> Path:
    """GX Data Docs site written by the validate stage (``stages.validate``)."""
    return settings.reports_dir / "data_docs" / "index.html"
