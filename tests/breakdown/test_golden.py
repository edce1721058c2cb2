"""Golden examples: each input under tests/examples/breakdown/ beside the ParsedDocument
``parse_file`` must give for it (``<stem>.compare.json``, checked by hand against the
source: every task's text, leaders and units against the seed's rows, the inherited rows,
the targets' values).

The hints an example is parsed with are in its sidecar ``<stem>.hints.json``, which
``parse_file`` reads by itself, so ``govwork parse <example> --json`` gives the same."""

import functools
import json
from pathlib import Path

import pytest

from extractors.parse import parse_file
from core.records import to_dict

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "breakdown"
# examples of this area: the breakdown tables and inline plans (other areas keep theirs here too)
GOLDEN = ["gansu-2018.txt", "wuhan-2020.txt", "gansu-2018-annexes.pdf"]


@functools.lru_cache(maxsize=None)
def parse_example(name: str):
    return parse_file(EXAMPLES / name)  # reads the sidecar <stem>.hints.json itself


def _plain(obj):
    return json.loads(json.dumps(to_dict(obj), ensure_ascii=False))


@pytest.mark.parametrize("name", GOLDEN)
def test_example_gives_its_compare_file(name):
    path = EXAMPLES / name
    expected = json.loads(path.with_suffix(".compare.json").read_text(encoding="utf-8"))
    assert _plain(parse_example(name)) == expected


@pytest.fixture(scope="module")
def gansu():
    return parse_example("gansu-2018.txt")


@pytest.fixture(scope="module")
def wuhan():
    return parse_example("wuhan-2020.txt")


def test_gansu_2018_counts(gansu):
    assert gansu.parser == "table_breakdown"
    assert sorted({t.seq for t in gansu.targets}) == list(range(1, 12))  # 11 numbered targets
    assert [t.seq for t in gansu.tasks] == list(range(1, 179))
    inherited = [t.seq for t in gansu.tasks if any(f.startswith("inherited_from:") for f in t.flags)]
    assert len(inherited) == 17
    assert all(any(u.role == "lead" for u in t.units) for t in gansu.tasks)


def test_gansu_2018_targets(gansu):
    by = {(t.seq, t.indicator): t for t in gansu.targets}
    gdp = by[(1, "gdp_growth")]
    assert (gdp.low, gdp.high, gdp.qualifier, gdp.unit) == (6.0, 6.0, "about", "%")
    assert gdp.leaders == ["黄强", "宋亮", "张世珍", "李沛兴"]
    assert [u.name_raw for u in gdp.units if u.role == "lead"] == ["省发展改革委", "省农牧厅", "省工信委", "省建设厅", "省商务厅"]
    jobs, rate = by[(7, "new_urban_jobs")], by[(7, "urban_registered_unemployment_rate")]
    assert (jobs.low, jobs.unit) == (40.0, "万人")
    assert (rate.high, rate.qualifier, rate.unit) == (4.0, "at_most", "%")
    assert by[(9, "energy_intensity")].qualifier == "qualitative"


def test_gansu_2018_annex_pdf_gives_the_same_records_as_the_text(gansu):
    pdf = parse_example("gansu-2018-annexes.pdf")

    def without_spans(records):
        out = []
        for r in records:
            d = to_dict(r)
            d.pop("span")
            out.append(d)
        return out

    assert without_spans(pdf.tasks) == without_spans(gansu.tasks)
    assert without_spans(pdf.targets) == without_spans(gansu.targets)
    assert [t.span.row for t in pdf.tasks] == list(range(1, 179))


def test_tables_in_body_and_annex_pdf_are_read_once_and_compared():
    from extractors.parse import read_input
    from extractors.parsers.table_breakdown import TableBreakdownParser
    from extractors.source_text import DocumentHints, SourceText

    body = read_input((EXAMPLES / "gansu-2018.txt").read_bytes(), "gansu-2018.txt").section
    annex = read_input((EXAMPLES / "gansu-2018-annexes.pdf").read_bytes(), "annex", "附件.pdf").section
    src = SourceText([annex, body], DocumentHints(jurisdiction_code="620000", year=2018))
    records = TableBreakdownParser().parse(src)
    assert {t.span.section for t in records.tasks + records.targets} == {"body"}
    assert len(records.tasks) == 178
    assert "targets table in 附件.pdf (tables) equals the one read from body (lines): 11 rows" in records.notes
    assert "tasks table in 附件.pdf (tables) equals the one read from body (lines): 178 rows" in records.notes


def test_wuhan_2020_counts(wuhan):
    assert wuhan.parser == "inline_breakdown"
    assert sorted({t.seq for t in wuhan.targets}) == [1, 2, 3, 4]
    gdp = next(t for t in wuhan.targets if t.seq == 1)
    assert (gdp.indicator, gdp.low, gdp.high, gdp.qualifier, gdp.unit) == ("gdp_growth", 7.5, 7.8, "range", "%")
    assert [t.seq for t in wuhan.tasks] == list(range(1, 22))
    for t in wuhan.tasks:
        assert any(u.role == "lead" for u in t.units) and any(u.role == "responsible" for u in t.units)
    declared = {(c.what, c.count) for c in wuhan.declared_counts}
    assert {("targets", 4), ("tasks", 268)} <= declared
    task7 = wuhan.tasks[6]
    assert task7.flags == ["trailing_junk_removed:武汉汽车网"] and "武汉汽车网" not in task7.text
