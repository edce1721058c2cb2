"""The record types round-trip through plain JSON, which XCom and golden files rely on."""

import json

import pytest

from core.records import (
    DocumentMeta,
    ParsedDocument,
    SourceSpan,
    Target,
    Task,
    UnitAssignment,
    from_dict,
    to_dict,
)


def _doc() -> ParsedDocument:
    span = SourceSpan(section="body", line=3, row=1)
    return ParsedDocument(
        meta=DocumentMeta(kind="breakdown", jurisdiction_code="420100", year=2020, title="t"),
        parser="inline_breakdown",
        parser_version="1",
        text_sha256="ab" * 32,
        targets=[Target("gdp_growth", "地区生产总值", 7.5, 7.8, "range", "%", "增长7.5%—7.8%", "2020", span)],
        tasks=[Task(1, ["a", "b"], "text", span, units=[UnitAssignment("lead", "市发展改革委", "市发改委")])],
    )


def test_parsed_document_round_trips_through_json():
    doc = _doc()
    again = from_dict(ParsedDocument, json.loads(json.dumps(to_dict(doc), ensure_ascii=False)))
    assert again == doc
    assert again.doc_key == "420100:breakdown:2020"
    assert again.tasks[0].units[0].name_raw == "市发改委"


def test_unknown_fields_are_refused():
    data = to_dict(_doc())
    data["meta"]["surprise"] = 1
    with pytest.raises(ValueError, match="surprise"):
        from_dict(ParsedDocument, data)
