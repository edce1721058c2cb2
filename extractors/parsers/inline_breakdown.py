"""Breakdown plans that name the units in a parenthesis after each item (Wuhan style):

    二、九个方面重点工作(共268项)
    (一)坚决打赢三大攻坚战
    ——坚决完成脱贫攻坚任务
    1.严格落实“四不摘”要求……。(牵头单位:市扶贫开发办;责任单位:各区人民政府〈含开发区、风景区管委会〉)

Numbered ``1.`` items are tasks; ``(一)`` items that carry a unit parenthesis under a
heading about targets (目标/指标) are the plan's main targets. Headings above an item give
its ``section_path``. An item may be broken over several lines by the capture; it ends
where its unit parenthesis closes. Text a reprint site appended after that parenthesis
(``…〉)武汉汽车网``) is removed from the item and flagged ``trailing_junk_removed:<text>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.parsers.base import ParsedRecords, Parser
from extractors.parsers.breakdown_common import (
    CN_NUM,
    HeadingPath,
    heading_label,
    heading_level,
    safely,
    several_values_note,
    targets_from_phrase,
    year_of,
)
from extractors.numerals import cn_to_int
from core.records import SourceSpan, Task, UnitAssignment
from extractors.source_text import Section, SourceText
from extractors.units import split_leaders, unit_assignments
from core.errors import ParseError

TASK_START = re.compile(r"^(\d{1,4})\s*[.、．](?!\d)\s*")
CN_ITEM_START = re.compile(rf"^[(（]([{CN_NUM}]+)[)）]\s*")
# the parenthesis naming units: (牵头单位:…;责任单位:…)
UNIT_PAREN = re.compile(r"[(（]\s*(?=(牵头|责任|配合|协办|实施|主办)(单位|部门|领导)\s*[:：])")
ROLE_LABEL = re.compile(r"^\s*(牵头领导|牵头单位|牵头部门|责任单位|责任部门|配合单位|配合部门|协办单位|实施单位|主办单位)\s*[:：]\s*")
ROLE_BY_LABEL = {
    "牵头单位": "lead",
    "牵头部门": "lead",
    "主办单位": "lead",
    "责任单位": "responsible",
    "责任部门": "responsible",
    "配合单位": "cooperating",
    "配合部门": "cooperating",
    "协办单位": "cooperating",
    "实施单位": "implementing",
}
OPEN = "(（〈《【〔"
CLOSE = ")）〉》】〕"
PUNCTUATION_ONLY = re.compile(r"^[\s。.,，;；、!！]*$")
HEADING_MAX_LEN = 60  # longer numbered lines are paragraphs of the notice, not headings
TARGET_HEADING_WORDS = ("目标", "指标")


def find_unit_paren(text: str) -> tuple[int, int] | None:
    """Start and end (exclusive) of the first unit parenthesis, or (start, len) when it is
    not closed (the capture cut it off)."""
    m = UNIT_PAREN.search(text)
    if not m:
        return None
    depth = 0
    for i in range(m.start(), len(text)):
        ch = text[i]
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth -= 1
            if depth == 0:
                return m.start(), i + 1
    return m.start(), len(text)


def _paren_closed(text: str) -> bool:
    span = find_unit_paren(text)
    return bool(span) and span[1] <= len(text) and text[span[1] - 1] in ")）" and _balanced(text[span[0] : span[1]])


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth -= 1
    return depth == 0


@dataclass
class _Block:
    kind: str  # "task" | "cn_item" | "other" | "stray"
    line: int
    parts: list[str] = field(default_factory=list)
    number: str | None = None  # 12 of "12.", 一 of "(一)"; the parts hold the text after it
    prefix: str = ""  # the numbering as written: "12.", "(一)"

    @property
    def text(self) -> str:
        return "".join(self.parts)

    @property
    def heading(self) -> str:
        """The block as a heading, its numbering included: (一)坚决打赢三大攻坚战."""
        return self.prefix + self.text

    def open_for_more(self) -> bool:
        """Still reading the item: its unit parenthesis has not closed yet."""
        return self.kind in ("task", "cn_item") and not _paren_closed(self.text)


def _starts_structure(line: str) -> bool:
    return bool(TASK_START.match(line) or CN_ITEM_START.match(line) or heading_level(line) is not None)


def _blocks(section: Section) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for number, raw in enumerate(section.lines, start=1):
        line = (raw or "").strip()
        if not line:
            continue
        if _starts_structure(line):
            task, item = TASK_START.match(line), CN_ITEM_START.match(line)
            if task:
                current = _Block("task", number, [line[task.end() :]], task.group(1), line[: task.end()].strip())
            elif item:
                current = _Block("cn_item", number, [line[item.end() :]], item.group(1), line[: item.end()].strip())
            else:
                current = _Block("other", number, [line])
            blocks.append(current)
        elif current is not None and current.open_for_more():
            current.parts.append(line)
        else:
            current = _Block("stray", number, [line])
            blocks.append(current)
    return blocks


@dataclass
class _Item:
    text: str
    leaders: list[str]
    units: list[UnitAssignment]
    flags: list[str]


def _read_item(body: str, jurisdiction: str | None) -> _Item:
    span = find_unit_paren(body)
    flags: list[str] = []
    if span is None:
        return _Item(body.strip(), [], [], ["units_missing"])
    start, end = span
    text = body[:start].strip()
    inside = body[start + 1 : end - 1] if end <= len(body) and body[end - 1] in ")）" else body[start + 1 : end]
    trailing = body[end:].strip()
    if trailing and not PUNCTUATION_ONLY.match(trailing):
        flags.append(f"trailing_junk_removed:{trailing}")
    if not _balanced(body[start:end]):
        flags.append("unit_parenthesis_unclosed")
    leaders: list[str] = []
    units: list[UnitAssignment] = []
    for part in re.split(r"[;；]", inside):
        m = ROLE_LABEL.match(part)
        if not m:
            if part.strip():
                flags.append(f"unit_part_unlabelled:{part.strip()}")
            continue
        names = part[m.end() :]
        if m.group(1) == "牵头领导":
            leaders.extend(split_leaders(names))
        else:
            units.extend(unit_assignments(names, ROLE_BY_LABEL[m.group(1)], jurisdiction))
    if not any(u.role == "lead" for u in units):
        flags.append("lead_unit_missing")
    return _Item(text, leaders, units, flags)


def _is_heading(block: _Block) -> bool:
    text = block.heading
    return len(text) <= HEADING_MAX_LEN and "。" not in text.rstrip("。")


class InlineBreakdownParser(Parser):
    name = "inline_breakdown"
    version = "1"
    kind = "breakdown"

    def score(self, src: SourceText) -> float:
        try:
            hits = 0
            for section in src.sections:
                for block in _blocks(section):
                    if block.kind in ("task", "cn_item") and UNIT_PAREN.search(block.text):
                        hits += 1
                        if hits >= 3:
                            return 0.85
            return 0.5 if hits else 0.0
        except Exception:  # noqa: BLE001 - a score never fails a document
            return 0.0

    def parse(self, src: SourceText) -> ParsedRecords:
        return safely(self.name, lambda: self._parse(src))

    def _parse(self, src: SourceText) -> ParsedRecords:
        jurisdiction = src.hints.jurisdiction_code
        period = year_of(src)
        out = ParsedRecords()
        for section in sorted(src.sections, key=lambda s: s.name != "body"):
            records = self._read_section(section, jurisdiction, period)
            if records.tasks or records.targets:
                if out.tasks or out.targets:
                    out.notes.append(f"section {section.name}: inline items not read (already read from another section)")
                    continue
                out.tasks, out.targets = records.tasks, records.targets
                out.notes.extend(records.notes)
        if not out.tasks and not out.targets:
            raise ParseError("no numbered items with a unit parenthesis found", reason="no_inline_items")
        out.notes.extend(several_values_note(out.targets))
        numbers = sorted({t.seq for t in out.targets if t.seq is not None})
        if numbers and numbers != list(range(1, len(numbers) + 1)):
            out.notes.append(f"targets: numbers are not 1..{len(numbers)}: {numbers}")
        seqs = [t.seq for t in out.tasks]
        if seqs and seqs != list(range(1, len(seqs) + 1)):
            out.notes.append(f"tasks: numbers are not 1..{len(seqs)}: {seqs[:50]}")
        return out

    def _read_section(self, section: Section, jurisdiction: str | None, period: str) -> ParsedRecords:
        out = ParsedRecords()
        path = HeadingPath()
        started = False  # from the first item that names units on
        for block in _blocks(section):
            text = block.text
            span = SourceSpan(section.name, block.line)
            has_units = UNIT_PAREN.search(text) is not None
            if block.kind == "task":
                if not (has_units or started):
                    continue
                started = True
                item = _read_item(text, jurisdiction)
                out.tasks.append(
                    Task(
                        seq=int(block.number or 0),
                        section_path=path.labels(),
                        text=item.text,
                        span=span,
                        leaders=item.leaders,
                        units=item.units,
                        flags=item.flags,
                    )
                )
            elif block.kind == "cn_item" and has_units:
                started = True
                item = _read_item(text, jurisdiction)
                seq = cn_to_int(block.number or "")
                if any(w in label for label in path.labels()[:1] for w in TARGET_HEADING_WORDS):
                    for target in targets_from_phrase(item.text, period, span):
                        target.seq = seq
                        target.leaders = list(item.leaders)
                        target.units = list(item.units)
                        out.targets.append(target)
                    out.notes.extend(f"target {seq}: {f}" for f in item.flags)
                else:
                    out.tasks.append(
                        Task(
                            seq=seq or 0,
                            section_path=path.labels(),
                            text=item.text,
                            span=span,
                            leaders=item.leaders,
                            units=item.units,
                            flags=item.flags + ["numbered_with_chinese_numeral"],
                        )
                    )
            elif block.kind in ("cn_item", "other") and _is_heading(block):
                path.push(heading_label(block.heading))
            elif started and block.kind == "stray":
                out.notes.append(f"{section.name} line {block.line} not read: {text[:40]}")
        return out
