"""The stages' result cache: one SQLite file that several processes write at once, whose
results outlive the process, and that is never an error when it cannot be read."""

from __future__ import annotations

import multiprocessing

from extractors.parse_cache import ResultCache


def _write_many(root: str, worker: int) -> None:
    cache = ResultCache(root)
    for n in range(200):
        cache.put(f"{worker}-{n}", {"worker": worker, "n": n, "text": "政府工作报告" * 20})


def test_parallel_writers_all_land_and_a_new_process_reads_them(tmp_path):
    context = multiprocessing.get_context("spawn")  # fresh processes, as parallel Airflow tasks are
    workers = [context.Process(target=_write_many, args=(str(tmp_path), w)) for w in range(3)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(60)
    assert [p.exitcode for p in workers] == [0, 0, 0]
    reader = context.Pool(1)
    try:
        got = reader.apply(_read_all, (str(tmp_path),))
    finally:
        reader.close()
    assert got == [{"worker": w, "n": n, "text": "政府工作报告" * 20} for w in range(3) for n in range(200)]


def _read_all(root: str) -> list:
    cache = ResultCache(root)
    return [cache.get(f"{w}-{n}") for w in range(3) for n in range(200)]


def test_a_result_put_again_replaces_the_old_one(tmp_path):
    cache = ResultCache(tmp_path)
    cache.put("k", {"status": "failed"})
    cache.put("k", {"status": "parsed"})
    assert cache.get("k") == {"status": "parsed"} and cache.get("other") is None


def test_a_cache_file_that_is_no_database_is_a_miss_and_never_an_error(tmp_path):
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "results.sqlite").write_bytes(b"not a database at all" * 100)
    cache = ResultCache(tmp_path / "broken")
    cache.put("k", {"status": "parsed"})  # not remembered, and the stage goes on
    assert cache.get("k") is None


def test_results_put_together_are_each_remembered(tmp_path):
    cache = ResultCache(tmp_path)
    cache.put("a", {"status": "old"})
    cache.put_many([("a", {"status": "passed"}), ("b", {"status": "warning", "text": "政府工作报告"})])
    assert cache.get("a") == {"status": "passed"} and cache.get("b") == {"status": "warning", "text": "政府工作报告"}


def test_results_put_together_in_a_broken_cache_are_a_miss_and_never_an_error(tmp_path):
    (tmp_path / "results.sqlite").write_bytes(b"not a database at all" * 100)
    cache = ResultCache(tmp_path)
    cache.put_many([("a", {"status": "passed"}), ("b", {"status": "passed"})])
    assert cache.get("a") is None and cache.get("b") is None
