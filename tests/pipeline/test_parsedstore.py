"""The parsed store: one file per content version per source, written atomically, read back
as it was written, never at a path a document chooses; and the parser list that fails loudly."""

from __future__ import annotations

import copy

import pytest

from core.errors import ParserMissingError, UnreadableInputError
from core.records import FoundDocument, Provenance, to_dict
from extractors import parsers
from extractors.parse import parsers_for
from extractors.parsedstore import ParsedStore
from extractors.rawstore import RawStore
from govwork import stages
from core.config import Settings
from tests.warehouse import docs_factory as f


def test_a_document_round_trips_and_each_source_has_its_own_file(tmp_path):
    store = ParsedStore(tmp_path)
    doc = f.breakdown()
    path = store.put(doc)
    assert path.parent == tmp_path / doc.meta.jurisdiction_code and path.name.startswith(f"breakdown-{doc.meta.year}-{doc.text_sha256[:16]}-")
    assert to_dict(store.get(path)) == to_dict(doc)
    other = copy.deepcopy(doc)
    other.provenance = [Provenance(source_id="another-site", url="https://other.gov.cn/1.html", raw_sha256="1" * 64)]
    other.meta.title = "转发：" + doc.meta.title
    assert store.put(other) != path and store.get(path).meta.title == doc.meta.title
    renewed = copy.deepcopy(doc)
    renewed.parser_version = "99"  # a re-parse of the same text from the same source replaces its file
    assert store.put(renewed) == path and store.get(path).parser_version == "99"
    assert [p.name for p in tmp_path.rglob("*") if p.is_file() and not p.name.endswith(".json")] == []  # no temp files
    results = store.results()
    assert {r.parsed_path for r in results} == {str(path), str(store.path_for(other))}
    assert {(r.source_id, r.status, r.parser_version) for r in results} == {
        (doc.provenance[0].source_id, "parsed", "99"), ("another-site", "parsed", doc.parser_version)}


def test_a_path_is_never_chosen_by_the_document(tmp_path):
    doc = f.breakdown()
    doc.meta.jurisdiction_code = "../../etc"
    with pytest.raises(ValueError):
        ParsedStore(tmp_path).put(doc)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_or_broken_file_is_a_typed_error(tmp_path):
    with pytest.raises(UnreadableInputError) as missing:
        ParsedStore.get(tmp_path / "gone.json")
    (tmp_path / "junk.json").write_text('{"meta": 1}', encoding="utf-8")
    with pytest.raises(UnreadableInputError) as broken:
        ParsedStore.get(tmp_path / "junk.json")
    assert (missing.value.reason, broken.value.reason) == ("no_parsed", "bad_parsed")


@pytest.fixture
def a_typo_in_the_parser_list(monkeypatch):
    parsers.parser_classes.cache_clear()
    monkeypatch.setattr(parsers, "PARSER_PATHS", parsers.PARSER_PATHS + ("extractors.parsers.work_reprot:WorkReportParser",))
    yield
    parsers.parser_classes.cache_clear()


def test_a_parser_module_that_is_not_there_fails_loudly(a_typo_in_the_parser_list, tmp_path):
    with pytest.raises(ParserMissingError, match="work_reprot"):
        parsers_for("work_report")
    # The parse stage does not record it as one document's failure: it stops the run.
    settings = Settings.from_env({"GOVWORK_HOME": str(tmp_path)}).ensure_dirs()
    sha = RawStore(settings.raw_dir).put("2026年政府工作报告\n地区生产总值增长6%左右。\n".encode())
    found = to_dict(FoundDocument(jurisdiction_code="621100", source_id="s", kind="work_report", year=2026,
                                  title="政府工作报告", url="http://www.dingxi.gov.cn/1.html", outcome="fetched", sha256=sha))
    with pytest.raises(ParserMissingError):
        stages.parse(settings, found)
    assert list(settings.parsed_dir.rglob("*.json")) == []
