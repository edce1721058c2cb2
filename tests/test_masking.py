"""Credentials are masked wherever a URL is shown or logged (issue 14, item 8): the closing
lines of ``govwork run``, error messages about database and mirror URLs, the manifest."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from core.config import Settings
from core.errors import ConfigError
from extractors.crawl.fetch import Fetcher
from extractors.rawstore import RawStore
from govwork.cli.run import _print_outcome
from govwork.orchestration.job import JobResult
from tests.crawl.hostile import hostile_source
from warehouse.db import engine_for

SECRET = "pa55-Wörd"


def test_govwork_run_closing_lines_mask_the_database_password(tmp_path, postgres_admin_url):
    url = f"postgresql+psycopg2://postgres:{SECRET}@127.0.0.1:5432/govwork_no_such_db"
    settings = Settings.from_env({"GOVWORK_HOME": str(tmp_path), "WAREHOUSE_URL": url})
    out = io.StringIO()
    _print_outcome(Console(file=out, width=200), JobResult(settings=settings, planned=[], log_path=tmp_path / "a.log"))
    text = out.getvalue()
    assert SECRET not in text
    assert "warehouse:  postgresql+psycopg2://postgres:***@127.0.0.1:5432/govwork_no_such_db" in text
    assert "No comparison:" in text  # the failing connection's message is shown, masked too


def test_a_bad_database_url_message_masks_the_password():
    with pytest.raises(ConfigError) as err:
        engine_for(f"postgresql://u:{SECRET}@[::1")
    assert SECRET not in str(err.value) and "***" in str(err.value)


def test_the_manifest_never_holds_a_password(tmp_path):
    source = hostile_source(tmp_path, "http://127.0.0.1:9")
    store = RawStore(tmp_path / "raw")
    res = Fetcher(store).fetch(f"http://u:{SECRET}@127.0.0.1:9/x", source, role="article", jurisdiction="990000")
    assert res.reason == "credentials_in_url"
    (row,) = store.manifest()
    assert row["url"] == "http://u:***@127.0.0.1:9/x" and SECRET not in str(row)
