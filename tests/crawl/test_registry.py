"""The source registry: the bundled entries, and clear errors for bad ones."""

from __future__ import annotations

import os
import shutil
import textwrap

import pytest

from core.errors import RegistryError
from core.registry import DEFAULT_DIR, load_registry


def test_bundled_registry_has_the_hierarchy():
    reg = load_registry()
    parent = {j.code: j.parent_code for j in reg.jurisdictions}
    assert parent["621100"] == "620000"
    assert parent["420100"] == "420000"
    assert parent["371323"] == "371300" and parent["371300"] == "370000"
    assert parent["620000"] is None and parent["420000"] is None and parent["370000"] is None
    assert [j.code for j in reg.ancestors("371323")] == ["371300", "370000"]
    assert reg.province_of("621100").code == "620000"
    assert {j.code for j in reg.children("620000")} == {"621100"}
    assert reg.get("371323").level == "county" and reg.get("621100").level == "city"
    assert [s.id for s in reg.sources_for("370000")] == ["shandong-portal"]


def test_gansu_has_the_blocked_portal_and_two_snapshot_hosts():
    reg = load_registry()
    ids = [s.id for s in reg.sources_for("620000")]
    assert ids == ["gansu-portal", "gansu-xxgk", "gansu-big5-gateway"]
    xxgk = reg.source("gansu-xxgk")
    assert xxgk.encoding == "gbk" and xxgk.cms == "trs"
    assert xxgk.snapshot_host and reg.source("gansu-big5-gateway").snapshot_host
    assert not reg.source("gansu-portal").snapshot_host and reg.source("gansu-portal").evidence
    assert ("620000", "gansu-xxgk", 2018) in reg.coverage()


def test_every_bundled_source_says_where_it_was_observed_or_that_it_was_not():
    """Evidence (public address + note) or an explicit unverified: never silence."""
    import yaml

    for path in sorted(DEFAULT_DIR.glob("[0-9]*.yaml")):
        for src in yaml.safe_load(path.read_text(encoding="utf-8")).get("sources") or []:
            assert src.get("evidence") or src.get("unverified"), (path.name, src["id"])
            for ev in src.get("evidence") or []:
                assert ev["url"].startswith(("http://", "https://")) and len(ev["note"]) > 20, (path.name, src["id"])
            if src.get("snapshot_host"):
                assert "snapshot" in src["unverified"].lower(), src["id"]
    reg = load_registry()
    assert {s.cms for j in reg.jurisdictions for s in j.sources} == {"hanweb", "trs", "vsb", "html"}
    # Dingxi as observed: column 3, and no rd.dingxi.gov.cn
    assert reg.source("dingxi-portal").listings[0].url.endswith("/col/col3/index.html")
    hosts = {h for j in reg.jurisdictions for s in j.sources for h in s.allowed_hosts}
    assert "rd.dingxi.gov.cn" not in hosts and "dxrdw.gov.cn" in hosts
    # parents of Wuhan and Yishui have sources of their own
    assert all(reg.sources_for(code) for code in ("420000", "370000", "371300"))


@pytest.mark.parametrize(
    "title, kind",
    [
        ("甘肃省人民政府关于分解下达2018年全省经济社会发展主要指标和重点工作任务的通知", "breakdown"),
        ("甘肃省人民政府关于分解落实《政府工作报告》主要目标和重点工作的通知", "breakdown"),
        ("市人民政府办公厅关于印发2020年市《政府工作报告》确定的主要目标任务责任分解方案的通知", "breakdown"),
        ("文字解读┃关于对沂水县《<政府工作报告>重点工作分工方案》的解读", "interpretation"),
        ("定西市人民政府工作报告", "work_report"),
        ("2026年甘肃省政府工作报告", "work_report"),
        ("图解：2026年甘肃省政府工作报告", None),
        ("代表委员热议政府工作报告", None),
        ("关于2017年省政府工作报告重点工作落实情况的通报", None),
        ("定西市第五届人民代表大会第六次会议关于政府工作报告的决议", None),
        ("文字解读┃关于《沂水县城乡环境卫生综合整治实施方案》的解读", None),
        ("甘肃省人民政府办公厅关于做好2018年春节期间有关工作的通知", None),
    ],
)
def test_candidate_titles_are_classified_in_order(title, kind):
    source = load_registry().source("gansu-xxgk")  # every bundled source uses the default rules
    assert source.classify(title) == kind


