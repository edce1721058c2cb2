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


# --- every golden example's parsed document ---------------------------------------------

import copy
import gc
from pathlib import Path

from extractors.parsedstore import ParsedStore

GOLDEN = sorted((Path(__file__).parent / "examples").rglob("*.compare.json"))


def test_there_are_golden_documents():
    assert len(GOLDEN) >= 10


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_golden_documents_round_trip(path, tmp_path):
    """from_dict(to_dict(x)) == x for every golden document, through the dictionaries and
    through a parsed-store file, and reading leaves its input as it was."""
    data = json.loads(path.read_text(encoding="utf-8"))
    untouched = copy.deepcopy(data)
    doc = from_dict(ParsedDocument, data)
    assert data == untouched
    assert to_dict(doc) == data
    assert from_dict(ParsedDocument, to_dict(doc)) == doc
    again = ParsedStore.get(ParsedStore(tmp_path).put(doc))
    assert again == doc and to_dict(again) == data


def test_a_field_missing_from_an_older_file_takes_its_default():
    data = to_dict(_doc())
    del data["targets"][0]["basis"], data["tasks"][0]["flags"], data["schema_version"]
    doc = from_dict(ParsedDocument, data)
    assert (doc.targets[0].basis, doc.tasks[0].flags, doc.schema_version) == ("annual", [], 1)


def test_a_nested_record_of_the_wrong_shape_is_a_type_error():
    data = to_dict(_doc())
    data["tasks"][0]["span"] = [1, 2]
    with pytest.raises(TypeError, match="SourceSpan"):
        from_dict(ParsedDocument, data)


def test_reading_a_parsed_file_leaves_the_collector_as_it_was(tmp_path):
    path = ParsedStore(tmp_path).put(_doc())
    bad = tmp_path / "bad.json"
    bad.write_text('{"meta": {"surprise": 1}}')
    assert gc.isenabled()
    ParsedStore.get(path)
    with pytest.raises(Exception):
        ParsedStore.get(bad)
    assert gc.isenabled()
    gc.disable()
    try:
        ParsedStore.get(path)
        assert not gc.isenabled()
    finally:
        gc.enable()
