"""Rejoin lines a capture broke in the middle of a sentence (``各区人`` / ``民政府``).

A break is mended only when every sign says it is not a real line end: the lines are
adjacent (no blank line between), neither is a table row (tabs), the first does not end
a sentence or clause, the second does not start a heading, numbered item, annex, note,
date or a stand-alone bracket, and either the first has an unclosed bracket or it is long
(captures wrap long lines; short lines are titles, signatures and headings).
"""

from __future__ import annotations

import re

_MIN_WRAPPED = 30  # wrapped body lines in captures are 40+ characters; headings and signatures are shorter

_ENDS_UNIT = set("。!！？?;；:：")
_OPENERS = {"(": ")", "(": ")", "《": "》", "〈": "〉", "“": "”", "【": "】", "〔": "〕"}
_CN_NUM = "一二三四五六七八九十百零〇两"

STRUCTURE_START = re.compile(
    rf"""^(?:
        [{_CN_NUM}]+[、.]                  # 一、
      | [(（][{_CN_NUM}]+[)）]              # (一)
      | \d{{1,3}}[、．] | \d{{1,3}}\.(?![\d.]*%)   # 1. 1、 2.2026年… (not 2.5%)
      | [(（]\d+[)）]                       # (1)
      | [①-⑳]
      | ——|—— | -\s | ∙ | ·
      | 第[{_CN_NUM}\d]+[部章节条项款个]
      | 附件 | 附表 | 注[:：] | 序号
    )""",
    re.X,
)
DATE_LINE = re.compile(r"^\s*(\d{4}|[〇一二三四五六七八九零]{4})年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日\s*$")
STANDALONE_BRACKET = re.compile(r"^[(（][^()（）]*[)）]$")
DOC_NUMBER_LINE = re.compile(r"^\S{1,10}[〔\[(（]\d{4}[〕\])）]\d+号$")
SIGNATURE_LINE = re.compile(r"^[\u4e00-\u9fff]{2,20}\s[\u4e00-\u9fff]{2,4}$")  # 甘肃省省长 任振鹤
_TITLE_END = re.compile(r"(通知|方案|意见|决定|报告|办法|规定|解读|分解表)$")


def unclosed_bracket(line: str) -> bool:
    depth = 0
    for ch in line:
        if ch in "(（〈《【〔":
            depth += 1
        elif ch in ")）〉》】〕" and depth:
            depth -= 1
    return depth > 0


def is_broken_pair(first: str, second: str) -> bool:
    """True when ``second`` continues the sentence ``first`` was cut off in."""
    if not first or not second or "\t" in first or "\t" in second:
        return False
    if (
        STRUCTURE_START.match(second)
        or DATE_LINE.match(second)
        or STANDALONE_BRACKET.match(second)
        or DOC_NUMBER_LINE.match(second)
        or SIGNATURE_LINE.match(second)
    ):
        return False
    if DATE_LINE.match(first) or DOC_NUMBER_LINE.match(first) or first.startswith(("附件", "附表")):
        return False
    if unclosed_bracket(first):  # (牵头单位:…;责任单位: / 市农业农村局…)
        return True
    if first[-1] in _ENDS_UNIT:
        return False
    if _TITLE_END.search(first):  # a title or heading ends there: …的通知, …的解读
        return False
    if "关于" in first and "," not in first and len(first) + len(second) <= 80 and _TITLE_END.search(second):
        return True  # a title wrapped in two: 市人民政府办公厅关于印发2020年市 / 《政府工作报告》…的通知
    if first[-1] in ")）" or " " in first:  # a closed remark, or a signature like 市长 武和谦
        return False
    if first.startswith("——") and len(first) < 40:  # a dash subtitle: ——2026年1月20日在…会议上
        return False
    return len(first) >= _MIN_WRAPPED


def rejoin_with_origins(items: list[tuple[str | None, int]]) -> tuple[list[tuple[str | None, int]], int]:
    """Join broken pairs in (line, origin) items; a joined line keeps its first origin.
    ``None`` stands for a blank line (a paragraph boundary). Returns the items and the
    number of joins."""
    out: list[tuple[str | None, int]] = []
    joins = 0
    for line, origin in items:
        if line is not None and out and out[-1][0] is not None and is_broken_pair(out[-1][0], line):
            out[-1] = (out[-1][0] + line, out[-1][1])
            joins += 1
        else:
            out.append((line, origin))
    return out, joins


def rejoin_broken_lines(lines: list[str | None]) -> list[str | None]:
    """Join broken pairs; ``None`` stands for a blank line (a paragraph boundary)."""
    joined, _ = rejoin_with_origins([(line, i) for i, line in enumerate(lines)])
    return [line for line, _ in joined]