def test_the_load_cache_is_one_registry_until_a_file_is_replaced_even_with_size_and_mtime_kept(tmp_path):
    d = _registry_dir(tmp_path, {"990100.yaml": GOOD_SOURCE})
    first = load_registry(d)
    assert load_registry(d) is first  # nothing changed: the registry this process already read
    path = d / "990100.yaml"
    before = path.stat()
    new = d / "990100.yaml.new"
    new.write_text(GOOD_SOURCE.replace("name: 测试市\n", "name: 测验市\n"), encoding="utf-8")  # same length
    os.utime(new, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(new, path)  # how editors and checkouts save: a new file under the old name
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert load_registry(d).get("990100").name == "测验市"


def _registry_dir(tmp_path, files: dict[str, str]):
    d = tmp_path / "registry"
    d.mkdir()
    for name, text in files.items():
        (d / name).write_text(text, encoding="utf-8")
    return d


GOOD_SOURCE = textwrap.dedent(
    """
    code: "990100"
    name: 测试市
    level: city
    parent: null
    sources:
      - id: test-portal
        name: 测试市人民政府
        base_url: http://www.test.gov.cn
        listings:
          - url: http://www.test.gov.cn/list.html
            kinds: [breakdown]
    """
)
SOURCE_NAME = "    name: 测试市人民政府\n"


def test_a_directory_of_entries_loads_with_the_bundled_defaults(tmp_path):
    reg = load_registry(_registry_dir(tmp_path, {"990100.yaml": GOOD_SOURCE}))
    (j,) = reg.jurisdictions
    assert j.short_name == "测试市"  # defaults to the name
    (s,) = j.sources
    assert s.allowed_hosts == ("www.test.gov.cn",)
    assert s.politeness.retries == 3  # from the bundled _defaults.yaml
    assert s.classify("关于分解落实2026年《政府工作报告》的通知") == "breakdown"


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('code: "990100"', 'code: "99010"', "six-digit"),
        ("level: city", "level: town", "level must be one of"),
        ("kinds: [breakdown]", "kinds: [budget]", "kinds must be a non-empty list"),
        ("url: http://www.test.gov.cn/list.html", "url: http://elsewhere.cn/list.html", "not in allowed_hosts"),
        ("base_url: http://www.test.gov.cn", "base_url: ftp://www.test.gov.cn", "must be an http(s) URL"),
        ("parent: null", 'parent: "990000"', "parent 990000 of 990100 has no registry entry"),
        ("id: test-portal", "id: Test Portal", "source id must be lowercase"),
        (SOURCE_NAME, SOURCE_NAME + "    politeness: {min_delay: -1}\n", "min_delay"),
        (SOURCE_NAME, SOURCE_NAME + "    exclude: ['(unclosed']\n", "bad regular expression"),
        (SOURCE_NAME, SOURCE_NAME + "    article: {body: ['div[']}\n", "bad CSS selector"),
        (SOURCE_NAME, SOURCE_NAME + "    encoding: klingon\n", "unknown encoding"),
        ("    listings:", "    listing:", "unknown keys ['listing']"),
        ("\n    listings:", "\n    listings: []\n    x_listings:", "unknown keys ['x_listings']"),
        ("sources:", "sources: [oops", "not valid YAML"),
        (SOURCE_NAME, SOURCE_NAME + "    cms: wordpress\n", "cms must be one of hanweb, trs, vsb, html, auto"),
        (SOURCE_NAME, SOURCE_NAME + "    evidence: [{url: nowhere, note: seen}]\n", "must be an http(s) URL"),
        (SOURCE_NAME, SOURCE_NAME + "    snapshot_host: true\n", "must say unverified"),
        ("kinds: [breakdown]", "kinds: [breakdown]\n        max_candidates: 0", "max_candidates must be an integer >= 1"),
    ],
)
def test_bad_entries_raise_registry_error_naming_file_and_field(tmp_path, old, new, message):
    assert old in GOOD_SOURCE
    d = _registry_dir(tmp_path, {"990100-test.yaml": GOOD_SOURCE.replace(old, new, 1)})
    with pytest.raises(RegistryError) as err:
        load_registry(d)
    assert "990100-test.yaml" in str(err.value)
    assert message in str(err.value)


def test_an_empty_listing_list_is_an_error(tmp_path):
    text = GOOD_SOURCE.split("    listings:")[0] + "    listings: []\n"
    with pytest.raises(RegistryError, match=r"\(test-portal\): listings must be a non-empty list"):
        load_registry(_registry_dir(tmp_path, {"990100.yaml": text}))


def test_duplicate_codes_and_source_ids_are_errors(tmp_path):
    d = _registry_dir(tmp_path, {"a.yaml": GOOD_SOURCE, "b.yaml": GOOD_SOURCE})
    with pytest.raises(RegistryError, match="990100 is also defined in a.yaml"):
        load_registry(d)
    other = GOOD_SOURCE.replace('"990100"', '"990200"')
    (d / "b.yaml").write_text(other, encoding="utf-8")
    with pytest.raises(RegistryError, match="source id 'test-portal' is also used in a.yaml"):
        load_registry(d)


def test_unknown_jurisdiction_and_missing_directory(tmp_path):
    with pytest.raises(RegistryError, match="unknown jurisdiction '999999'"):
        load_registry().get("999999")
    with pytest.raises(RegistryError, match="registry directory not found"):
        load_registry(tmp_path / "nope")


def test_the_bundled_defaults_file_is_itself_valid(tmp_path):
    d = tmp_path / "copy"
    shutil.copytree(DEFAULT_DIR, d)
    assert len(load_registry(d).jurisdictions) == len(load_registry().jurisdictions)


def test_the_load_cache_sees_every_edit(tmp_path):
    d = _registry_dir(tmp_path, {"990100.yaml": GOOD_SOURCE})
    first = load_registry(d)
    assert load_registry(d).get("990100").name == first.get("990100").name == "测试市"
    (d / "990100.yaml").write_text(GOOD_SOURCE.replace("name: 测试市\n", "name: 测试新市\n"), encoding="utf-8")
    assert load_registry(d).get("990100").name == "测试新市"
    (d / "990100.yaml").write_text(GOOD_SOURCE.replace("level: city", "level: town"), encoding="utf-8")
    with pytest.raises(RegistryError):
        load_registry(d)
