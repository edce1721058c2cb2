"""The content-addressed raw store and its manifest."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os

import pytest

from extractors.rawstore import ManifestMark, ManifestRead, RawStore


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


# --- reading what was appended since a mark -----------------------------------------------------


def test_manifest_since_a_mark_reads_only_the_rows_appended_after_it(tmp_path):
    store = RawStore(tmp_path / "raw")
    assert store.manifest_since(None) == ManifestRead()  # no manifest yet: nothing, no mark
    for i in range(3):
        store.append_manifest({"i": i, "padding": "甘" * 100})
    first = store.manifest_since(None)
    assert [r["i"] for r in first.rows] == [0, 1, 2] and first.from_start
    assert first.mark.offset == store.manifest_path.stat().st_size
    assert store.manifest_since(first.mark) == ManifestRead([], first.mark, from_start=False)
    store.append_manifest({"i": 3})
    line = json.dumps({"i": 4}).encode()
    with open(store.manifest_path, "ab") as fh:
        fh.write(line[:3])  # another process's append still in flight
    then = store.manifest_since(first.mark)
    assert ([r["i"] for r in then.rows], then.from_start) == ([3], False)
    with open(store.manifest_path, "ab") as fh:
        fh.write(line[3:] + b"\n")
    last = store.manifest_since(ManifestMark.from_dict(json.loads(json.dumps(then.mark.as_dict()))))  # saved, read back
    assert [r["i"] for r in last.rows] == [4] and last.mark.offset == store.manifest_path.stat().st_size


def test_a_mark_that_no_longer_fits_the_manifest_reads_it_whole(tmp_path):
    store = RawStore(tmp_path / "raw")
    for i in range(4):
        store.append_manifest({"i": i})
    mark = store.manifest_since(None).mark
    text = store.manifest_path.read_bytes()

    store.manifest_path.write_bytes(text[: text.index(b"\n") + 1])  # truncated, same file
    assert store.manifest_since(mark) == ManifestRead([{"i": 0}], store.manifest_since(None).mark, from_start=True)

    store.manifest_path.write_bytes(text.replace(b'"i": 3', b'"i": 9'))  # rewritten in place, same length
    assert [r["i"] for r in store.manifest_since(mark).rows] == [0, 1, 2, 9]

    replacement = store.root / "manifest.new"  # replaced by another file with the same bytes and more
    replacement.write_bytes(text + b'{"i": 5}\n')
    os.replace(replacement, store.manifest_path)
    again = store.manifest_since(mark)
    assert ([r["i"] for r in again.rows], again.from_start) == ([0, 1, 2, 3, 5], True)

    for broken in (None, {}, {"inode": "x", "offset": 1, "check": ""}, {"inode": 1, "offset": 0, "check": ""}):
        assert ManifestMark.from_dict(broken) is None
