"""The validate stage hands the documents it decoded to the load stage of the same process:
the same document the parsed file holds, only while that file is unchanged, within a budget."""

from __future__ import annotations

from extractors.parsedstore import Handover, ParsedStore
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
