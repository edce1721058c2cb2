"""Golden examples: each work report beside the ParsedDocument expected from
``parse_file``, hand-checked against the text (tests/examples/work_report/README.md)."""

import json
from pathlib import Path

import pytest

from extractors.parse import parse_file
from core.records import ParsedDocument, from_dict, to_dict
from tests.shared_inputs import example_input

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "work_report"
STEMS = sorted(p.name[: -len(".compare.json")] for p in EXAMPLES.glob("*.compare.json"))


def parse_example(stem: str) -> ParsedDocument:
    hints = json.loads((EXAMPLES / f"{stem}.hints.json").read_text(encoding="utf-8"))
    return parse_file(
        example_input(EXAMPLES / f"{stem}.txt"),  # gansu-2026: third-party, from ../shared
        kind=hints["kind"],
        jurisdiction=hints["jurisdiction_code"],
        year=hints["year"],
    )


def test_every_example_has_a_compare_file():
    inputs = sorted(p.name.split(".")[0] for p in [*EXAMPLES.glob("*.txt"), *EXAMPLES.glob("*.txt.shared")])
    assert inputs == STEMS == ["dingxi-2026", "gansu-2026", "weiyuan-2025"]


@pytest.mark.parametrize("stem", STEMS)
def test_golden(stem):
    expected = json.loads((EXAMPLES / f"{stem}.compare.json").read_text(encoding="utf-8"))
    got = to_dict(parse_example(stem))
    for key in ("meta", "targets", "actuals", "tasks", "declared_counts", "notes"):
        assert got[key] == expected[key], key
    assert got == expected
    assert to_dict(from_dict(ParsedDocument, expected)) == expected


@pytest.mark.parametrize("stem", STEMS)
def test_every_raw_phrase_is_in_its_line(stem):
    """Traceability: the span points at the normalised line that holds the raw phrase."""
    from extractors.parse import read_input

    lines = read_input(example_input(EXAMPLES / f"{stem}.txt").read_bytes(), stem).section.lines
    doc = parse_example(stem)
    for record in [*doc.targets, *doc.actuals]:
        assert record.span.section == "body"
        assert record.raw in lines[record.span.line - 1]
        assert record.indicator_raw.replace("“", "").replace("”", "") in record.raw.replace("“", "").replace("”", "")


def test_dingxi_meta():
    meta = parse_example("dingxi-2026").meta
    assert (meta.kind, meta.jurisdiction_code, meta.year) == ("work_report", "621100", 2026)
    assert meta.session_date == "2026-01-20"  # ——2026年1月20日在定西市第五届人民代表大会第六次会议上
    assert meta.published_date == "2026-01-29"  # 发布时间:2026-01-29 16:24


def test_gansu_meta():
    meta = parse_example("gansu-2026").meta
    assert (meta.kind, meta.jurisdiction_code, meta.year) == ("work_report", "620000", 2026)
    assert meta.session_date == "2026-01-27"  # ——二〇二六年一月二十七日在甘肃省十四届人民代表大会第四次会议上
    assert meta.published_date == "2026-02-10"  # 时间：2026-02-10
