"""Breakdown notices that name the units of each item in labelled lines or in a division
sentence, not in a table or a ``(牵头单位:…)`` parenthesis:

    一、经济社会发展的主要预期目标                     ← a heading (no units of its own)
    1.地区生产总值增长6.2%左右。                       ← an item
    牵头单位：区发改局                                 ← labelled lines, any order,
    责任单位：立山经济开发区，各街道                      one or several per line
    完成时限：2026年12月底

    （三）加快建设物流枢纽……。部门分工：市商务局牵头，市交通运输局、市发展改革委配合。
    2.推进“放管服”改革……。（市政府办公室、市司法局牵头，市级各部门按职责分工负责）

Labels: 牵头单位/牵头部门 (lead), 责任单位/责任部门 (responsible), 配合单位/协办单位/参与单位
(cooperating), 实施单位 (implementing), 牵头领导/责任领导/分管领导/牵头市(县、区)领导/联系领导
(leaders), 完成时限/时间节点/完成时间 (kept as a ``deadline:`` flag). A division
sentence or trailing parenthesis is read clause by clause: ``X牵头`` lead, ``Y配合/协助/参与``
cooperating, ``Z负责`` responsible.

Headings assign: a heading that names a leader (``一、王建华副市长分管工作``) or carries
labels itself, with numbered items below it, gives those to every item below that does
not name its own (flagged ``assigned_by_heading``). When the notice states that the first
unit listed leads (``列第一位的责任单位为牵头单位``), the first 责任单位 of an item without a
牵头单位 is its lead unit (flagged ``lead_by_notice_rule``).

Numbering: 第一部分 > 一、 > （一） > 1. 1、 > （1） > ①. A numbered block with units is an
item (a target under a heading about 目标/指标, else a task); one without units is a
heading. ``一是``/``二是`` opening paragraphs number items too; inside one item's paragraph
(``…。一是…；二是…``) they are steps of that task, which stays one task (flagged
``enumerated:<n>_parts``) so that counts match the notice's own. ``seq`` is the written number when the items
are numbered 1..N through the document, else the position (flagged ``numbered_as:``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.errors import ParseError
from core.records import SourceSpan, Target, Task, UnitAssignment
from extractors.numerals import cn_to_int
from extractors.parsers.base import ParsedRecords, Parser
from extractors.parsers.breakdown_common import HeadingPath, safely, several_values_note, targets_from_phrase, year_of
from extractors.source_text import Section, SourceText
from extractors.units import split_leaders, unit_assignments

CN = "一二三四五六七八九十百零〇两"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# (level, pattern) – the numbering that starts a block, outermost first
NUMBERING: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(rf"^第([{CN}\d]+)(?:部分|章|篇)\s*")),
    (1, re.compile(rf"^([{CN}]+)\s*、\s*")),
    (2, re.compile(rf"^[(（]\s*([{CN}]+)\s*[)）]\s*")),
    (3, re.compile(r"^(\d{1,3})\s*(?:[.、．]|\s)(?!\d)\s*")),
    (4, re.compile(r"^[(（]\s*(\d{1,3})\s*[)）]\s*")),
    (5, re.compile(rf"^([{CIRCLED}])\s*")),
    (6, re.compile(rf"^([{CN}]{{1,3}})是(?=\S)")),  # 一是…, 二是… opening their own paragraphs
)
LABELS: dict[str, str] = {
    "牵头单位": "lead", "牵头部门": "lead", "主办单位": "lead", "主责单位": "lead",
    "责任单位": "responsible", "责任部门": "responsible",
    "配合单位": "cooperating", "配合部门": "cooperating", "协办单位": "cooperating", "参与单位": "cooperating",
    "协同单位": "cooperating",
    "实施单位": "implementing",
    "牵头领导": "leaders", "责任领导": "leaders", "分管领导": "leaders", "牵头市领导": "leaders",
    "牵头县领导": "leaders", "牵头区领导": "leaders", "联系领导": "leaders", "市领导": "leaders",
    "县领导": "leaders", "区领导": "leaders", "责任市领导": "leaders",
    "完成时限": "deadline", "时间节点": "deadline", "完成时间": "deadline", "时限要求": "deadline",
}
_LABEL_ALT = "|".join(sorted(LABELS, key=len, reverse=True))
LABEL = re.compile(rf"(?:^|(?<=[\s;；,，。(（]))({_LABEL_ALT})\s*[:：]\s*")
DIVISION = re.compile(r"(?:部门分工|责任分工|任务分工|分工)\s*[:：]\s*(.+?)[。]?$")
# a trailing parenthesis of division clauses: (市政府办公室牵头,市级各部门按职责分工负责)
DIVISION_PAREN = re.compile(r"[(（]([^()（）]{2,300}?(?:牵头|负责|配合|参与|协助))[)）][。;；]?\s*$")
CLAUSE_ROLE = re.compile(r"^(.+?)(?:按职责分工|按职责|分别|共同|具体)?(牵头|负责|配合|协助|参与|落实)$")
ROLE_OF_VERB = {"牵头": "lead", "负责": "responsible", "落实": "responsible", "配合": "cooperating",
                "协助": "cooperating", "参与": "cooperating"}
LEADER_TITLE = re.compile(r"(常务)?副?(?:省|市|县|区|州|旗|盟)长|(?:副)?秘书长|副?主任|同志")
HEADING_LEADER = re.compile(rf"^(?:[{CN}]+、)?\s*(.{{2,4}}?)\s*(?:常务)?副?(?:省|市|县|区|州)长(?:分管|负责|联系)")
FIRST_LEADS = re.compile(r"(?:列|排|排列|位列|排名)(?:在)?第一(?:位|个|家)?的?(?:责任)?(?:单位|部门)?(?:为|是)(?:牵头|主办)")
REST_COOPERATE = re.compile(r"其余(?:单位|部门)?(?:为|是)(?:配合|协办)")
ENUMERATION = re.compile(rf"([{CN}]{{1,3}})是")
TARGET_HEADING_WORDS = ("目标", "指标")
HEADING_MAX_LEN = 80


@dataclass
class _Block:
    level: int | None  # None: an unnumbered paragraph
    number: str  # as written: "3", "三", "①"
    prefix: str  # the numbering as written: "3.", "(三)"
    line: int
    section: str
    text: str = ""
    labels: dict[str, list[str]] = field(default_factory=dict)  # role -> raw texts
    division: str | None = None

    @property
    def has_units(self) -> bool:
        return bool(self.division) or any(r != "deadline" for r in self.labels)


def numbering(line: str) -> tuple[int, str, str, int] | None:
    """(level, number, numbering as written, where the text starts) of a numbered line."""
    for level, pattern in NUMBERING:
        m = pattern.match(line)
        if m:
            return level, m.group(1), line[: m.end()].strip(), m.end()
    return None


def split_labels(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Text before the first label, and (label, value) pairs: ``牵头单位：X；责任单位：Y``."""
    matches = list(LABEL.finditer(text))
    if not matches:
        return text, []
    head = text[: matches[0].start()]
    pairs = []
    for m, nxt in zip(matches, matches[1:] + [None]):
        value = text[m.end() : nxt.start() if nxt else len(text)]
        pairs.append((m.group(1), value.strip(" ;；,，。").rstrip(")）").strip()))
    return head, pairs


