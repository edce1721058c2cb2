"""The table parser on the Gansu 2018 tables (seed 003): as tab-separated lines straight from
the capture, and as ``Section.tables`` built from the same rows the way the PDF reader gives
them (None for merged cells, header repeated per page, a row split by a page break)."""

import pytest

from extractors.parsers.table_breakdown import TableBreakdownParser, header_columns
from extractors.source_text import DocumentHints, Section, SourceText
from core.errors import ParseError

INHERITED = [16, 18, 39, 61, 78, 81, 82, 97, 114, 115, 121, 125, 144, 152, 164, 171, 173]
# rows with their own lead unit but an empty leader cell: left without leaders, flagged
LEADERS_MISSING = [12, 19, 25, 26, 30, 50, 55, 59, 103, 138, 157, 160, 167, 169]
HEADER = ["序号", "重点工作任务", "省政府 牵头领导", "牵头单位", "配合单位", "实施单位"]


def _src(sections, jurisdiction="620000", year=2018):
    return SourceText(sections, DocumentHints(jurisdiction_code=jurisdiction, kind="breakdown", year=year))


@pytest.fixture(scope="module")
def text_records(gansu_lines):
    return TableBreakdownParser().parse(_src([Section("body", gansu_lines)]))


def _task_rows(gansu_rows):
    # the task table: rows after the second 序号 1
    starts = [i for i, r in enumerate(gansu_rows) if r[0].strip() == "1"]
    return gansu_rows[starts[1] :]


def _as_pdf_table(rows):
    """The task rows as a PDF reader gives them: merged leader/lead cells are None below
    their first row; page breaks after rows 60 and 120 repeat the header; row 100 is split
    by a page break (its continuation has no 序号)."""
    tables, current, lines = [], [HEADER], [1]
    for r in rows:
        seq = int(r[0])
        cells = [c.replace("\u3000", " ").strip() for c in r]
        if seq in INHERITED:
            cells[2] = cells[3] = None
        if seq == 100:
            current.append([cells[0], cells[1][:10], cells[2], cells[3], cells[4][:6], cells[5]])
            lines.append(seq + 1)
            tables.append((current, lines))
            current, lines = [HEADER], [500]
            current.append([None, cells[1][10:], None, None, cells[4][6:], None])
            lines.append(501)
            continue
        current.append(cells)
        lines.append(seq + 1)
        if seq in (60, 120):
            tables.append((current, lines))
            current, lines = [HEADER], [seq + 1000]
    tables.append((current, lines))
    section = Section("附件2.pdf", ["x"] * 2000, [t for t, _ in tables], [ln for _, ln in tables])
    return section


def test_score_needs_a_header_with_seq_and_lead(gansu_lines):
    parser = TableBreakdownParser()
    assert parser.score(_src([Section("body", gansu_lines)])) > 0.5
    assert parser.score(_src([Section("body", ["序号\t任务\t备注", "1\t做好工作\t无"])])) == 0
    assert parser.score(_src([Section("body", ["一、做好工作(牵头单位:市财政局)"])])) == 0
    assert parser.score(_src([Section("a.pdf", [], [[HEADER, ["1", "x", None, "省财政厅", "", ""]]])])) > 0.5


def test_header_columns_found_by_name_not_position():
    cols = header_columns(["序号", "责任单位", "工作任务", "牵头单位", "牵头 领导"])
    assert cols == {"seq": 0, "responsible": 1, "text": 2, "lead": 3, "leaders": 4}
    assert header_columns(["序号", "主要指标", "备注"]) is None


def test_gansu_2018_tasks_are_178_numbered_1_to_n(text_records):
    assert [t.seq for t in text_records.tasks] == list(range(1, 179))
    assert all(t.text and t.text.endswith("。") for t in text_records.tasks)


def test_gansu_2018_merged_rows_take_leader_and_lead_unit_from_above(text_records):
    tasks = {t.seq: t for t in text_records.tasks}
    inherited = [t.seq for t in text_records.tasks if any(f.startswith("inherited_from:") for f in t.flags)]
    assert inherited == INHERITED
    assert [t.seq for t in text_records.tasks if t.leaders_inherited] == INHERITED
    for seq in INHERITED:
        lead = [u for u in tasks[seq].units if u.role == "lead"]
        assert lead and all(u.inherited for u in lead)
        assert not any(u.inherited for u in tasks[seq].units if u.role != "lead")
    # 16 continues 15; 82 continues the cell that starts at 80 (81 is merged too)
    assert "inherited_from:15" in tasks[16].flags
    assert [u.name for u in tasks[16].units if u.role == "lead"] == ["省卫生计生委"]
    assert tasks[16].leaders == ["李斌"]
    assert "inherited_from:80" in tasks[81].flags and "inherited_from:80" in tasks[82].flags
    assert tasks[82].leaders == ["何伟"]
    # 61's own cooperating cell is empty and stays empty (only leader and lead merge)
    assert [u.role for u in tasks[61].units] == ["lead", "implementing", "implementing"]


