"""Government work reports (政府工作报告): targets and last year's actuals from prose.

What is read, and from where (the scope is deliberate; see notes in every result):

- **The year's main targets**: the paragraph that announces them
  (``全市经济社会发展的主要预期目标是：…``, ``2026年…主要目标为：…``), from the colon to the
  end of the paragraph; when the list starts on the next lines, those lines up to the
  first line without a value. Every target there is kept, an unknown indicator with
  code None. Period = the report's year.
- **Five-year-plan goals**: the section under the heading that names the plan period and
  its goals (``“十五五”时期奋斗目标和总体考虑``, ``“十五五”时期的主要目标任务``) up to the next
  heading. That section is prose full of numbers about counties, parks and sectors, so
  only targets of indicators in the taxonomy are kept. Period = ``15th_fyp`` (``14th_fyp``
  … from the heading). A list announced as ``“十五五”时期…主要目标是：…`` keeps every target.
- **Actuals** for the year before: the review's summary paragraph only — the first
  paragraph that opens with ``2025年是…``, ``刚刚过去的2025年…``, ``过去一年…``, ``一年来…``
  and holds a figure of a known indicator — and only
  exact values of known indicators (``全年完成地区生产总值793.9亿元、增长6.9%``). The
  numbered paragraphs after it and the five-year review are not read: they mix sub-sectors
  and places with the headline figures.

Targets in the task sections (``城镇新增就业1.6万人以上`` among the year's work) are not
read: they are tasks' numbers, and the breakdown notice lists them when they are targets.
"""

from __future__ import annotations

import re

from extractors.parsers.base import ParsedRecords, Parser
from core.records import SourceSpan
from extractors.source_text import Section, SourceText
from extractors.values import read_actuals, read_number, read_targets
from core.errors import ParseError

# 主要预期目标是: / 为: / : / 是地区生产总值增长… (no colon) / 今年经济社会发展的主要预期目标:
MAIN_TARGETS = re.compile(
    r"(?:主要预期目标|主要目标|预期目标)(?:是|为|建议为|确定为|安排为|如下)?\s*[:：]"
    r"|(?:主要预期目标|主要目标)(?:是|为)\s*[,，]?(?=[^\s:：,，。])"
    r"|(?:主要预期目标|主要目标)\s*$"  # a heading; the list follows on the next lines
)
FYP_NAME = re.compile(r"“?(十[一二三四五六七八九]?)五”?(?:规划|时期)|第(十[一二三四五六七八九]?)个五年规划")
HEADING_MAX_LEN = 40
_SENTENCE_END = "。!！;；:：,，"
_CN_YEAR = "〇零一二三四五六七八九"


def _is_heading(line: str) -> bool:
    s = line.strip()
    return 0 < len(s) <= HEADING_MAX_LEN and s[-1] not in _SENTENCE_END


def _fyp_period(text: str) -> str | None:
    m = FYP_NAME.search(text)
    if not m:
        return None
    n = read_number(m.group(1) or m.group(2))
    return f"{int(n)}th_fyp" if n else None


def _report_year(src: SourceText, lines: list[str]) -> int:
    if src.hints.year:
        return int(src.hints.year)
    head = "\n".join(lines[:40])
    m = re.search(rf"——\s*(\d{{4}}|[{_CN_YEAR}]{{4}})年", head)  # ——2026年1月20日在…会议上
    if m:
        n = read_number(m.group(1))
        if n:
            return int(n)
    m = re.search(r"(\d{4})年[^\n]{0,12}政府工作报告", head)
    if m:
        return int(m.group(1))
    m = re.search(r"(\d{4})年(?:工作回顾|是)", "\n".join(lines))
    if m:
        return int(m.group(1)) + 1
    raise ParseError("cannot tell which year the work report is for", reason="no_year")