def _blocks(section: Section) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for number, raw in enumerate(section.lines, start=1):
        line = (raw or "").strip()
        if not line:
            continue
        if "\t" in line:  # a table row: not this parser's layout
            current = None
            continue
        head, pairs = split_labels(line)
        if pairs and not head.strip(" (（"):  # a labelled line
            if current is not None:
                for label, value in pairs:
                    current.labels.setdefault(LABELS[label], []).append(value)
            continue
        division = DIVISION.match(line)
        if division and current is not None:
            current.division = division.group(1)
            continue
        found = numbering(line)
        if found:
            level, num, prefix, start = found
            current = _Block(level, num, prefix, number, section.name, line[start:].strip())
            blocks.append(current)
        elif current is not None and not current.labels and not current.division and \
                current.text and current.text[-1] not in "。!！;；":
            current.text += line  # the item's paragraph goes on (a wrapped line)
        else:
            current = _Block(None, "", "", number, section.name, line)
            blocks.append(current)
        _absorb_inline(current)
    return blocks


def _absorb_inline(block: _Block) -> None:
    """Labels, a division sentence or a division parenthesis written at the end of the
    item's own paragraph move out of its text."""
    head, pairs = split_labels(block.text)
    if pairs:
        block.text = head.rstrip(" (（")
        for label, value in pairs:
            block.labels.setdefault(LABELS[label], []).append(value.rstrip(")）"))
    for pattern in (DIVISION_PAREN,):
        m = pattern.search(block.text)
        if m and "：" not in m.group(1) and ":" not in m.group(1):
            block.division = m.group(1)
            block.text = block.text[: m.start()].rstrip()
    m = re.search(r"(?:部门分工|责任分工)\s*[:：]\s*(.+?)[。]?$", block.text)
    if m:
        block.division = m.group(1)
        block.text = block.text[: m.start()].rstrip()


