"""The parse stage hands the documents it wrote to the validate stage, and the validate stage
the documents it decoded to the load stage, of the same process: the same document the
parsed file holds, only while that file is unchanged, within a budget."""

from __future__ import annotations

import dataclasses

import pytest

from core.parsed_json import parsed_document, parsed_json
from extractors.parse import parse_file
from extractors.parsedstore import Handover, ParsedStore
from tests.shared_inputs import example_input
from tests.test_examples import EXAMPLES, example_inputs
from tests.warehouse import docs_factory as f


def _stored(tmp_path, doc):
    store = ParsedStore(tmp_path / "parsed")
    path = store.put(doc)
    content, identity = store.read(path)
    return store, path, content, identity


def test_a_document_is_handed_over_once_while_its_file_is_unchanged(tmp_path):
    store, path, content, identity = _stored(tmp_path, f.breakdown())
    doc = store.get(path, content)
    handover = Handover(budget=10 * len(content))
    handover.offer(path, identity, doc, len(content))
    assert handover.take(str(path)) is doc
    assert handover.take(path) is None and handover.used == 0  # taken: forgotten


def test_a_replaced_file_is_read_again(tmp_path):
    store, path, content, identity = _stored(tmp_path, f.breakdown())
    handover = Handover(budget=10 * len(content))
    handover.offer(path, identity, store.get(path, content), len(content))
    assert store.put(f.breakdown()) == path  # a re-parse of the same text replaces the file
    assert handover.take(path) is None


def test_documents_past_the_budget_are_not_kept(tmp_path):
    store, first, content, identity = _stored(tmp_path, f.breakdown())
    _, second, content2, identity2 = _stored(tmp_path, f.breakdown(code="420100", year=2020))
    handover = Handover(budget=len(content) + len(content2) - 1)
    handover.offer(first, identity, store.get(first, content), len(content))
    handover.offer(second, identity2, store.get(second, content2), len(content2))
    assert handover.take(second) is None
    assert handover.take(first) == store.get(first)


def test_the_written_file_is_the_one_read_back(tmp_path):
    store = ParsedStore(tmp_path / "parsed")
    path, identity, size = store.write(f.breakdown())
    content, read = store.read(path)
    assert (read, size) == (identity, len(content))
    handover = Handover(budget=10 * size)
    handover.offer(path, identity, f.breakdown(), size)
    assert handover.take(path, read=(identity[0] + 1,) + identity[1:]) is None  # bytes of another file


def _strict_differences(a, b, where: str = "doc") -> list[str]:
    """Where two records differ in a value or in a type (5 and 5.0, a tuple and a list)."""
    if type(a) is not type(b):
        return [f"{where}: {type(a).__name__} vs {type(b).__name__}"]
    if dataclasses.is_dataclass(a):
        return [d for fld in dataclasses.fields(a)
                for d in _strict_differences(getattr(a, fld.name), getattr(b, fld.name), f"{where}.{fld.name}")]
    if isinstance(a, (list, tuple)):
        if len(a) != len(b):
            return [f"{where}: {len(a)} vs {len(b)} items"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in _strict_differences(x, y, f"{where}[{i}]")]
    return [] if a == b else [f"{where}: {a!r} vs {b!r}"]


@pytest.mark.parametrize("path", example_inputs(), ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_a_parsed_document_is_what_its_file_reads_back(path):
    """The parse stage hands its own document to the validate stage, not the one its file
    reads back: they must be one and the same, down to the types."""
    doc = parse_file(example_input(path))
    assert _strict_differences(doc, parsed_document(parsed_json(doc))) == []


def test_the_parse_stage_hands_its_documents_to_validate(tmp_path, monkeypatch):
    """Outcomes are the same as when every document is read back from its file."""
    from core.config import Settings
    from core.records import FoundDocument, to_dict
    from extractors.rawstore import RawStore
    from govwork import stages

    texts = [p for p in example_inputs() if p.suffix == ".txt" and "breakdown" in p.parts][:3]
    assert len(texts) == 3

    def run(home):
        settings = Settings.from_env({"GOVWORK_HOME": str(home)}).ensure_dirs()
        raw = RawStore(settings.raw_dir)
        found = [to_dict(FoundDocument(jurisdiction_code="620000", source_id="gansu-portal", kind="breakdown",
                                       year=2018 + n, title="", url=f"https://www.gansu.gov.cn/{n}.shtml",
                                       outcome="fetched", sha256=raw.put(p.read_bytes())))
                 for n, p in enumerate(texts)]
        results = list(stages.parse_each(settings, found))
        offered = [r["parsed_path"] for r in results if r["parsed_path"] in stages._PARSED._kept]
        outcomes = stages.validate(settings, results)
        return results, offered, outcomes

    monkeypatch.setattr(stages, "_PARSED", Handover(budget=32 * 2**20))
    results, offered, handed = run(tmp_path / "handed")
    assert offered == [r["parsed_path"] for r in results if r["status"] == "parsed"] and len(offered) == len(texts)
    assert stages._PARSED._kept == {}  # validate took every one
    monkeypatch.setattr(stages, "_PARSED", Handover(budget=0))  # nothing handed over: all read back
    _, offered, read_back = run(tmp_path / "read")
    assert offered == [] and read_back == handed