def test_gansu_2018_every_task_has_a_lead_unit(text_records):
    assert all(any(u.role == "lead" for u in t.units) for t in text_records.tasks)
    assert not any("lead_unit_missing" in t.flags for t in text_records.tasks)


def test_gansu_2018_empty_leader_with_own_lead_unit_is_flagged_not_guessed(text_records):
    missing = [t.seq for t in text_records.tasks if "leaders_missing" in t.flags]
    assert missing == LEADERS_MISSING
    assert all(not t.leaders and not t.leaders_inherited for t in text_records.tasks if t.seq in LEADERS_MISSING)


def test_gansu_2018_cells_split(text_records):
    tasks = {t.seq: t for t in text_records.tasks}

    def units(seq, role):
        return [u.name_raw for u in tasks[seq].units if u.role == role]

    assert tasks[31].leaders == ["黄强", "宋亮", "李斌", "李沛兴", "何伟"]
    assert units(22, "lead") == ["省发展改革委", "省财政厅", "省扶贫办"]
    assert units(31, "implementing") == ["张掖", "金昌", "武威市政府"]
    assert [u.name for u in tasks[31].units if u.role == "implementing"] == ["张掖市政府", "金昌市政府", "武威市政府"]
    # task 19: the capture broke the cooperating cell over two lines
    assert units(19, "cooperating") == ["省环保厅", "省农牧厅", "省林业厅"]
    assert units(19, "implementing") == ["各市州政府", "兰州新区管委会"]
    assert units(130, "cooperating") == ["省交通运输厅", "兰州海关", "铁路兰州局集团公司"]
    assert units(21, "cooperating") == []
    assert units(65, "implementing") == []
    assert [u.name for u in tasks[5].units if u.role == "cooperating"][:1] == ["省国土资源厅"]
    assert [(u.name, u.name_raw) for u in tasks[8].units if u.role == "lead"] == [("省人力资源社会保障厅", "省人社厅")]


def test_gansu_2018_spans_point_at_line_and_row(text_records, gansu_lines):
    for t in text_records.tasks:
        assert t.span.section == "body" and t.span.row == t.seq
        assert gansu_lines[t.span.line - 1].split("\t")[0] == str(t.seq)
    assert text_records.tasks[0].span.line == 38
    assert text_records.tasks[-1].span.line == 216


def test_pdf_tables_give_the_same_tasks_as_the_text(text_records, gansu_rows):
    section = _as_pdf_table(_task_rows(gansu_rows))
    pdf = TableBreakdownParser().parse(_src([section]))

    def key(t):
        return (t.seq, t.section_path, t.text, t.leaders, t.leaders_inherited,
                [(u.role, u.name, u.name_raw, u.inherited) for u in t.units], t.flags)

    assert [key(t) for t in pdf.tasks] == [key(t) for t in text_records.tasks]
    assert all(t.span.section == "附件2.pdf" and t.span.row == t.seq for t in pdf.tasks)
    assert {t.seq: t.span.line for t in pdf.tasks}[100] == 101


def test_body_and_attachment_tables_are_compared_in_a_note(gansu_lines, gansu_rows):
    section = _as_pdf_table(_task_rows(gansu_rows))
    records = TableBreakdownParser().parse(_src([Section("body", gansu_lines), section]))
    assert all(t.span.section == "body" for t in records.tasks)  # the body is read first
    note = next(n for n in records.notes if n.startswith("tasks table in 附件2.pdf"))
    assert "equals" in note and "178 rows" in note

    changed = [list(r) for r in _task_rows(gansu_rows)]
    changed[4][1] = "不同的任务。"
    del changed[100]
    records = TableBreakdownParser().parse(_src([Section("body", gansu_lines), _as_pdf_table(changed)]))
    note = next(n for n in records.notes if n.startswith("tasks table in 附件2.pdf"))
    assert "differs" in note and "only in the one read [101]" in note and "rows that differ [5" in note


