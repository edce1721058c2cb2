"""The validators index beside the raw store's manifest (extractors/crawl/validators.py):
it always answers what a fold over the whole manifest answers, reads only what was appended
since it was written, survives a crash mid-write, and is rebuilt when it no longer matches
the manifest. And over real HTTP: a re-run revalidates (304s) with or without it."""

from __future__ import annotations

import json
import os

from extractors.crawl.fetch import Fetcher
from extractors.crawl.validators import Validators, fetch_memory, index_path
from extractors.rawstore import RawStore
from tests.crawl.fault_host import FAULT_HOST
from tests.crawl.faults_registry import fault_registry


def _whole_manifest(store: RawStore) -> dict[str, Validators]:
    """The answer by definition: every row of the manifest, in order."""
    out: dict[str, Validators] = {}
    for row in store.iter_manifest():
        if row.get("outcome") in ("fetched", "unchanged") and row.get("sha256") and (
                row.get("etag") or row.get("last_modified")):
            out[row.get("final_url") or row["url"]] = Validators(row.get("etag"), row.get("last_modified"), row["sha256"])
    return out


def validators_by_url(store: RawStore) -> dict[str, Validators]:
    """The validators half of what a fetcher reads from the index (the index brought up to date)."""
    return fetch_memory(store).validators


def _row(url: str, n: int, **kw) -> dict:
    return {"url": url, "final_url": None, "outcome": "fetched", "sha256": f"{n:064x}", "etag": f'"e{n}"',
            "last_modified": None, **kw}


ROWS = [
    _row("http://a.gov.cn/1.html", 1),
    _row("http://a.gov.cn/2.html", 2, etag=None, last_modified="Mon, 01 Jan 2024 00:00:00 GMT"),
    _row("http://a.gov.cn/3.html", 3, etag=None),  # no validator: not kept
    _row("http://a.gov.cn/1.html", 4, outcome="unchanged"),  # newer: wins
    _row("http://a.gov.cn/4.html", 5, outcome="failed"),  # not fetched: not kept
    _row("http://a.gov.cn/5.html", 6, final_url="http://a.gov.cn/5b.html"),  # kept under where it ended
    _row("http://a.gov.cn/6.html", 7, sha256=None),
    _row("http://a.gov.cn/2.html", 8, outcome="failed", etag='"x"'),  # a failure hides nothing
]


def test_the_index_answers_what_the_whole_manifest_does_as_the_manifest_grows(tmp_path):
    store = RawStore(tmp_path / "raw")
    assert validators_by_url(store) == {}  # no manifest yet
    for row in ROWS:
        store.append_manifest(row)
        assert validators_by_url(store) == _whole_manifest(store)
        assert json.loads(index_path(store).read_text())["offset"] == store.manifest_path.stat().st_size
    assert set(validators_by_url(store)) == {"http://a.gov.cn/1.html", "http://a.gov.cn/2.html",
                                             "http://a.gov.cn/5b.html"}
    assert validators_by_url(store)["http://a.gov.cn/1.html"].sha256 == f"{4:064x}"


def test_only_the_rows_appended_since_are_read(tmp_path):
    store = RawStore(tmp_path / "raw")
    for row in ROWS[:4]:
        store.append_manifest(row)
    expected = validators_by_url(store)
    store.append_manifest({"padding": "x" * 400})  # the first row is now far from the checked tail
    assert validators_by_url(store) == expected
    # the first row spoilt in place: a reader of the whole manifest fails on it, the index
    # (which read it before) does not read it again
    with open(store.manifest_path, "r+b") as fh:
        fh.write(b"#")
    store.append_manifest(ROWS[4])
    store.append_manifest(ROWS[5])
    assert validators_by_url(store) == {**expected, "http://a.gov.cn/5b.html": Validators('"e6"', None, f"{6:064x}")}


