"""A load is offered only the manifest rows appended since the warehouse's last load
(govwork/manifest_offers.py), and the warehouse ends up with what a load of the whole
manifest gives it: followed across loads and processes, and the whole manifest offered again
when the manifest was replaced or truncated, when the warehouse does not hold what it was
last offered (rebuilt, or that load did not commit), and when the offers file is broken."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from sqlalchemy import text

from core.config import REPO_ROOT, Settings
from extractors.rawstore import RawStore
from govwork import stages
from govwork.manifest_offers import manifest_to_offer, offers_path
from warehouse.db import engine_for
from warehouse.writes import row_key


def _settings(tmp_path, warehouse: str = "warehouse.sqlite") -> Settings:
    return Settings.from_env({"GOVWORK_HOME": str(tmp_path / "home")}).with_(
        warehouse_url=f"sqlite:///{tmp_path / warehouse}").ensure_dirs()


def _append(settings: Settings, first: int, n: int) -> None:
    store = RawStore(settings.raw_dir)
    for i in range(first, first + n):
        store.append_manifest({"url": f"http://www.gansu.gov.cn/art/{i}.html", "outcome": "unchanged", "status": 304,
                               "sha256": f"{i:064x}", "fetched_at": f"2027-01-01T00:00:{i:02d}+00:00",
                               "jurisdiction": "620000", "kind": "work_report", "year": 2026,
                               "source_id": "gansu-portal", "title": "甘肃省政府工作报告"})


def _offered_by_a_load(settings: Settings) -> int:
    return stages.load(settings, [], [])["counts"]["fetches_offered"]


def _fetches(settings: Settings) -> set[str]:
    with engine_for(settings.warehouse_url).connect() as conn:
        return set(conn.execute(text("SELECT row_key FROM fetches")).scalars())


def _whole_manifest(settings: Settings) -> set[str]:
    return {row_key(r) for r in RawStore(settings.raw_dir).iter_manifest()}


def test_each_load_is_offered_what_was_appended_since_and_the_warehouse_gets_every_row(tmp_path):
    settings = _settings(tmp_path)
    _append(settings, 0, 3)
    assert _offered_by_a_load(settings) == 3
    _append(settings, 3, 2)
    assert _offered_by_a_load(settings) == 2
    assert _offered_by_a_load(settings) == 0
    assert _fetches(settings) == _whole_manifest(settings) and len(_fetches(settings)) == 5
    # another warehouse on the same raw store keeps its own place: offered everything once
    other = _settings(tmp_path, "other.sqlite")
    assert _offered_by_a_load(other) == 5 and _fetches(other) == _fetches(settings)
    _append(settings, 5, 1)
    assert (_offered_by_a_load(settings), _offered_by_a_load(other)) == (1, 1)
    assert _fetches(settings) == _fetches(other) == _whole_manifest(settings)
    assert settings.warehouse_url not in offers_path(RawStore(settings.raw_dir)).read_text()  # URLs kept hashed


def test_a_new_process_reads_the_place_back(tmp_path):
    settings = _settings(tmp_path)
    _append(settings, 0, 4)
    _offered_by_a_load(settings)
    _append(settings, 4, 2)
    code = ("import json, sys\nfrom core.config import Settings\nfrom govwork.manifest_offers import manifest_to_offer\n"
            "s = Settings.from_env().with_(warehouse_url=sys.argv[1])\n"
            "print(json.dumps([r['url'] for r in manifest_to_offer(s)]))")
    env = {**os.environ, "GOVWORK_HOME": str(settings.home)}
    done = subprocess.run([sys.executable, "-c", code, settings.warehouse_url], capture_output=True, text=True,
                          cwd=REPO_ROOT, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["http://www.gansu.gov.cn/art/4.html", "http://www.gansu.gov.cn/art/5.html"]


def test_a_replaced_or_truncated_manifest_is_offered_whole(tmp_path):
    settings = _settings(tmp_path)
    store = RawStore(settings.raw_dir)
    _append(settings, 0, 4)
    _offered_by_a_load(settings)
    text_before = store.manifest_path.read_bytes()
    store.manifest_path.write_bytes(text_before[: text_before.index(b"\n") + 1])  # truncated to its first row
    assert _offered_by_a_load(settings) == 1
    replacement = store.root / "manifest.new"  # a raw store crawled again: another file
    replacement.write_bytes(text_before)
    os.replace(replacement, store.manifest_path)
    _append(settings, 4, 1)
    assert _offered_by_a_load(settings) == 5
    assert _fetches(settings) == _whole_manifest(settings)


def test_a_warehouse_without_the_rows_last_offered_is_offered_everything(tmp_path):
    settings = _settings(tmp_path)
    _append(settings, 0, 3)
    _offered_by_a_load(settings)
    # a load offered the new rows but never committed (it failed, or was killed)
    _append(settings, 3, 2)
    assert len(manifest_to_offer(settings)) == 2
    _append(settings, 5, 1)
    assert _offered_by_a_load(settings) == 6
    # the warehouse dropped and made again
    os.unlink(settings.warehouse_url.removeprefix("sqlite:///"))
    engine_for.cache_clear()
    assert _offered_by_a_load(settings) == 6 and _fetches(settings) == _whole_manifest(settings)


def test_a_broken_offers_file_means_the_whole_manifest(tmp_path):
    settings = _settings(tmp_path)
    _append(settings, 0, 3)
    _offered_by_a_load(settings)
    path = offers_path(RawStore(settings.raw_dir))
    whole = path.read_bytes()
    for broken in (whole[: len(whole) // 2], b"", b"[]", b'{"x": 1}', json.dumps({k: {"offset": "x"} for k in
                                                                                   json.loads(whole)}).encode()):
        path.write_bytes(broken)
        assert _offered_by_a_load(settings) == 3
    assert _offered_by_a_load(settings) == 0  # and written whole again