class WorkReportParser(Parser):
    name = "work_report_prose"
    version = "1"
    kind = "work_report"

    def score(self, src: SourceText) -> float:
        lines = src.body.lines
        text = "\n".join(lines)
        score = 0.0
        if any(MAIN_TARGETS.search(line) for line in lines):
            score += 0.6
        if "政府工作报告" in text:
            score += 0.2
        if "各位代表" in text:
            score += 0.2
        return score

    def parse(self, src: SourceText) -> ParsedRecords:
        section = src.body
        lines = section.lines
        year = _report_year(src, lines)
        out = ParsedRecords()
        # Each part is read on its own: one that fails is recorded as unread and the rest
        # (targets, metadata) is kept.
        main_lines, fyp_lines = self._part("main targets", out, lambda: self._main_target_lines(section, year, out),
                                           ([], []))
        self._part("five-year goals", out, lambda: self._fyp_targets(section, set(main_lines), fyp_lines, out), None)
        self._part("actuals", out, lambda: self._actuals(section, year, out), None)
        if not out.targets and not out.actuals:
            raise ParseError(
                "no targets paragraph, five-year goals or review figures found",
                reason="no_work_report_records",
            )
        return out

    @staticmethod
    def _part(what: str, out: ParsedRecords, read, default):
        try:
            return read()
        except Exception as exc:  # noqa: BLE001 - one unreadable part never discards the report
            out.unread.append(f"{what}: {type(exc).__name__}: {exc}"[:300])
            out.notes.append(f"{what} not read ({type(exc).__name__}); the rest of the report is kept")
            return default

    # --- the year's main targets ---------------------------------------------------------

    def _main_target_lines(self, section: Section, year: int, out: ParsedRecords) -> tuple[list[int], list[int]]:
        """(lines read as the year's main targets, lines that announce five-year goals)."""
        lines = section.lines
        fyp_lines: list[int] = []
        for i, line in enumerate(lines):
            m = MAIN_TARGETS.search(line)
            if not m:
                continue
            lead = re.split(r"[。!！]", line[: m.start()])[-1]
            this_year = "今年" in lead or str(year) in lead
            if _fyp_period(lead) and not this_year:
                fyp_lines.append(i)  # "十五五"时期的主要目标是: five-year goals
                continue
            if not this_year and ("去年" in lead or str(year - 1) in lead):
                continue  # last year's targets, quoted in the review
            read: list[int] = []
            first = read_targets(line[m.end():], period=str(year), span=SourceSpan(section.name, i + 1))
            out.targets.extend(first)
            read.append(i + 1)
            if not first:  # the list starts on the following lines
                j = i + 1
                while j < len(lines):
                    if not lines[j].strip():
                        j += 1
                        continue
                    found = read_targets(lines[j], period=str(year), span=SourceSpan(section.name, j + 1))
                    if not found:
                        break
                    out.targets.extend(found)
                    read.append(j + 1)
                    j += 1
            out.notes.append(
                f"main targets for {year}: {section.name} line(s) {', '.join(map(str, read))}"
            )
            return read, fyp_lines
        out.notes.append(f"no main targets paragraph for {year} found")
        return [], fyp_lines

    # --- five-year-plan goals ------------------------------------------------------------

    def _fyp_targets(self, section: Section, skip: set[int], announced: list[int], out: ParsedRecords) -> None:
        lines = section.lines
        # 十五五时期…主要目标是：… states the goals as a list: every one of them is kept.
        for i in announced:
            m = MAIN_TARGETS.search(lines[i])
            period = _fyp_period(lines[i][: m.start()]) if m else None
            if not m or not period:
                continue
            out.targets.extend(read_targets(lines[i][m.end():], period=period, span=SourceSpan(section.name, i + 1)))
            out.notes.append(f"{period} goals: {section.name} line {i + 1} (stated as a list)")
            skip.add(i + 1)
        start = next(
            (i for i, line in enumerate(lines) if _is_heading(line) and _fyp_period(line) and "目标" in line),
            None,
        )
        if start is None:
            out.notes.append("no five-year-plan goals section found")
            return
        period = _fyp_period(lines[start])
        end = next((j for j in range(start + 1, len(lines)) if _is_heading(lines[j])), len(lines))
        for j in range(start + 1, end):
            if j + 1 in skip or not lines[j].strip():
                continue
            out.targets.extend(
                read_targets(lines[j], period=period, span=SourceSpan(section.name, j + 1), known_only=True)
            )
        out.notes.append(
            f"{period} goals: {section.name} lines {start + 1}-{end} (indicators in the taxonomy only)"
        )

    # --- last year's actuals -------------------------------------------------------------

    def _actuals(self, section: Section, year: int, out: ParsedRecords) -> None:
        """Figures the review states for last year (its summary paragraph, its —— bullets,
        its numbered paragraphs) and, marked with their period, for the five years before
        (a five-year review's —— bullets and 五年来 paragraphs). The first statement of an
        indicator (per basis) wins; the review ends where this year's work begins."""
        last = year - 1
        seen: set[tuple] = set()
        read_from: list[str] = []
        for i, mode in _review_paragraphs(section.lines, year):
            period = None if mode == "year" else _fyp_period(_review_period_hint(section.lines, i)) or "5y"
            found = read_actuals(section.lines[i], year=last, span=SourceSpan(section.name, i + 1), period=period)
            kept = []
            for actual in found:
                key = (actual.indicator, actual.basis, actual.period)
                if key in seen:
                    continue
                seen.add(key)
                kept.append(actual)
            if kept:
                out.actuals.extend(kept)
                read_from.append(f"{i + 1}" + ("" if mode == "year" else f" ({period})"))
        if read_from:
            out.notes.append(f"actuals for {last}: {section.name} line(s) {', '.join(read_from)}")
        else:
            out.notes.append(f"no review figures for {last} found")


