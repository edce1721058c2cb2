"""README's "Adding a jurisdiction", done with data files only: a registry entry, a mirror
page spec and a text (tests/crawl/data/new_county/) go beside copies of the bundled
registry and mirror; no code changes. The new county is then crawled through its CMS
dialect over real HTTP and its document parsed by the shape it has."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from core.records import FoundDocument, from_dict
from core.registry import DEFAULT_DIR, load_registry
from extractors.parse import parse_found
from govwork.stages import reading_rules
from extractors.rawstore import RawStore
from govwork.mirror import serve
from govwork.mirror.site import MIRROR_ROOT
from tests.crawl.test_cli import _crawl_app

NEW = MIRROR_ROOT.parent / "tests" / "crawl" / "data" / "new_county"


def test_a_new_county_needs_data_files_only(tmp_path):
    registry = tmp_path / "registry"
    shutil.copytree(DEFAULT_DIR, registry)
    shutil.copy(NEW / "371321-yinan.yaml", registry)
    mirror = tmp_path / "mirror"
    for part in ("spec", "texts", "templates"):
        shutil.copytree(MIRROR_ROOT / part, mirror / part)
    shutil.copy(NEW / "www.yinan.gov.cn.yaml", mirror / "spec")
    shutil.copy(NEW / "yinan-2024-interpretation.txt", mirror / "texts")

    home = tmp_path / "home"
    env = {"GOVWORK_HOME": str(home), "GOVWORK_MIN_DELAY": "0", "GOVWORK_MIRROR_URL": "",
           "GOVWORK_REGISTRY_DIR": str(registry)}
    with serve(root=mirror) as server:
        result = CliRunner().invoke(_crawl_app(), ["crawl", "--mirror", server.base_url, "-j", "371321", "--json"], env=env)
        paths = [r.path for r in server.requests_to("www.yinan.gov.cn")]
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert (line["jurisdiction"], line["kind"], line["year"], line["outcome"]) == ("371321", "interpretation", 2024, "fetched")
    assert line["url"] == "http://www.yinan.gov.cn/info/3021/120266.htm"
    assert "/zwgk/zcjd/1.htm" in paths  # the VSB 「下页」 page: the document is on page 2

    reg = load_registry(registry)
    assert [j.code for j in reg.ancestors("371321")] == ["371300", "370000"]
    store = RawStore(home / "raw")
    (found,) = [from_dict(FoundDocument, d) for d in store.found_documents()]
    selectors, encoding = reading_rules(reg, found)  # the stage's rules: registry selectors, then the dialect's
    doc = parse_found(found, store, body_selectors=selectors, encoding=encoding)
    counts = {(c.what, c.part): c.count for c in doc.declared_counts}
    assert counts[("parts", None)] == 3 and counts[("tasks", None)] == 40
    assert counts[("lead_units", None)] == 28 and counts[("towns", None)] == 15
    assert [counts[("tasks", p)] for p in ("第一部分", "第二部分", "第三部分")] == [6, 20, 14]
    assert doc.meta.issuer == "沂南县人民政府办公室" and doc.meta.published_date == "2024-03-08"
