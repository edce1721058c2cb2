"""What validation builds besides outcomes: the frames the suites read, and the one Data
Docs site it renders."""

from __future__ import annotations

from expectations.data_docs import CachedIndexPageView, CachedPageView
from expectations.validate import FRAME_COLUMNS, _context, build_frames, version_key
from tests.warehouse import docs_factory as f


def test_frames_hold_every_record_in_column_order():
    docs = [f.breakdown(year=1990), f.work_report(year=1990), f.interpretation(year=1990)]
    frames = build_frames(docs)
    assert list(frames) == list(FRAME_COLUMNS)
    for name, frame in frames.items():
        if len(frame):
            assert tuple(frame.columns) == FRAME_COLUMNS[name]
    assert len(frames["documents"]) == 3 and list(frames["documents"]["row"]) == [d.doc_key for d in docs]
    assert len(frames["tasks"]) == sum(len(d.tasks) for d in docs)
    assert len(frames["task_units"]) == sum(len(t.units) for d in docs for t in d.tasks)
    assert len(frames["targets"]) == sum(len(d.targets) for d in docs)
    first = docs[0].tasks[0]
    row = frames["tasks"].iloc[0]
    assert (row["version_key"], row["row"], row["seq"], row["expected_seq"], row["text"]) == \
        (version_key(docs[0]), f"task {first.seq}", first.seq, 1, first.text)


def test_task_and_unit_rows_line_up_with_their_records():
    """The task and task-unit columns are filled a column at a time: every row must still
    hold one record's values, across documents and tasks without units."""
    docs = [f.breakdown(year=1990), f.interpretation(year=1990), f.breakdown(year=1991)]
    docs[0].tasks[1].units = []
    frames = build_frames(docs)
    tasks = [(version_key(d), f"task {t.seq}", t.seq, i, t.text, len(t.text.strip()),
              sum(1 for u in t.units if u.role == "lead"))
             for d in docs for i, t in enumerate(d.tasks, start=1)]
    units = [(version_key(d), f"task {t.seq}", t.seq, u.role, u.name, len(u.name.strip()))
             for d in docs for t in d.tasks for u in t.units]
    assert len(tasks) > 3 and len(units) > 3
    assert [tuple(r) for r in frames["tasks"].itertuples(index=False)] == tasks
    assert [tuple(r) for r in frames["task_units"].itertuples(index=False)] == units


def test_a_record_type_no_document_has_is_an_empty_frame():
    doc = f.interpretation(year=1990)
    doc.tasks, doc.actuals = [], []
    frames = build_frames([doc])
    assert frames["tasks"].empty and frames["task_units"].empty and frames["actuals"].empty
    assert len(frames["documents"]) == 1


def test_only_the_govwork_site_is_built(tmp_path):
    """Not GX's default site for an ephemeral context, which is a new temp dir each time."""
    ctx = _context(tmp_path / "data_docs")
    assert ctx.get_site_names() == ["govwork"]
    assert _context(None).get_site_names() == []
    site = ctx.variables.data_docs_sites["govwork"]
    assert site["site_index_builder"]["view"]["class_name"] == CachedIndexPageView.__name__
    assert site["site_section_builders"]["validations"]["view"]["class_name"] == CachedPageView.__name__


def test_a_suite_page_is_rendered_again_only_when_missing_or_from_other_suites(tmp_path):
    import json

    from expectations.data_docs import SUITE_PAGES
    from expectations.validate import validate_documents

    site = tmp_path / "data_docs"
    doc = f.interpretation(year=1990)
    validate_documents([doc], site)
    page = site / "expectations" / "interpretation.html"
    first = page.read_bytes()
    assert set(json.loads((site / SUITE_PAGES).read_text())) >= {"interpretation"}
    validate_documents([doc], site)
    assert page.read_bytes() == first  # not rendered again: the same suites and GX
    assert len(list((site / "validations" / "interpretation").rglob("*.html"))) >= 1
    record = json.loads((site / SUITE_PAGES).read_text())
    (site / SUITE_PAGES).write_text(json.dumps({**record, "interpretation": "other suites|0"}))
    validate_documents([doc], site)
    assert page.read_bytes() != first  # rendered again (a new cache-busting time in the page)
    page.unlink()
    validate_documents([doc], site)
    assert page.exists()