# --- units -----------------------------------------------------------------------------------------


@dataclass
class _Assigned:
    leaders: list[str] = field(default_factory=list)
    units: list[UnitAssignment] = field(default_factory=list)
    deadline: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def _leaders(texts: list[str]) -> list[str]:
    out: list[str] = []
    for text in texts:
        cleaned = LEADER_TITLE.sub(" ", text)
        out.extend(n for n in split_leaders(cleaned) if n not in out)
    return out


def _division_units(text: str, jurisdiction: str | None) -> tuple[list[UnitAssignment], list[str]]:
    units: list[UnitAssignment] = []
    flags: list[str] = []
    for clause in re.split(r"[,，;；]", text):
        clause = clause.strip(" 。")
        if not clause:
            continue
        m = CLAUSE_ROLE.match(clause)
        if not m:
            flags.append(f"division_clause_unread:{clause}")
            continue
        units.extend(unit_assignments(m.group(1).rstrip("等"), ROLE_OF_VERB[m.group(2)], jurisdiction))
    return units, flags


def _assigned(block: _Block, jurisdiction: str | None, first_leads: str) -> _Assigned:
    out = _Assigned()
    for role, texts in block.labels.items():
        if role == "leaders":
            out.leaders = _leaders(texts)
        elif role == "deadline":
            out.deadline = texts
        else:
            for text in texts:
                out.units.extend(unit_assignments(text, role, jurisdiction))
    if block.division:
        units, flags = _division_units(block.division, jurisdiction)
        out.units.extend(units)
        out.flags.extend(flags)
    if first_leads and out.units and not any(u.role == "lead" for u in out.units):
        first = next(u for u in out.units if u.role == "responsible") if any(
            u.role == "responsible" for u in out.units) else None
        if first is not None:
            first.role = "lead"
            out.flags.append("lead_by_notice_rule")
            if first_leads == "rest_cooperate":
                for u in out.units:
                    if u.role == "responsible":
                        u.role = "cooperating"
    return out


def _heading_leaders(text: str) -> list[str]:
    m = HEADING_LEADER.match(text)
    return [m.group(1)] if m else []


# --- the parser ------------------------------------------------------------------------------------


@dataclass
class _Scope:
    level: int
    assigned: _Assigned


