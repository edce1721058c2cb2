"""``govwork crawl`` and ``govwork mirror`` from the command line."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import pytest
import requests
import typer
from typer.testing import CliRunner

from govwork.cli import EXIT_ENVIRONMENT, EXIT_INPUT, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, GovworkGroup
from govwork.cli import crawl as crawl_cli
from core.config import REPO_ROOT
from tests.crawl.snapshot import expected_documents


def _crawl_app():
    app = typer.Typer(cls=GovworkGroup, pretty_exceptions_enable=False)
    crawl_cli.register(app)
    return app


@pytest.fixture()
def app():
    return _crawl_app()


@pytest.fixture()
def env(tmp_path):
    return {"GOVWORK_HOME": str(tmp_path), "GOVWORK_MIN_DELAY": "0", "GOVWORK_MIRROR_URL": ""}


def test_crawl_json_prints_one_line_per_document(app, env, mirror_url):
    result = CliRunner().invoke(app, ["crawl", "--mirror", mirror_url, "--json"], env=env)
    assert result.exit_code == EXIT_PARTIAL  # the official Gansu portal is blocked
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == len(expected_documents())
    for line in lines:
        assert {"jurisdiction", "kind", "year", "title", "url", "sha256", "outcome"} <= set(line)
    keys = {(x["jurisdiction"], x["kind"], x["year"]) for x in lines}
    assert ("620000", "breakdown", 2018) in keys and ("371323", "interpretation", 2023) in keys
    assert "crawl summary" in result.stderr and "anti_bot:ruishu:http_412" in result.stderr


def test_crawl_exits_0_when_everything_went_fine(app, env, mirror_url):
    result = CliRunner().invoke(app, ["crawl", "--mirror", mirror_url, "-j", "371323", "--kind", "interpretation"], env=env)
    assert result.exit_code == EXIT_OK, result.output
    assert "371323" in result.stdout and "crawl summary" in result.stdout


def test_crawl_reports_bad_input(app, env, mirror_url):
    runner = CliRunner()
    assert runner.invoke(app, ["crawl", "--kind", "budget", "--mirror", mirror_url], env=env).exit_code == EXIT_USAGE
    unknown = runner.invoke(app, ["crawl", "-j", "999999", "--mirror", mirror_url], env=env)
    assert unknown.exit_code == EXIT_USAGE and "unknown jurisdiction" in unknown.stderr  # names the closest
    down = runner.invoke(app, ["crawl", "--mirror", "http://127.0.0.1:9"], env=env)
    assert down.exit_code == EXIT_ENVIRONMENT and "no mirror answers" in down.stderr


def test_crawl_base_url_points_sources_at_another_site(app, env, mirror_url):
    # Wuhan's portal over plain http: same paths, another base
    result = CliRunner().invoke(
        app, ["crawl", "--mirror", mirror_url, "-j", "420100", "--base-url", "http://www.wuhan.gov.cn", "--json"], env=env
    )
    assert result.exit_code == EXIT_OK, result.output
    (doc,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert doc["url"] == "http://www.wuhan.gov.cn/zwgk/xxgk/zfwj/bgtwj/202001/t20200123_836251.shtml"
    assert doc["outcome"] == "fetched"


def test_a_dead_listing_page_is_a_failure(app, env, mirror_url):
    # Yishui's site has none of Wuhan's paths: the listing answers 404
    result = CliRunner().invoke(
        app, ["crawl", "--mirror", mirror_url, "-j", "420100", "--base-url", "http://www.yishui.gov.cn", "--json"], env=env
    )
    assert result.exit_code == EXIT_PARTIAL
    assert result.stdout == ""
    assert "http://www.yishui.gov.cn/zwgk/xxgk/zfwj/bgtwj/index.shtml" in result.stderr.replace("\n", "")


def test_govwork_mirror_serves_until_interrupted(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-c", "from govwork.cli import main; main()", "mirror", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith("mirror serving at http://127.0.0.1:")
        url = line.split()[-1]
        r = requests.get(url + "/robots.txt", headers={"Host": "www.wuhan.gov.cn"}, timeout=5)
        assert r.status_code == 200 and "Disallow: /so/" in r.text
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    # when it fails: what the process said, and whether it was still running (killed: -9)
    assert proc.returncode == 0, (proc.returncode, proc.stderr.read()[-2000:])


def test_a_bad_registry_entry_stops_the_crawl_with_a_clear_message(app, env, mirror_url, tmp_path):
    registry = tmp_path / "registry"
    registry.mkdir()
    (registry / "990100-bad.yaml").write_text('code: "990100"\nname: 坏\nlevel: town\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["crawl", "--mirror", mirror_url], env={**env, "GOVWORK_REGISTRY_DIR": str(registry)})
    assert result.exit_code == EXIT_INPUT
    assert "990100-bad.yaml: level must be one of province, city, county, got 'town'" in result.stderr.replace("\n", " ")
