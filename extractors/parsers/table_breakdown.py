"""Breakdown notices whose targets and tasks are tables: 序号 | 指标 or 任务 | 牵头领导 |
牵头单位 | 配合单位 | 实施单位 (or 责任单位) | 完成时限 (a ``deadline:`` flag), as tab-separated lines (a text capture, an
HTML table turned into lines) or as ``Section.tables`` (a PDF annex).

Columns are found by their header names, not by position. A row with no 序号 and one
text (一、…, (一)…) is a heading and becomes the ``section_path`` of the rows below it.
A row whose leader and lead-unit cells are both empty continues cells merged in the
original table: it takes them from the row above and is flagged (``inherited_from:<seq>``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.parsers.base import ParsedRecords, Parser
from extractors.parsers.breakdown_common import (
    HeadingPath,
    heading_label,
    heading_level,
    safely,
    several_values_note,
    targets_from_phrase,
    year_of,
)
from core.records import SourceSpan, Target, Task, UnitAssignment
from extractors.source_text import Section, SourceText
from extractors.units import leader_lexicon, split_leaders, unit_assignments
from core.errors import ParseError

# column role -> words its header contains (checked in this order: 牵头领导 is a leader
# column although it says 牵头)
COLUMN_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("seq", ("序号", "编号")),
    ("leaders", ("领导",)),
    ("lead", ("牵头单位", "牵头部门", "牵头")),
    ("cooperating", ("配合", "协办", "协助")),
    ("responsible", ("责任单位", "责任部门", "责任")),
    ("implementing", ("实施",)),
    ("deadline", ("完成时限", "时限", "完成时间", "时间节点")),  # kept as a deadline: flag
    ("text", ("指标", "任务", "工作", "事项", "内容", "目标", "项目", "名称")),
    # a separate value column beside the indicator's name (指标名称 | 预期目标)
    ("value", ("目标值", "预期目标", "预期值", "年度目标", "目标", "数值")),
)
UNIT_ROLES = ("lead", "cooperating", "responsible", "implementing")
TARGET_WORDS = ("指标", "目标")
SEQ = re.compile(r"^\s*(\d{1,4})\s*[.、．]?\s*$")
WHITESPACE = re.compile(r"\s+")


@dataclass
class _Row:
    cells: list[str | None]
    line: int


@dataclass
class _Table:
    section: str
    columns: dict[str, int]  # role -> column index
    kind: str  # "targets" | "tasks"
    caption: list[str]  # non-table lines just above the header (附件2, the table title)
    rows: list[_Row | tuple[str, int]] = field(default_factory=list)  # data rows or (heading, line)
    source: str = "lines"  # "lines" | "tables"
    unplaced: list[int] = field(default_factory=list)  # lines inside the table that fit no row


def _squash(cell: str | None) -> str:
    return WHITESPACE.sub("", cell or "")


def header_columns(cells: list[str | None]) -> dict[str, int] | None:
    """Column roles of a header row, or None when the row is not a breakdown header
    (it needs a 序号 column and a lead-unit or leader column)."""
    seq_words = COLUMN_WORDS[0][1]
    # A word in one squashed cell is in the squashed row too: one pass rejects most rows.
    row = _squash("".join(cell or "" for cell in cells))
    if not any(w in row for w in seq_words):
        return None  # no 序号 column: a data row (most rows), not a header; no need to read further
    squashed = [_squash(cell) for cell in cells]
    if not any(w in text for text in squashed for w in seq_words):
        return None
    columns: dict[str, int] = {}
    for i, text in enumerate(squashed):
        if not text:
            continue
        for role, words in COLUMN_WORDS:
            if role not in columns and any(w in text for w in words):
                columns[role] = i
                break
    if "seq" in columns and "text" in columns and ("lead" in columns or "leaders" in columns):
        return columns
    return None


def _table_kind(cells: list[str | None], columns: dict[str, int], caption: list[str]) -> str:
    header_text = _squash(cells[columns["text"]])
    if any(w in header_text for w in TARGET_WORDS):
        return "targets"
    if any(w in header_text for w in ("任务", "工作", "事项")):
        return "tasks"
    return "targets" if any("指标" in c for c in caption) else "tasks"


def _seq(cell: str | None) -> int | None:
    m = SEQ.match(cell or "")
    return int(m.group(1)) if m else None


def _heading_text(cells: list[str | None]) -> str | None:
    """A row that is a section heading: no 序号 and one distinct text."""
    texts = {c.strip() for c in cells if c and c.strip()}
    if len(texts) == 1:
        text = texts.pop()
        if heading_level(text) is not None:
            return text
    return None


# --- finding tables ------------------------------------------------------------------------


def _tables_from_lines(section: Section) -> list[_Table]:
    tables: list[_Table] = []
    current: _Table | None = None
    caption: list[str] = []
    for number, line in enumerate(section.lines, start=1):
        if line is None or not line.strip():
            continue
        if "\t" in line:
            cells: list[str | None] = line.split("\t")
            columns = header_columns(cells)
            if columns:
                if current and current.columns == columns and current.kind == _table_kind(cells, columns, caption):
                    continue  # a header repeated (page break in the source)
                current = _Table(section.name, columns, _table_kind(cells, columns, caption), caption)
                tables.append(current)
                caption = []
                continue
            if current is None:
                continue
            _add_line_cells(current, cells, number)
            continue
        # a line without cells
        if current is not None:
            structural = heading_level(line.strip()) is not None or line.strip().startswith(("附件", "附表", "序号"))
            if _continues_last_row(current) and not structural:
                _append_to_last_cell(current, [line])
                continue
            if heading_level(line.strip()) is not None and not line.strip().startswith(("附件", "附表")):
                current.rows.append((line.strip(), number))
                continue
            current = None
        caption = (caption + [line.strip()])[-3:]
    return tables


def _continues_last_row(table: _Table) -> bool:
    """The last row has fewer cells than the header: its last cell was wrapped onto the
    next line of the capture."""
    last = next((r for r in reversed(table.rows) if isinstance(r, _Row)), None)
    width = max(table.columns.values()) + 1
    return bool(last) and table.rows[-1] is last and len(last.cells) < width


def _append_to_last_cell(table: _Table, cells: list[str | None]) -> None:
    last = table.rows[-1]
    assert isinstance(last, _Row)
    last.cells[-1] = (last.cells[-1] or "") + "\n" + (cells[0] or "")
    last.cells.extend(cells[1:])


def _add_line_cells(table: _Table, cells: list[str | None], number: int) -> None:
    if not any(_squash(c) for c in cells):
        return  # an empty row
    seq_cell = cells[table.columns["seq"]] if table.columns["seq"] < len(cells) else None
    if _seq(seq_cell) is None:
        if table.rows and _continues_last_row(table):
            _append_to_last_cell(table, cells)
            return
        heading = _heading_text(cells)
        if heading:
            table.rows.append((heading, number))
            return
        if table.rows and isinstance(table.rows[-1], _Row) and not _squash(seq_cell):
            _merge_into_last(table, cells)
            return
        table.unplaced.append(number)  # neither a row, a heading nor a row's continuation
        return
    table.rows.append(_Row(cells, number))


def _merge_into_last(table: _Table, cells: list[str | None]) -> None:
    """A row split over a page break: its continuation has no 序号; cell by cell, the
    text continues the row above."""
    last = table.rows[-1]
    assert isinstance(last, _Row)
    for i, cell in enumerate(cells):
        if not cell:
            continue
        if i < len(last.cells):
            last.cells[i] = (last.cells[i] or "") + "\n" + cell
        else:
            last.cells.append(cell)


def _tables_from_grid(section: Section) -> list[_Table]:
    tables: list[_Table] = []
    current: _Table | None = None
    for t, grid in enumerate(section.tables):
        lines = section.table_lines[t] if t < len(section.table_lines) else []
        for r, cells in enumerate(grid):
            number = lines[r] if r < len(lines) else 0
            columns = header_columns(cells)
            if columns:
                kind = _table_kind(cells, columns, _caption_before(section, number))
                if current and current.columns == columns and current.kind == kind:
                    continue
                current = _Table(section.name, columns, kind, _caption_before(section, number), source="tables")
                tables.append(current)
                continue
            if current is None:
                continue
            _add_line_cells(current, list(cells), number)
    return tables


def _caption_before(section: Section, line: int) -> list[str]:
    above = [ln.strip() for ln in section.lines[max(0, line - 4) : max(0, line - 1)] if ln and ln.strip()]
    return [ln for ln in above if "\t" not in ln][-3:]


def find_tables(section: Section) -> list[_Table]:
    """The breakdown tables of a section: from ``tables`` when it has any with a header
    (a PDF), else from its tab-separated lines."""
    grid = _tables_from_grid(section) if section.tables else []
    return grid or _tables_from_lines(section)


# --- reading rows ---------------------------------------------------------------------------


def _cell(row: _Row, table: _Table, role: str) -> str | None:
    i = table.columns.get(role)
    if i is None or i >= len(row.cells):
        return None
    return row.cells[i]


def _text(cell: str | None) -> str:
    # a line wrapped inside a cell is joined without a space: Chinese text has none
    if not cell:
        return ""
    if "\n" not in cell:  # most cells: the join below of one part
        return cell.strip()
    return "".join(part.strip() for part in cell.split("\n")).strip()


@dataclass
class _ReadRow:
    seq: int
    text: str
    value: str  # the value column's text, when the table has one
    span: SourceSpan
    path: list[str]
    leaders: list[str]
    leaders_inherited: bool
    units: list[UnitAssignment]
    flags: list[str]


MERGEABLE = ("leaders",) + UNIT_ROLES


def _merged_columns(row: _Row, table: _Table) -> set[str]:
    """Columns whose cell continues the cell above: a cell the source marks as merged
    (None from a PDF or HTML table), and in a capture that lost that mark, the leader and
    lead-unit cells when both are empty (a row has no task without a lead unit)."""
    merged = set()
    for role in MERGEABLE:
        i = table.columns.get(role)
        if i is not None and i < len(row.cells) and row.cells[i] is None:
            merged.add(role)
    if "lead" in table.columns and not _squash(_cell(row, table, "lead")):
        if "leaders" not in table.columns or not _squash(_cell(row, table, "leaders")):
            merged.update(r for r in ("lead", "leaders") if r in table.columns)
    return merged


def _read_rows(table: _Table, jurisdiction: str | None) -> list[_ReadRow]:
    out: list[_ReadRow] = []
    path = HeadingPath()
    carried: dict[str, tuple[str | None, int]] = {}  # column -> (cell, seq of the row it is written in)
    # frozen once: split_leaders memoizes by (chunk, known names)
    known_leaders = frozenset(leader_lexicon(_cell(r, table, "leaders") for r in table.rows if isinstance(r, _Row)))
    mergeable = [(role, table.columns[role]) for role in MERGEABLE if role in table.columns]  # in MERGEABLE's order
    for item in table.rows:
        if isinstance(item, tuple):
            path.push(heading_label(item[0]))
            continue
        row = item
        seq = _seq(_cell(row, table, "seq"))
        assert seq is not None
        merged = _merged_columns(row, table)
        cells: dict[str, str | None] = {}
        inherited: set[str] = set()
        origins: set[int] = set()
        for role, i in mergeable:
            if role in merged and role in carried:
                cells[role], origin = carried[role]
                inherited.add(role)
                origins.add(origin)
            else:
                cells[role] = row.cells[i] if i < len(row.cells) else None
                carried[role] = (cells[role], seq)
        flags = [f"inherited_from:{o}" for o in sorted(origins)]
        deadline = _text(_cell(row, table, "deadline"))
        if deadline:
            flags.append(f"deadline:{deadline}")
        leaders = split_leaders(cells.get("leaders"), known_leaders)
        if "leaders" in table.columns and not leaders:
            flags.append("leaders_missing")
        units: list[UnitAssignment] = []
        for role in UNIT_ROLES:
            units.extend(unit_assignments(cells.get(role), role, jurisdiction, inherited=role in inherited))
        if "lead" in table.columns and not any(u.role == "lead" for u in units):
            flags.append("lead_unit_missing")
        out.append(
            _ReadRow(
                seq=seq,
                text=_text(_cell(row, table, "text")),
                value=_text(_cell(row, table, "value")),
                span=SourceSpan(table.section, row.line, seq),
                path=path.labels(),
                leaders=leaders,
                leaders_inherited="leaders" in inherited,
                units=units,
                flags=flags,
            )
        )
    return out


def _sequence_notes(what: str, rows: list[_ReadRow]) -> list[str]:
    seqs = [r.seq for r in rows]
    notes = []
    if seqs and seqs != list(range(1, len(seqs) + 1)):
        missing = sorted(set(range(1, max(seqs) + 1)) - set(seqs))
        dupes = sorted({s for s in seqs if seqs.count(s) > 1})
        notes.append(f"{what}: 序号 not 1..{len(seqs)} (missing {missing}, repeated {dupes})")
    return notes


def _signature(rows: list[_ReadRow]) -> list[tuple]:
    return [
        (r.seq, r.text, r.value, tuple(r.leaders), tuple((u.role, u.name) for u in r.units))
        for r in rows
    ]


def compare_note(what: str, used: _Table, used_rows: list[_ReadRow], other: _Table, other_rows: list[_ReadRow]) -> str:
    """How a second copy of a table (body vs PDF annex) compares with the one read."""
    here = f"{what} table in {other.section} ({other.source})"
    there = f"the one read from {used.section} ({used.source})"
    a, b = _signature(used_rows), _signature(other_rows)
    if a == b:
        return f"{here} equals {there}: {len(a)} rows"
    by_seq_a = {s[0]: s for s in a}
    by_seq_b = {s[0]: s for s in b}
    only_a = sorted(set(by_seq_a) - set(by_seq_b))
    only_b = sorted(set(by_seq_b) - set(by_seq_a))
    differ = sorted(s for s in set(by_seq_a) & set(by_seq_b) if by_seq_a[s] != by_seq_b[s])
    return (
        f"{here} differs from {there}: {len(b)} vs {len(a)} rows; "
        f"rows only in the one read {only_a[:20]}, only in the other {only_b[:20]}, "
        f"rows that differ {differ[:20]}"
    )


class TableBreakdownParser(Parser):
    name = "table_breakdown"
    version = "1"
    kind = "breakdown"

    def score(self, src: SourceText) -> float:
        try:
            for section in src.sections:
                if any(header_columns(list(row)) for table in section.tables for row in table[:3]):
                    return 0.9
                if any("\t" in line and header_columns(line.split("\t")) for line in section.lines if line):
                    return 0.9
        except Exception:  # noqa: BLE001 - a score never fails a document
            return 0.0
        return 0.0

    def parse(self, src: SourceText) -> ParsedRecords:
        return safely(self.name, lambda: self._parse(src))

    def _parse(self, src: SourceText) -> ParsedRecords:
        jurisdiction = src.hints.jurisdiction_code
        # body first, then attachments, in document order
        sections = sorted(src.sections, key=lambda s: s.name != "body")
        by_kind: dict[str, list[_Table]] = {"targets": [], "tasks": []}
        for section in sections:
            for table in find_tables(section):
                if any(isinstance(r, _Row) for r in table.rows):
                    by_kind[table.kind].append(table)
        out = ParsedRecords()
        for kind, tables in by_kind.items():
            if not tables:
                out.notes.append(f"no {kind} table found")
                continue
            used = tables[0]
            rows = _read_rows(used, jurisdiction)
            if used.unplaced:
                out.notes.append(f"{kind} table in {used.section}: lines {used.unplaced[:20]} not read (no 序号)")
            for other in tables[1:]:
                out.notes.append(compare_note(kind, used, rows, other, _read_rows(other, jurisdiction)))
            out.notes.extend(_sequence_notes(kind, rows))
            if kind == "tasks":
                out.tasks.extend(_task(r) for r in rows)
            else:
                period = year_of(src, used.caption)
                for r in rows:
                    out.targets.extend(_targets(r, period))
                out.notes.extend(several_values_note(out.targets))
        if not out.tasks and not out.targets:
            raise ParseError("no breakdown table with rows found", reason="no_breakdown_table")
        return out


def _task(r: _ReadRow) -> Task:
    return Task(
        seq=r.seq,
        section_path=r.path,
        text=r.text,
        span=r.span,
        leaders=r.leaders,
        leaders_inherited=r.leaders_inherited,
        units=r.units,
        flags=r.flags,
    )


def _targets(r: _ReadRow, period: str) -> list[Target]:
    if r.value:
        targets = targets_from_phrase(r.value, period, r.span, indicator_hint=r.text)
    else:
        targets = targets_from_phrase(r.text, period, r.span)
    for t in targets:
        t.seq = r.seq
        t.leaders = list(r.leaders)
        t.units = list(r.units)
    return targets
