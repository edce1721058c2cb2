"""The DAG layout and the run plans, without Airflow: which DAGs a registry gives, how
documents are spread over mapped tasks, which logical dates a year gets."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from govwork.orchestration.batching import MAX_PARSE_TASKS, batches, flatten
from govwork.orchestration.layout import VIEWS_DAG_ID, province_code_of, province_dag_for, province_dags
from govwork.orchestration.runs import plan_runs
from govwork.orchestration.years import logical_date_for, year_range


def _registry(*entries):
    return SimpleNamespace(
        jurisdictions=[
            SimpleNamespace(code=c, name=n, level=lvl, parent_code=None, sources=("s",) if crawled else ())
            for c, n, lvl, crawled in entries
        ]
    )


def test_jurisdictions_group_by_province_even_without_their_parents():
    reg = _registry(
        ("620000", "甘肃省", "province", True),
        ("621100", "定西市", "city", True),
        ("371323", "沂水县", "county", True),  # neither Linyi nor Shandong in this registry
        ("420000", "湖北省", "province", False),  # a parent without sources: no crawl of its own
        ("420100", "武汉市", "city", True),
    )
    dags = province_dags(reg)
    assert [(d.dag_id, d.codes, d.province_name) for d in dags] == [
        ("govwork_province_370000", ["371323"], None),
        ("govwork_province_420000", ["420100"], "湖北省"),
        ("govwork_province_620000", ["620000", "621100"], "甘肃省"),
    ]
    assert province_dag_for("621100", reg).dag_id == "govwork_province_620000"
    with pytest.raises(LookupError):
        province_dag_for("420000", reg)  # no source: nothing to run


def test_bundled_registry_gives_one_dag_per_seed_province():
    # every jurisdiction with a source, under its province (parents have sources of their own now)
    assert {d.dag_id: d.codes for d in province_dags()} == {
        "govwork_province_370000": ["370000", "371300", "371323"],
        "govwork_province_420000": ["420000", "420100"],
        "govwork_province_620000": ["620000", "621100"],
    }


def test_the_index_reads_heads_and_falls_back_to_yaml_for_other_shapes(tmp_path):
    from core.registry import load_registry
    from govwork.orchestration.layout import index_entry, index_of, read_index, registry_dir

    bundled = registry_dir()
    assert sorted(read_index(bundled), key=lambda j: j["code"]) == sorted(index_of(load_registry(bundled)), key=lambda j: j["code"])
    assert index_entry('code: "110000"\nname: 北京市\nlevel: province\nsources:\n  - id: x\n') == {
        "code": "110000", "name": "北京市", "level": "province", "crawled": True}
    assert index_entry("code: 110000\nname: 北京市\nlevel: province\nsources: []\n")["crawled"] is False
    assert index_entry("code: 110000\nname: 北京市\nlevel: province\nsources:\n# none yet\n")["crawled"] is False
    # keys after sources, flow style, a name YAML reads as something else: the whole file is parsed
    assert index_entry("sources: [{id: a}]\ncode: 110000\nname: 北京市\nlevel: province\n") == {
        "code": "110000", "name": "北京市", "level": "province", "crawled": True}
    assert index_entry("code: 110000\nname: null\nlevel: province\nsources:\n")["name"] is None
    assert index_entry("code: 110000\nname: 'A # b'\nlevel: city # note\nsources:\n") == {
        "code": "110000", "name": "A # b", "level": "city", "crawled": False}


def test_the_cached_index_follows_every_edit_and_rereads_only_changed_files(tmp_path, monkeypatch):
    import json
    import shutil

    from govwork.orchestration.layout import _index_cache_file, read_index, registry_dir, registry_index

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    d = tmp_path / "registry"
    shutil.copytree(registry_dir(), d)
    first = registry_index(d)
    assert first == read_index(d) == registry_index(d)
    # Mark one unchanged file's cached entry: it is read from the cache while another file changes.
    cache = _index_cache_file(d)
    data = json.loads(cache.read_text(encoding="utf-8"))
    data["files"]["620000-gansu.yaml"]["entry"]["name"] = "marked"
    cache.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    edited = d / "621100-dingxi.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("name: 定西市", "name: 定西新市"), encoding="utf-8")
    (d / "990100-new.yaml").write_text('code: "990100"\nname: 测试市\nlevel: city\nsources: []\n', encoding="utf-8")
    (d / "371323-yishui.yaml").unlink()
    names = {j["code"]: j["name"] for j in registry_index(d)}
    assert names["621100"] == "定西新市" and names["990100"] == "测试市" and "371323" not in names
    assert names["620000"] == "marked"  # unchanged: its entry came from the cache
    assert {c: n for c, n in names.items() if c != "620000"} == {
        j["code"]: j["name"] for j in read_index(d) if j["code"] != "620000"}


def test_province_code_rejects_non_codes():
    assert province_code_of("371323") == "370000"
    with pytest.raises(ValueError):
        province_code_of("37132")


def test_batches_stay_under_the_mapping_cap_and_keep_every_document():
    docs = [{"source_id": "s", "url": f"http://x/{i}"} for i in range(1300)]
    cut = batches(docs, max_tasks=MAX_PARSE_TASKS)
    assert len(cut) <= MAX_PARSE_TASKS
    assert [d for b in cut for d in b] == docs
    assert batches(docs[:3]) == [[docs[0]], [docs[1]], [docs[2]]]  # small runs: one document per task
    assert batches([]) == []


def test_flatten_drops_the_same_url_found_twice():
    a, b = {"source_id": "s", "url": "u1"}, {"source_id": "s", "url": "u2"}
    assert flatten([[a, b], None, [dict(a)]]) == [a, b]


def test_logical_dates_are_the_timetables_first_tick_of_the_year():
    assert logical_date_for(2018).isoformat() == "2018-01-01T06:00:00+00:00"  # a Monday
    assert logical_date_for(2026).isoformat() == "2026-01-05T06:00:00+00:00"
    assert year_range(2018, 2020) == [2018, 2019, 2020]
    with pytest.raises(ValueError):
        year_range(2020, 2018)


def test_plans_run_every_province_once_over_the_years_then_the_views_once():
    plan = plan_runs([2020, 2018])
    assert [(p.dag_id, p.years, p.conf, p.logical_date) for p in plan] == [
        ("govwork_province_370000", (2018, 2020), {"years": [2018, 2020]}, None),
        ("govwork_province_420000", (2018, 2020), {"years": [2018, 2020]}, None),
        ("govwork_province_620000", (2018, 2020), {"years": [2018, 2020]}, None),
        (VIEWS_DAG_ID, (), {}, None),
    ]
    one = plan_runs([2019, 2020], jurisdiction="621100")
    assert [(p.dag_id, p.years, p.conf) for p in one[:-1]] == [
        ("govwork_province_620000", (2019, 2020), {"jurisdictions": ["621100"], "years": [2019, 2020]}),
    ]


def test_a_single_year_run_is_the_backfill_run_of_that_year():
    """One year keeps the logical date an Airflow backfill gives that year, and no conf."""
    (run, views) = plan_runs([2020], jurisdiction="420100")
    assert (run.years, run.conf, run.logical_date) == ((2020,), {"jurisdictions": ["420100"]}, logical_date_for(2020).isoformat())
    assert views.logical_date is None
