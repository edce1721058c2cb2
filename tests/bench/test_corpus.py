"""The benchmark's generated corpus and registry are what they claim to be (correctness of
the generators, not speed: speed is measured by ``python -m bench``, never asserted)."""

from __future__ import annotations

import re

import pytest

from bench.corpus import GeneratedDocument, found_documents, generate, seeds, shift_years, vary_numbers
from bench.jurisdictions import synthetic_jurisdictions, write_registry
from extractors.parsedstore import ParsedStore
from extractors.rawstore import RawStore
from govwork import stages
from core.config import Settings
from core.registry import load_registry


@pytest.fixture(scope="module")
def all_seeds():
    found = seeds()
    assert {s.kind for s in found} == {"work_report", "breakdown", "interpretation"}
    return found


def test_generated_documents_parse_to_distinct_versions_of_the_new_year_and_jurisdiction(tmp_path, all_seeds):
    docs = generate(2 * len(all_seeds), all_seeds)
    by_name = {s.name: s for s in all_seeds}
    settings = Settings.from_env({"GOVWORK_HOME": str(tmp_path)}).ensure_dirs()
    found = found_documents(docs, RawStore(settings.raw_dir))

    results = [stages.parse(settings, f) for f in found]

    failed = [(d.seed, r.get("reason"), r.get("message")) for d, r in zip(docs, results) if r["status"] != "parsed"]
    assert not failed
    versions = set()
    for doc, result in zip(docs, results):
        seed = by_name[doc.seed]
        parsed = ParsedStore.get(result["parsed_path"])
        assert doc.jurisdiction_code != seed.jurisdiction_code
        assert doc.year != seed.year
        assert parsed.meta.jurisdiction_code == doc.jurisdiction_code
        assert parsed.meta.year == doc.year
        assert parsed.doc_key == f"{doc.jurisdiction_code}:{doc.kind}:{doc.year}"
        assert doc.data != seed.path.read_bytes()
        versions.add((parsed.doc_key, parsed.text_sha256))
    assert len(versions) == len(docs)
    assert len({v[1] for v in versions}) == len(docs)  # even the texts differ, not only the keys

    # A variant is as consistent as its seed: validated together, each gets its seed's status
    # (a year left unshifted somewhere, say in a session line, would quarantine it).
    originals = [GeneratedDocument(s.name, s.kind, s.jurisdiction_code, s.year, -1, s.path.read_bytes(), s.content_type)
                 for s in all_seeds]
    original_results = [stages.parse(settings, f) for f in found_documents(originals, RawStore(settings.raw_dir))]
    outcomes = stages.validate(settings, original_results + results)
    seed_status = {o.seed: out["status"] for o, out in zip(originals, outcomes)}
    variant_status = [(d.seed, out["status"]) for d, out in zip(docs, outcomes[len(originals):])]
    assert [(seed, seed_status[seed]) for seed, _ in variant_status] == variant_status


def test_years_shift_together_and_numbers_change_without_touching_counts():
    text = "2026年主要目标:地区生产总值增长6.9%左右,2025年完成793.9亿元。共16项,于2月28日前报送。"
    shifted = shift_years(text, -8)
    assert "2018年主要目标" in shifted and "2017年完成" in shifted
    assert shift_years("——二〇二六年一月二十七日在", -8) == "——二〇一八年一月二十七日在"
    assert shift_years("二〇二〇年", -11) == "二〇〇九年"
    varied = {vary_numbers(shifted, v) for v in range(50)}
    assert len(varied) == 50
    for v in varied:
        assert "共16项" in v and "2018年" in v
        assert re.search(r"增长\d+\.\d%左右", v) and re.search(r"\d+\.\d亿元", v)
        day = int(re.search(r"2月(\d+)日前", v).group(1))
        assert 1 <= day <= 28


def test_generated_registry_loads_with_gbt2260_shaped_codes_and_existing_parents(tmp_path):
    written = write_registry(tmp_path, total=80)
    registry = load_registry(tmp_path, cache=False)
    assert written == len(registry.jurisdictions) == 80
    for j in registry.jurisdictions:
        assert re.fullmatch(r"\d{6}", j.code)
        if j.level == "county":
            assert j.parent_code[:4] == j.code[:4] and j.parent_code.endswith("00")
        if j.level == "city":
            assert j.parent_code == j.code[:2] + "0000"
        if j.sources and j.sources[0].id.startswith("j"):  # a synthetic entry: one portal, 27 years
            assert j.sources[0].years == tuple(range(2000, 2027))
    synthetic = [j for j in registry.jurisdictions if j.sources and j.sources[0].id == f"j{j.code}-portal"]
    assert len(synthetic) == 80 - 7
    assert registry.get("620000").name == "甘肃省"  # the bundled entries are kept as they are


def test_synthetic_jurisdictions_are_unique_and_reach_the_full_size():
    full = synthetic_jurisdictions(3200)
    assert len(full) == len({j.code for j in full}) == 3200
    assert sum(j.level == "province" for j in full) == 31