_BULLET = re.compile(r"^\s*(——|—)(?=\S)")
_NUMBERED = re.compile(r"^\s*(?:[(（][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+是|\d{1,2}[.、．](?!\d))")
_FIVE_YEAR = re.compile(r"五年来|过去五年|这五年|五年工作回顾|“?十[一二三四五]五”?时期(?:工作)?回顾|“?十[一二三四五]五”?时期是")
_FIVE_YEAR_BULLET = re.compile(r"^\s*——[^。]{0,60}的五年[。!！]")  # ——这是…综合实力大幅跃升的五年。


def _review_paragraphs(lines: list[str], year: int) -> list[tuple[int, str]]:
    """(line index, "year" | "five_year") of the review paragraphs that state figures: the
    summary paragraph(s) opening with 刚刚过去的/即将过去的/这一年/过去一年/{last}年是…, —— bullets
    and numbered paragraphs; in a five-year review its —— bullets and 五年来 paragraphs. The
    review ends at this year's targets or work (今年…, {year}年工作, 重点工作, 主要任务)."""
    last = year - 1
    opening = re.compile(
        rf"^\s*(?:各位代表[!！]?\s*)?(?:{last}年是|{last}年[,，]|刚刚过去的|即将过去的|过去的{last}年|过去的一年|过去一年"
        rf"|这一年|一年来|去年[,，]|{last}年全[省市县区州]|{last}年工作回顾)"
    )
    stop = re.compile(rf"(?:{year}年|今年)(?:的)?(?:工作|重点工作|主要任务|工作安排|总体要求|政府工作)|主要预期目标|预期目标")
    out: list[tuple[int, str]] = []
    mode: str | None = None
    for i, line in enumerate(lines):
        text = line.strip()
        if stop.search(text[:40]) or (_is_heading(text) and _fyp_period(text) and "目标" in text):
            if out or mode:
                break
            continue
        if opening.search(text):
            mode = "year"
        elif _FIVE_YEAR.search(text[:20]) or _FIVE_YEAR_BULLET.match(text) or (_is_heading(text) and _FIVE_YEAR.search(text)):
            mode = "five_year"
        elif _is_heading(text) and re.search(rf"{last}年", text):
            mode = "year"
        if mode is None:
            continue
        if opening.search(text) or _BULLET.match(text) or (mode == "year" and _NUMBERED.match(text)) \
                or (mode == "five_year" and _FIVE_YEAR.search(text[:8])):
            out.append((i, mode))
    return out


def _review_period_hint(lines: list[str], i: int) -> str:
    """The nearest text above a five-year paragraph that names the plan period."""
    for j in range(i, -1, -1):
        if _fyp_period(lines[j][:30]):
            return lines[j][:30]
    return ""
