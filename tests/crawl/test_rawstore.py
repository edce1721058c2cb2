"""The content-addressed raw store and its manifest."""

from __future__ import annotations

import hashlib
import json
import multiprocessing

import pytest

from extractors.rawstore import RawStore


def test_bytes_are_named_by_their_sha256_only(tmp_path):
    store = RawStore(tmp_path / "raw")
    data = "甘政发〔2026〕7号".encode("utf-8")
    sha = store.put(data)
    assert sha == hashlib.sha256(data).hexdigest()
    assert store.path_of(sha) == tmp_path / "raw" / "objects" / sha[:2] / sha
    assert store.get(sha) == data and store.has(sha)
    assert store.put(data) == sha  # idempotent
    files = [p for p in (tmp_path / "raw" / "objects").rglob("*") if p.is_file()]
    assert files == [store.path_of(sha)]  # no temporary file left behind


def test_a_name_from_a_page_can_never_become_a_path(tmp_path):
    store = RawStore(tmp_path)
    for bad in ("../../etc/passwd", "附件1.pdf", "A" * 64, ""):
        with pytest.raises(ValueError):
            store.path_of(bad)
    with pytest.raises(KeyError):
        store.get("0" * 64)


def _append_rows(root: str, worker: int, n: int) -> None:
    store = RawStore(root)
    for i in range(n):
        store.append_manifest({"worker": worker, "i": i, "padding": "甘" * 3000})


def test_concurrent_manifest_appends_never_interleave(tmp_path):
    procs = [multiprocessing.Process(target=_append_rows, args=(str(tmp_path), w, 60)) for w in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(30)
    rows = RawStore(tmp_path).manifest()
    assert len(rows) == 180
    assert sorted((r["worker"], r["i"]) for r in rows) == [(w, i) for w in range(3) for i in range(60)]
    # every line is one whole JSON object
    lines = (tmp_path / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    assert all(json.loads(line)["padding"] == "甘" * 3000 for line in lines)


def test_empty_store_has_an_empty_manifest(tmp_path):
    assert RawStore(tmp_path / "none").manifest() == []
