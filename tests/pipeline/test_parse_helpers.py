"""A large parse batch shared with helper processes (``govwork.parse_helpers``) gives what
the serial stage gives: the same results in the same order, the same parsed files, the same
parse cache rows. A helper that dies, or helpers that cannot start, leave the batch to the
stage's own process with a logged reason; a small batch never starts a helper."""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import sqlite3
import time
from pathlib import Path

import pytest

from bench.corpus import found_documents, generate
from core.config import Settings
from extractors.rawstore import RawStore
from govwork import parse_helpers, stages

COUNT = 16


@pytest.fixture(scope="module")
def corpus():
    return generate(COUNT)


def _settings(home: Path, workers: int) -> Settings:
    return Settings.from_env({"GOVWORK_HOME": str(home), "GOVWORK_PARSE_WORKERS": str(workers)}).ensure_dirs()


def _parse(settings: Settings, docs) -> list[dict]:
    return list(stages.parse_each(settings, found_documents(docs, RawStore(settings.raw_dir))))


def _written(settings: Settings, results: list[dict]) -> tuple:
    """Results, parsed files and cache rows, with the home directory taken out of paths."""
    def local(text: str) -> str:
        return text.replace(str(settings.home), "HOME")

    files = {str(p.relative_to(settings.parsed_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(settings.parsed_dir.rglob("*.json"))}
    with sqlite3.connect(settings.cache_dir / "parse" / "results.sqlite") as db:
        rows = [(k, local(v)) for k, v in db.execute("SELECT key, result FROM results ORDER BY key")]
    return json.loads(local(json.dumps(results))), files, rows


@pytest.fixture()
def serial(tmp_path, corpus):
    settings = _settings(tmp_path / "serial", 1)
    return _written(settings, _parse(settings, corpus))


def _helpers_started():
    return [p for p in multiprocessing.active_children() if p.name == "govwork-parse-helper"]


def _hold_first_parse_until(monkeypatch, condition) -> None:
    """The stage's process waits, before its first document, until ``condition()`` (at most a
    minute): so the helpers surely take part, however slowly they start on a busy machine."""
    real = parse_helpers._parse_one
    held = []

    def parse_one(*args):
        if not held:
            held.append(1)
            deadline = time.monotonic() + 60
            while not condition() and time.monotonic() < deadline:
                time.sleep(0.05)
        return real(*args)

    monkeypatch.setattr(parse_helpers, "_parse_one", parse_one)


def test_a_shared_batch_gives_the_serial_results_files_and_cache(tmp_path, corpus, serial, monkeypatch, caplog):
    settings = _settings(tmp_path / "shared", 2)
    monkeypatch.setattr(parse_helpers, "MIN_DOCUMENTS", 4)
    _hold_first_parse_until(monkeypatch, lambda: any(settings.parsed_dir.rglob("*.json")))  # a helper's file
    with caplog.at_level(logging.INFO, logger="govwork.stages"):
        results = _parse(settings, corpus)
    assert _written(settings, results) == serial
    shared = [r.getMessage() for r in caplog.records if "helper process" in r.getMessage()]
    assert len(shared) == 1 and "by 1 helper process(es)" in shared[0]
    assert f"{COUNT} document(s): {COUNT} in this process" not in shared[0]  # the helper parsed some
    assert list(stages.parse_each(settings, found_documents(corpus, RawStore(settings.raw_dir)))) == results


class DiesInAHelper(tuple):
    """Reading rules that end the helper process reading them (exit code 3): a crash below
    Python, say. In the stage's own process they are ordinary rules."""

    def __iter__(self):
        if multiprocessing.parent_process() is not None:
            os._exit(3)
        return super().__iter__()


def test_a_helper_that_dies_leaves_the_rest_to_the_stage(tmp_path, corpus, serial, monkeypatch, caplog):
    settings = _settings(tmp_path / "shared", 2)
    monkeypatch.setattr(parse_helpers, "MIN_DOCUMENTS", 4)
    real_rules = stages.reading_rules
    monkeypatch.setattr(stages, "reading_rules", lambda registry, found: DiesInAHelper(real_rules(registry, found)))
    seen = []

    def helper_gone() -> bool:  # started, then ended (reaped: no longer among the active children)
        alive = _helpers_started()
        seen.extend(alive)
        return bool(seen) and not alive

    _hold_first_parse_until(monkeypatch, helper_gone)
    with caplog.at_level(logging.INFO, logger="govwork.stages"):
        results = _parse(settings, corpus)
    assert _written(settings, results) == serial
    failed = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(failed) == 1 and "exit code 3" in failed[0] and "parsing the rest of the batch in this process" in failed[0]


class _NoProcesses:
    """A multiprocessing context whose processes cannot start (no fork server, a daemon)."""

    def __init__(self):
        self.real = multiprocessing.get_context("forkserver")

    def __getattr__(self, name):
        return getattr(self.real, name)

    def Process(self, *args, **kwargs):  # noqa: N802 - multiprocessing's name
        raise OSError("no processes here")


def test_helpers_that_cannot_start_leave_the_batch_to_the_stage(tmp_path, corpus, serial, monkeypatch, caplog):
    settings = _settings(tmp_path / "shared", 2)
    monkeypatch.setattr(parse_helpers, "MIN_DOCUMENTS", 4)
    no_processes = _NoProcesses()
    monkeypatch.setattr(parse_helpers.multiprocessing, "get_context", lambda method: no_processes)
    with caplog.at_level(logging.INFO, logger="govwork.stages"):
        results = _parse(settings, corpus)
    assert _written(settings, results) == serial
    messages = [r.getMessage() for r in caplog.records]
    assert any("could not start (OSError('no processes here'))" in m for m in messages), messages
    assert any(f"{COUNT} document(s): {COUNT} in this process, 0 by 0 helper" in m for m in messages), messages


@pytest.mark.parametrize("workers, minimum", [(2, COUNT + 1), (1, 1)])
def test_a_small_batch_or_one_worker_stays_serial(tmp_path, corpus, serial, monkeypatch, workers, minimum):
    """Below ``MIN_DOCUMENTS`` documents to parse (the DAG's one-document tasks), or with
    ``GOVWORK_PARSE_WORKERS=1``, no helper is started."""
    monkeypatch.setattr(parse_helpers, "MIN_DOCUMENTS", minimum)
    monkeypatch.setattr(parse_helpers, "parse_shared", lambda *a: pytest.fail("helpers started"))
    settings = _settings(tmp_path / "small", workers)
    assert _written(settings, _parse(settings, corpus)) == serial


def test_remembered_documents_do_not_count_towards_sharing(tmp_path, corpus, monkeypatch):
    """A re-run over a batch parsed before reads the cache and starts no helper."""
    settings = _settings(tmp_path / "again", 2)
    monkeypatch.setattr(parse_helpers, "MIN_DOCUMENTS", COUNT)
    first = _parse(settings, corpus[: COUNT // 2])
    monkeypatch.setattr(parse_helpers, "parse_shared", lambda *a: pytest.fail("helpers started"))
    assert _parse(settings, corpus)[: COUNT // 2] == first


def test_the_worker_count_setting():
    assert Settings.from_env({}).parse_workers == len(os.sched_getaffinity(0))
    assert Settings.from_env({"GOVWORK_PARSE_WORKERS": "1"}).parse_workers == 1