def test_a_line_still_being_written_is_read_once_it_is_whole(tmp_path):
    store = RawStore(tmp_path / "raw")
    store.append_manifest(ROWS[0])
    line = json.dumps(ROWS[1]).encode()
    with open(store.manifest_path, "ab") as fh:
        fh.write(line[:20])  # half a row: another process's append in flight
    assert validators_by_url(store) == {"http://a.gov.cn/1.html": Validators('"e1"', None, f"{1:064x}")}
    with open(store.manifest_path, "ab") as fh:
        fh.write(line[20:] + b"\n")
    assert validators_by_url(store) == _whole_manifest(store) and len(validators_by_url(store)) == 2


def test_an_index_cut_short_by_a_crash_is_rebuilt(tmp_path):
    store = RawStore(tmp_path / "raw")
    for row in ROWS:
        store.append_manifest(row)
    validators_by_url(store)
    whole = index_path(store).read_bytes()
    for broken in (whole[: len(whole) // 2], b"", b"[]", b'{"format": 1}'):
        index_path(store).write_bytes(broken)
        assert validators_by_url(store) == _whole_manifest(store)
        assert json.loads(index_path(store).read_bytes()) == json.loads(whole)  # and written whole again
    # a temporary file a killed writer left: ignored, and nothing else is left beside the index
    (store.root / ".tmp-killed").write_bytes(whole[:10])
    assert validators_by_url(store) == _whole_manifest(store)
    assert sorted(p.name for p in store.root.iterdir()) == [".tmp-killed", "manifest.jsonl", "validators.json"]


def test_an_index_that_no_longer_matches_the_manifest_is_rebuilt(tmp_path):
    store = RawStore(tmp_path / "raw")
    for row in ROWS:
        store.append_manifest(row)
    validators_by_url(store)

    # the manifest truncated (shorter than the index read)
    text = store.manifest_path.read_bytes()
    store.manifest_path.write_bytes(text[: text.index(b"\n") + 1])
    assert validators_by_url(store) == _whole_manifest(store) == {
        "http://a.gov.cn/1.html": Validators('"e1"', None, f"{1:064x}")}

    # the manifest replaced by another file (a raw store deleted and crawled again)
    validators_by_url(store)
    replacement = store.root / "manifest.new"
    replacement.write_bytes(json.dumps(_row("http://b.gov.cn/1.html", 9)).encode() + b"\n" + text)
    os.replace(replacement, store.manifest_path)
    assert validators_by_url(store) == _whole_manifest(store)
    assert "http://b.gov.cn/1.html" in validators_by_url(store)

    # the same file, its last row rewritten in place (same length) after the index read it
    store.append_manifest(_row("http://c.gov.cn/1.html", 10))
    assert validators_by_url(store)["http://c.gov.cn/1.html"].etag == '"e10"'
    text = store.manifest_path.read_bytes()
    with open(store.manifest_path, "r+b") as fh:
        fh.write(text[:-200] + text[-200:].replace(b"e10", b"f10"))
    assert validators_by_url(store)["http://c.gov.cn/1.html"].etag == '"f10"'
    assert validators_by_url(store) == _whole_manifest(store)


def test_a_rerun_revalidates_with_and_without_the_index(tmp_path, mirror_server):
    registry, prefix = fault_registry(tmp_path, timeout=10)  # a busy machine does not fail a fetch
    source = registry.source("faults")
    urls = [f"http://{FAULT_HOST}{prefix}doc/index-{i}.html" for i in range(3)]
    store = RawStore(tmp_path / "raw")

    def crawl() -> list[str]:
        fetcher = Fetcher(store, mirror_url=mirror_server.base_url, min_delay=0)
        try:
            return [fetcher.fetch(u, source, role="article", jurisdiction="990000").outcome for u in urls]
        finally:
            fetcher.close()

    assert crawl() == ["fetched"] * 3
    assert crawl() == ["unchanged"] * 3  # the index written by the first re-run's fetcher
    assert index_path(store).exists()
    assert crawl() == ["unchanged"] * 3  # read from the index
    index_path(store).unlink()
    assert crawl() == ["unchanged"] * 3  # rebuilt from the manifest
    conditional = [r.conditional for r in mirror_server.log if r.host == FAULT_HOST and "/index-" in r.path]
    assert conditional == [False] * 3 + [True] * 9
