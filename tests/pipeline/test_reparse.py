"""Re-parsing without re-crawling: a crawl keeps what it found beside the raw bytes, and
``govwork reparse`` runs parse → validate → load over it with no network at all."""

from __future__ import annotations

import json

import pytest
import typer
from sqlalchemy import text
from typer.testing import CliRunner

from govwork.cli import EXIT_OK, GovworkGroup
from govwork.cli import crawl as crawl_cli
from govwork.cli import parse as parse_cli
from tests.crawl.snapshot import expected_documents

# every document page the snapshot serves (mirror/spec + the registry)
SEED_DOCS = {f"{code}:{kind}:{year}" for code, kind, year, _source in expected_documents()}


@pytest.fixture()
def app():
    app = typer.Typer(cls=GovworkGroup, pretty_exceptions_enable=False)
    crawl_cli.register(app)
    parse_cli.register(app)
    return app


@pytest.fixture()
def own_mirror():
    """A mirror of this test's own: its request log counts this test's requests only."""
    from govwork.mirror import serve

    server = serve(port=0)
    yield server
    server.stop()


def test_reparse_reads_the_raw_store_and_loads_without_any_request(app, tmp_path, own_mirror):
    mirror_server = own_mirror
    env = {"GOVWORK_HOME": str(tmp_path), "GOVWORK_MIN_DELAY": "0", "GOVWORK_MIRROR_URL": ""}
    runner = CliRunner()
    runner.invoke(app, ["crawl", "--mirror", mirror_server.base_url], env=env)
    requests_after_crawl = len(mirror_server.log)

    result = runner.invoke(app, ["reparse", "--json"], env=env)

    assert result.exit_code == EXIT_OK, result.output
    assert len(mirror_server.log) == requests_after_crawl  # nothing was fetched again
    parsed = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert {r["doc_key"] for r in parsed if r["status"] == "parsed"} == SEED_DOCS
    # Dingxi's report was found on two sources: two parse results, one document
    assert sum(r["doc_key"] == "621100:work_report:2026" for r in parsed) == 2

    from warehouse.db import engine_for

    with engine_for(f"sqlite:///{tmp_path / 'warehouse.sqlite'}").connect() as conn:
        loaded = set(conn.execute(text("SELECT doc_key FROM documents WHERE current_version_id IS NOT NULL")).scalars())
        dingxi_provenances = conn.execute(text(
            "SELECT count(DISTINCT p.url) FROM provenances p JOIN documents d ON d.id = p.document_id "
            "WHERE d.doc_key = '621100:work_report:2026'")).scalar()
    assert loaded == SEED_DOCS
    assert dingxi_provenances == 2


def test_reparse_filters_and_says_when_the_store_is_empty(app, tmp_path):
    env = {"GOVWORK_HOME": str(tmp_path)}
    result = CliRunner().invoke(app, ["reparse", "-j", "420100"], env=env)
    assert result.exit_code == EXIT_OK
    assert "run `govwork crawl` first" in result.stdout