class LabelledBreakdownParser(Parser):
    name = "labelled_breakdown"
    version = "1"
    kind = "breakdown"

    def score(self, src: SourceText) -> float:
        try:
            hits = sum(1 for s in src.sections for b in _blocks(s) if b.level is not None and b.has_units)
        except Exception:  # noqa: BLE001 - a score never fails a document
            return 0.0
        return 0.8 if hits >= 3 else (0.4 if hits else 0.0)

    def parse(self, src: SourceText) -> ParsedRecords:
        return safely(self.name, lambda: self._parse(src))

    def _parse(self, src: SourceText) -> ParsedRecords:
        jurisdiction = src.hints.jurisdiction_code
        period = year_of(src)
        first_leads = ""  # the notice's rule: "" none, "first" the first listed leads, "rest_cooperate" and the others cooperate
        for line in (line for s in src.sections for line in s.lines):
            m = FIRST_LEADS.search(line)
            if m:
                first_leads = "rest_cooperate" if REST_COOPERATE.search(line[m.end():]) else "first"
                break
        out = ParsedRecords()
        if first_leads:
            out.notes.append("the notice states that the first unit listed leads"
                             + (" and the others cooperate" if first_leads == "rest_cooperate" else ""))
        for section in sorted(src.sections, key=lambda s: s.name != "body"):
            self._read(section, jurisdiction, period, first_leads, out)
        if not out.tasks and not out.targets:
            raise ParseError("no numbered items with labelled units found", reason="no_labelled_items")
        _renumber(out)
        out.notes.extend(several_values_note(out.targets))
        return out

    def _read(self, section: Section, jurisdiction: str | None, period: str, first_leads: str,
              out: ParsedRecords) -> None:
        blocks = [b for b in _blocks(section) if b.level is not None]
        path = HeadingPath()
        scopes: list[_Scope] = []
        started = False
        for i, block in enumerate(blocks):
            while scopes and scopes[-1].level >= block.level:
                scopes.pop()
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            deeper_follows = nxt is not None and nxt.level > block.level
            assigned = _assigned(block, jurisdiction, first_leads)
            heading_leaders = _heading_leaders(block.text)
            inherited = any(s.assigned.units or s.assigned.leaders for s in scopes)
            if heading_leaders or (deeper_follows and len(block.text) <= HEADING_MAX_LEN):
                path.push(block.prefix + _strip_count(block.text))
                if heading_leaders and not assigned.leaders:
                    assigned.leaders = heading_leaders
                if assigned.leaders or assigned.units:
                    scopes.append(_Scope(block.level, assigned))
                continue
            if not block.has_units and not inherited:
                if len(block.text) <= HEADING_MAX_LEN and "。" not in block.text.rstrip("。"):
                    path.push(block.prefix + _strip_count(block.text))
                elif started:
                    out.notes.append(f"{section.name} line {block.line}: numbered paragraph without units not read")
                continue
            started = True
            self._item(block, assigned, scopes, path, period, out)

    def _item(self, block: _Block, assigned: _Assigned, scopes: list[_Scope], path: HeadingPath, period: str,
              out: ParsedRecords) -> None:
        flags = list(assigned.flags)
        own_leaders = bool(assigned.leaders)
        for scope in reversed(scopes):  # the nearest heading first
            if not assigned.leaders and scope.assigned.leaders:
                assigned.leaders = list(scope.assigned.leaders)
                flags.append("assigned_by_heading")
            if not assigned.units and scope.assigned.units:
                assigned.units = [UnitAssignment(u.role, u.name, u.name_raw, True) for u in scope.assigned.units]
                flags.append("assigned_by_heading")
        flags = list(dict.fromkeys(flags)) + [f"deadline:{d}" for d in assigned.deadline]
        if not any(u.role == "lead" for u in assigned.units):
            flags.append("lead_unit_missing")
        span = SourceSpan(block.section, block.line)
        if block.level >= 2 and any(w in label for label in path.labels() for w in TARGET_HEADING_WORDS):
            for target in targets_from_phrase(block.text, period, span):
                target.leaders = list(assigned.leaders)
                target.units = list(assigned.units)
                target.seq = _number(block)
                out.targets.append(target)
            return
        parts = _enumerated(block.text)
        if len(parts) > 1:  # 一是…；二是… inside one item: one task, its units shared by all parts
            flags.append(f"enumerated:{len(parts)}_parts")
        out.tasks.append(Task(
            seq=_number(block) or 0, section_path=path.labels(), text=block.text, span=span,
            leaders=list(assigned.leaders), leaders_inherited=bool(assigned.leaders) and not own_leaders,
            units=list(assigned.units), flags=flags + [f"numbered_as:{block.prefix}"],
        ))


def _strip_count(text: str) -> str:
    return re.sub(r"\s*[(（][^()（）]*\d+\s*[项条个][)）]\s*$", "", text).rstrip("。:： ")


def _number(block: _Block) -> int | None:
    if block.number in CIRCLED:
        return CIRCLED.index(block.number) + 1
    return cn_to_int(block.number)


def _enumerated(text: str) -> list[tuple[str, str | None]]:
    """``一是…；二是…`` parts of an item (at least two, numbered in order), else the item."""
    marks = [m for m in ENUMERATION.finditer(text) if m.start() == 0 or text[m.start() - 1] in "。；;,，:："]
    expected, kept = 1, []
    for m in marks:
        if cn_to_int(m.group(1)) == expected:
            kept.append(m)
            expected += 1
    if len(kept) < 2:
        return [(text, None)]
    parts = []
    for m, nxt in zip(kept, kept[1:] + [None]):
        parts.append((text[m.start(): nxt.start() if nxt else len(text)].rstrip("；;，, "), m.group(0)))
    return parts


def _renumber(out: ParsedRecords) -> None:
    """Keep the written numbers when they run 1..N through the document; else number the
    tasks by position (the written numbering stays in the ``numbered_as:`` flag)."""
    written = [t.seq for t in out.tasks]
    if written == list(range(1, len(written) + 1)):
        for t in out.tasks:
            t.flags = [f for f in t.flags if not f.startswith("numbered_as:")]
        return
    for i, t in enumerate(out.tasks, start=1):
        t.seq = i
    out.notes.append(f"tasks: the written numbers restart or repeat; numbered 1..{len(out.tasks)} in document order")