def test_heading_rows_become_the_section_path():
    rows = [
        ["序号", "工作任务", "牵头单位", "责任单位"],
        ["一、坚决打好三大攻坚战", None, None, None],
        ["(一)精准脱贫", "(一)精准脱贫", None, None],
        ["1", "做好脱贫。", "市扶贫办", "各区政府"],
        ["2", "做好帮扶。", None, "市农业农村局"],
        ["二、推动高质量发展", None, None, None],
        ["3", "发展产业。", "市发改委", "市工信局"],
    ]
    records = TableBreakdownParser().parse(_src([Section("a.pdf", [], [rows], [[1, 2, 3, 4, 5, 6, 7]])], "420100", 2020))
    paths = [t.section_path for t in records.tasks]
    assert paths == [
        ["一、坚决打好三大攻坚战", "(一)精准脱贫"],
        ["一、坚决打好三大攻坚战", "(一)精准脱贫"],
        ["二、推动高质量发展"],
    ]
    t2, t3 = records.tasks[1], records.tasks[2]
    assert t2.flags == ["inherited_from:1"] and not t2.leaders_inherited  # no leader column
    assert [(u.role, u.name, u.inherited) for u in t2.units] == [
        ("lead", "市扶贫办", True),
        ("responsible", "市农业农村局", False),
    ]
    assert [(u.name, u.name_raw) for u in t3.units if u.role == "lead"] == [("市发展改革委", "市发改委")]


def test_a_document_without_a_breakdown_table_is_a_parse_error():
    with pytest.raises(ParseError):
        TableBreakdownParser().parse(_src([Section("body", ["一、总体要求", "做好工作。"])]))
    with pytest.raises(ParseError):
        TableBreakdownParser().parse(_src([Section("body", ["序号\t任务\t牵头单位"])]))


def test_lines_inside_a_table_that_fit_no_row_are_noted():
    rows = [
        ["序号", "工作任务", "牵头单位", "责任单位"],
        ["1", "做好脱贫。", "市扶贫办", "各区政府"],
        ["注:", "以上任务年底前完成。", "", ""],
        ["2", "做好帮扶。", "市农业农村局", "各区政府"],
    ]
    records = TableBreakdownParser().parse(_src([Section("a.pdf", [], [rows], [[1, 2, 3, 4]])], "420100", 2020))
    assert [t.seq for t in records.tasks] == [1, 2]
    assert "tasks table in a.pdf: lines [3] not read (no 序号)" in records.notes


def test_a_cell_marked_merged_takes_the_cell_above_in_any_column():
    header = ["序号", "重点工作任务", "牵头领导", "牵头单位", "配合单位"]
    rows = [header, ["1", "甲。", "黄 强", "省财政厅", "省审计厅"], ["2", "乙。", None, "省民政厅", None]]
    records = TableBreakdownParser().parse(_src([Section("a.pdf", [], [rows], [[1, 2, 3]])]))
    t2 = records.tasks[1]
    assert t2.leaders == ["黄强"] and t2.leaders_inherited and t2.flags == ["inherited_from:1"]
    assert [(u.role, u.name, u.inherited) for u in t2.units] == [
        ("lead", "省民政厅", False),
        ("cooperating", "省审计厅", True),
    ]
    # the same row in a capture that lost the merge marks: empty cells stay empty
    lines = ["\t".join(header), "1\t甲。\t黄 强\t省财政厅\t省审计厅", "2\t乙。\t\t省民政厅\t"]
    t2 = TableBreakdownParser().parse(_src([Section("body", lines)])).tasks[1]
    assert t2.leaders == [] and t2.flags == ["leaders_missing"]
    assert [(u.role, u.name, u.inherited) for u in t2.units] == [("lead", "省民政厅", False)]


def test_a_value_column_beside_the_indicator_name():
    rows = [
        ["序号", "指标名称", "预期目标", "牵头单位", "配合单位"],
        ["1", "地区生产总值增长", "5.5%左右", "省发展改革委", "省统计局"],
        ["2", "城镇新增就业", "40万人", "省人社厅", ""],
    ]
    records = TableBreakdownParser().parse(_src([Section("附件1.pdf", [], [rows], [[1, 2, 3]])], year=2026))
    assert [(t.seq, t.indicator, t.low, t.high, t.qualifier, t.unit, t.period) for t in records.targets] == [
        (1, "gdp_growth", 5.5, 5.5, "about", "%", "2026"),
        (2, "new_urban_jobs", 40.0, 40.0, "exact", "万人", "2026"),
    ]
    assert [u.name for u in records.targets[1].units] == ["省人力资源社会保障厅"]
