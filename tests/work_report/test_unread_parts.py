"""One part of a report the parser cannot read never discards the others: the targets
and metadata are kept, the part is recorded in ``unread`` and the document is incomplete."""

from pathlib import Path

from expectations.validate import completeness_of
from extractors.parse import parse_file
from extractors.parsers import work_report

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "work_report" / "weiyuan-2025.txt"


def test_an_unreadable_review_keeps_the_targets_and_metadata(monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a review paragraph this parser cannot read")

    monkeypatch.setattr(work_report, "read_actuals", broken)
    doc = parse_file(EXAMPLE)
    assert doc.actuals == []
    assert len(doc.targets) == 9 and doc.meta.session_date == "2025-01-10"
    assert doc.unread == ["actuals: ValueError: a review paragraph this parser cannot read"]
    assert any(n.startswith("actuals not read") for n in doc.notes)
    assert completeness_of(doc).status == "incomplete"


def test_a_whole_report_has_nothing_unread():
    doc = parse_file(EXAMPLE)
    assert doc.unread == [] and len(doc.actuals) == 15
    assert completeness_of(doc).status == "unknown"  # a report declares no counts
