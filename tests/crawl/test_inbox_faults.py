"""The inbox under hostile input (issue 14, item 5): a non-UTF-8 file name, a symlink out of
the inbox, a FIFO, a crawl that dies half-way, a 2-byte document."""

from __future__ import annotations

import json
import os

import pytest

from core.records import to_dict
from extractors.crawl import run_crawl
from extractors.rawstore import RawStore
from govwork import stages
from tests.crawl.faults_registry import settings_for
from tests.crawl.test_inbox import _drop, _no_sources

GOOD = {"url": "https://www.dingxi.gov.cn/a.shtml", "jurisdiction": "621100", "kind": "work_report", "year": 2026}


def test_a_file_name_that_is_not_utf8_is_one_recorded_failure(tmp_path):
    settings = settings_for(tmp_path, None)
    _drop(settings.inbox_dir, "good.txt", "定西市2026年政府工作报告".encode(), GOOD)
    bad = os.fsencode(settings.inbox_dir) + b"/\xb9\xa4\xd7\xf7.txt"  # GBK bytes of 工作
    with open(bad, "wb") as fh:
        fh.write(b"x" * 100)
    with open(bad + b".json", "wb") as fh:
        fh.write(json.dumps({**GOOD, "url": "https://www.dingxi.gov.cn/b.shtml"}).encode())
    report = run_crawl(settings, _no_sources(tmp_path))
    assert [d.url for d in report.documents] == [GOOD["url"]]
    problems = [(p.file, p.reason) for p in report.inbox_problems]
    assert problems == [("\\xb9\\xa4\\xd7\\xf7.txt", "inbox_bad_file_name"),
                        ("\\xb9\\xa4\\xd7\\xf7.txt.json", "inbox_bad_file_name")]
    json.dumps(report.to_dict(), ensure_ascii=False).encode("utf-8")  # the report itself is writable
    found = RawStore(settings.raw_dir).found_documents()
    assert [d["url"] for d in found] == [GOOD["url"]]  # reparse sees the good document


def test_found_documents_are_kept_as_they_are_found(tmp_path, monkeypatch):
    """A crawl that dies after its first document leaves that document for `reparse`."""
    settings = settings_for(tmp_path, None)
    _drop(settings.inbox_dir, "a.txt", b"first document", GOOD)
    _drop(settings.inbox_dir, "b.txt", b"second document", {**GOOD, "url": "https://www.dingxi.gov.cn/c.shtml"})
    real_put, calls = RawStore.put, []

    def put_then_die(self, data):
        calls.append(data)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the crawl is killed while storing the second file
        return real_put(self, data)

    monkeypatch.setattr(RawStore, "put", put_then_die)
    with pytest.raises(KeyboardInterrupt):
        run_crawl(settings, _no_sources(tmp_path))
    assert [d["url"] for d in RawStore(settings.raw_dir).found_documents()] == [GOOD["url"]]


def test_symlinks_out_of_the_inbox_and_special_files_are_not_read(tmp_path):
    settings = settings_for(tmp_path, None)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the warehouse", encoding="utf-8")
    settings.inbox_dir.mkdir(parents=True)
    (settings.inbox_dir / "leak.txt").symlink_to(secret)
    (settings.inbox_dir / "leak.txt.json").write_text(json.dumps(GOOD), encoding="utf-8")
    os.mkfifo(settings.inbox_dir / "pipe.txt")
    (settings.inbox_dir / "pipe.txt.json").write_text(json.dumps(GOOD), encoding="utf-8")
    _drop(settings.inbox_dir, "inside.txt", b"a document inside", {**GOOD, "url": "https://www.dingxi.gov.cn/d.shtml"})
    (settings.inbox_dir / "alias.txt").symlink_to(settings.inbox_dir / "inside.txt")  # inside: fine
    (settings.inbox_dir / "alias.txt.json").write_text(
        json.dumps({**GOOD, "url": "https://www.dingxi.gov.cn/e.shtml"}), encoding="utf-8")
    report = run_crawl(settings, _no_sources(tmp_path))  # a FIFO that was read would hang here
    reasons = {p.file: p.reason for p in report.inbox_problems}
    assert reasons == {"leak.txt": "inbox_symlink_outside", "pipe.txt": "inbox_not_a_regular_file"}
    assert sorted(d.url for d in report.documents) == ["https://www.dingxi.gov.cn/d.shtml",
                                                       "https://www.dingxi.gov.cn/e.shtml"]
    store = RawStore(settings.raw_dir)
    assert all(store.get(d.sha256) == b"a document inside" for d in report.documents)


def test_a_two_byte_document_does_not_pass_validation(tmp_path):
    settings = settings_for(tmp_path, None)
    _drop(settings.inbox_dir, "tiny.txt", b"xy", {**GOOD, "kind": "breakdown"})
    report = run_crawl(settings, _no_sources(tmp_path))
    (doc,) = report.documents
    result = stages.parse(settings, to_dict(doc))
    if result["status"] == "parsed":  # read as an (empty) document: validation must hold it back
        (outcome,) = stages.validate(settings, [result])
        assert outcome["status"] == "quarantined"
        assert [f["expectation"] for f in outcome["failures"]] == ["document_has_records"]
    else:
        assert result["status"] == "failed"


def test_temp_files_of_killed_writes_are_swept(tmp_path):
    """A write killed half-way leaves its temp file; the next crawl removes old ones and
    leaves a fresh one (a write in progress) alone."""
    settings = settings_for(tmp_path, None)
    old = [settings.raw_dir / "objects" / "ab" / ".tmp-k1ll3d", settings.parsed_dir / "620000" / "breakdown-2026-x.tmp",
           settings.cache_dir / "parse" / ".tmp-half"]
    fresh = settings.raw_dir / "objects" / "cd" / ".tmp-writing"
    keep = settings.raw_dir / "objects" / "ab" / ("a" * 64)
    for path in (*old, fresh, keep):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half")
    for path in (*old, keep):
        os.utime(path, (1_000_000_000, 1_000_000_000))
    run_crawl(settings, _no_sources(tmp_path))
    assert [p.exists() for p in old] == [False, False, False]
    assert fresh.exists() and keep.exists()


def test_the_stores_are_swept_at_most_once_an_hour(tmp_path):
    """The sweep walks every stored file, so a crawl task sweeps only when the last sweep is
    an hour old (a temp file is stale only after an hour anyway)."""
    from extractors.crawl.run import SWEEP_EVERY_S

    settings, registry = settings_for(tmp_path, None), _no_sources(tmp_path)
    run_crawl(settings, registry)  # sweeps, and stamps when
    killed = settings.raw_dir / "objects" / "ab" / ".tmp-k1ll3d"
    killed.parent.mkdir(parents=True, exist_ok=True)
    killed.write_bytes(b"half")
    os.utime(killed, (1_000_000_000, 1_000_000_000))
    run_crawl(settings, registry)
    assert killed.exists()  # swept minutes ago: not again
    stamp = settings.cache_dir / "stale-temp-swept"
    an_hour_ago = stamp.stat().st_mtime - SWEEP_EVERY_S - 1
    os.utime(stamp, (an_hour_ago, an_hour_ago))
    run_crawl(settings, registry)
    assert not killed.exists()
