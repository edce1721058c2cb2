"""The parse stage remembers results: unchanged bytes read by unchanged code are not parsed
again, and anything a parse depends on (bytes, attachments, hints, the parsing code) is a
new key."""

from __future__ import annotations

import shutil

import pytest

from extractors import parse_cache
from govwork import stages
from core.config import Settings


@pytest.fixture()
def crawled(tmp_path, mirror_url):
    settings = Settings.from_env({"GOVWORK_HOME": str(tmp_path), "GOVWORK_MIN_DELAY": "0"}).with_(mirror_url=mirror_url)
    settings.ensure_dirs()
    found = stages.crawl(settings, jurisdiction="420100")
    return settings, next(d for d in found if d["outcome"] == "fetched" and d["kind"] == "breakdown")


def test_a_second_parse_of_the_same_bytes_reuses_the_result(crawled):
    settings, found = crawled
    first = stages.parse(settings, found)
    written = (settings.parsed_dir / first["parsed_path"]).stat().st_mtime_ns
    again = stages.parse(settings, {**found, "outcome": "unchanged", "fetched_at": "2030-01-01T00:00:00+00:00"})
    assert again == first
    assert (settings.parsed_dir / first["parsed_path"]).stat().st_mtime_ns == written  # not parsed again


def test_a_lost_parsed_file_is_parsed_again(crawled):
    settings, found = crawled
    first = stages.parse(settings, found)
    (settings.parsed_dir / first["parsed_path"]).unlink()
    assert stages.parse(settings, found) == first
    assert (settings.parsed_dir / first["parsed_path"]).is_file()


def test_a_parsed_file_left_empty_is_parsed_again(crawled):
    """Parsed files are not synced one by one: a power cut can leave one renamed but empty."""
    settings, found = crawled
    first = stages.parse(settings, found)
    path = settings.parsed_dir / first["parsed_path"]
    content = path.read_bytes()
    path.write_bytes(b"")
    assert stages.parse(settings, found) == first
    assert path.read_bytes() == content


def test_the_key_follows_what_the_parse_reads_not_how_it_was_fetched():
    found = {"url": "http://a/b", "sha256": "1" * 64, "kind": "breakdown", "year": 2020, "outcome": "fetched",
             "fetched_at": "t1", "attachments": [{"url": "http://a/c.pdf", "sha256": "2" * 64, "outcome": "fetched"}]}
    key = parse_cache.key_for(found)
    assert parse_cache.key_for({**found, "outcome": "unchanged", "fetched_at": "t2"}) == key
    assert parse_cache.key_for({**found, "sha256": "3" * 64}) != key
    assert parse_cache.key_for({**found, "year": 2021}) != key
    changed_annex = [{**found["attachments"][0], "sha256": "4" * 64}]
    assert parse_cache.key_for({**found, "attachments": changed_annex}) != key


def test_any_change_to_the_parsing_code_is_a_new_fingerprint(tmp_path, monkeypatch):
    copy = tmp_path / "extractors"
    shutil.copytree(parse_cache.EXTRACTORS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(parse_cache, "EXTRACTORS_DIR", copy)

    def fingerprint():
        parse_cache.code_fingerprint.cache_clear()
        return parse_cache.code_fingerprint()

    before = fingerprint()
    (copy / "crawl" / "fetch.py").write_text("# the crawler is not parsing code\n", encoding="utf-8")
    assert fingerprint() == before
    with (copy / "taxonomy" / "indicators.yaml").open("a", encoding="utf-8") as fh:
        fh.write("\n# a taxonomy edit changes what parses give\n")
    assert fingerprint() != before
    parse_cache.code_fingerprint.cache_clear()


def test_a_remembered_result_loads_no_parser(crawled):
    """A re-run whose documents are all remembered (a forced `govwork run` over an unchanged
    snapshot) never loads the parsers (pdfplumber, the value readers …: ~0.3 s CPU in its
    first task); a document not remembered loads them and parses as before."""
    import json
    import subprocess
    import sys

    from core.config import REPO_ROOT

    settings, found = crawled
    first = stages.parse(settings, found)
    code = (
        "import json, sys\n"
        "from core.config import Settings\n"
        "from govwork import stages\n"
        f"settings = Settings.from_env({{'GOVWORK_HOME': {str(settings.home)!r}}})\n"
        "found = json.loads(sys.stdin.read())\n"
        "result = list(stages.parse_each(settings, [found]))[0]\n"
        "print(json.dumps([result, sorted(m for m in ('govwork.parsing', 'extractors.parse', 'extractors.values') if m in sys.modules)]))\n"
    )

    def parse_in_a_fresh_process(doc: dict):
        done = subprocess.run([sys.executable, "-c", code], input=json.dumps(doc), capture_output=True, text=True,
                              cwd=REPO_ROOT, timeout=120)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    assert parse_in_a_fresh_process(found) == [first, []]
    shutil.rmtree(settings.cache_dir / "parse")  # forgotten: parsed again, with the parsers
    assert parse_in_a_fresh_process(found) == [first, ["extractors.parse", "extractors.values", "govwork.parsing"]]
