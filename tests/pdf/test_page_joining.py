"""How table parts on consecutive pages become one table, on hand-made page contents
(the annex PDF covers the common cases; these cover the rest of the rules)."""

from __future__ import annotations

from extractors.pdf import _assemble, _Line, _Page, _Segment

HEADER = ["序号", "任务", "牵头领导", "牵头单位"]


def _line(text: str, top: float) -> tuple[float, _Line]:
    return (top, _Line(text, top, 50.0, 60.0, 10.0))


def _segment(rows, top: float = 100.0) -> tuple[float, _Segment]:
    return (top, _Segment([list(r) for r in rows], 4))


def test_page_starting_inside_a_merged_cell_marks_its_first_row():
    pages = [
        _Page([_segment([HEADER, ["1", "甲", "黄 强", "省财政厅"]])]),
        # the merged leader/lead cell of row 1 goes on over rows 2 and 3, drawn empty
        _Page([_segment([HEADER, ["2", "乙", "", ""], ["3", "丙", None, None], ["4", "丁", "李 斌", "省人社厅"]])]),
    ]
    section = _assemble(pages, "t.pdf")
    assert section.tables == [[HEADER, ["1", "甲", "黄 强", "省财政厅"], ["2", "乙", None, None],
                               ["3", "丙", None, None], ["4", "丁", "李 斌", "省人社厅"]]]


def test_one_row_remainder_of_a_merged_cell_stays_empty():
    pages = [
        _Page([_segment([HEADER, ["1", "甲", "黄 强", "省财政厅"]])]),
        _Page([_segment([HEADER, ["2", "乙", "", ""], ["3", "丙", "李 斌", "省人社厅"]])]),
    ]
    assert _assemble(pages, "t.pdf").tables[0][2] == ["2", "乙", "", ""]


def test_split_row_is_folded_and_merged_cells_stay_none():
    pages = [
        _Page([_segment([HEADER, ["1", "甲", "黄 强", "省财政厅"], ["2", "前半", None, None]])]),
        _Page([_segment([HEADER, ["", "后半", "", ""], ["3", "丙", "李 斌", "省人社厅"]])]),
    ]
    section = _assemble(pages, "t.pdf")
    assert section.tables[0][2] == ["2", "前半后半", None, None]
    assert section.lines == ["\t".join(HEADER), "1\t甲\t黄 强\t省财政厅", "2\t前半后半\t\t", "3\t丙\t李 斌\t省人社厅"]
    assert section.table_lines == [[1, 2, 3, 4]]


def test_text_between_tables_starts_a_new_table():
    pages = [
        _Page([_segment([HEADER, ["1", "甲", "黄 强", "省财政厅"]])]),
        _Page([_line("附件2", 60.0), _segment([HEADER, ["1", "乙", "李 斌", "省人社厅"]])]),
    ]
    section = _assemble(pages, "t.pdf")
    assert len(section.tables) == 2
    assert section.lines[2] == "附件2"
    assert section.table_lines == [[1, 2], [4, 5]]


def test_page_without_repeated_header_continues_the_table():
    pages = [
        _Page([_segment([HEADER, ["1", "甲", "黄 强", "省财政厅"]])]),
        _Page([_segment([["2", "乙", "李 斌", "省人社厅"]])]),
    ]
    assert _assemble(pages, "t.pdf").tables == [[HEADER, ["1", "甲", "黄 强", "省财政厅"], ["2", "乙", "李 斌", "省人社厅"]]]
