"""Document metadata, read the same way for every kind of document.

``read_meta`` combines, in order of trust: hints (registry, listing page, CLI options),
the page's own metadata block (``Normalized.page_meta``: 发布日期, 文号, ...), and what
the text says (the 文号 line, the signature and its date, the session line of a report).
``declared_counts`` finds the counts a document states about itself, each with the
sentence it came from. ``detect_kind`` tells a work report, a breakdown notice and an
interpretation apart from the title and the text.

Decisions where the documents leave room:
- a count is about *targets* when its context names 目标/指标, about *tasks* otherwise;
  per-part counts (第一部分为…,共5项) are tasks with ``part`` set to the part's ordinal
  label (第一部分), because they break down the document's task total;
- a count on a line of its own (``(共16项)``) takes the heading line above as context and
  its sentence is that heading followed by the count;
- reporting deadlines are ISO dates of ``…日前`` (or ``…月底前``) in sentences that ask for
  something to be reported (报, 报送, 报告, 备案, 上报, 提交); a date without a year takes
  the year last written before it in the sentence, else the document's written date's year.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

from extractors.normalize import normalize_line
from extractors.normalize.boilerplate import iso_date
from extractors.numerals import CN_NUMBER, NUMBER, cn_to_int, find_dates
from core.records import DeclaredCount, DocumentMeta, SourceSpan
from extractors.source_text import DocumentHints, Section, SourceText
from core.errors import ParseError

DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,10})\s*[〔\[(（【]\s*(\d{4})\s*[〕\])）】]\s*(\d{1,4})\s*号")
_DATE_LINE = re.compile(rf"^([{CN_NUMBER}\d]{{4}})年([{CN_NUMBER}\d]{{1,3}})月([{CN_NUMBER}\d]{{1,3}})日$")
_ISSUER_LINE = re.compile(r"^[\u4e00-\u9fff]{2,24}(人民政府|政府办公厅|政府办公室|办公厅|办公室|委员会)$")
# ——2026年1月20日在…会议上; the dash may be ── (box drawing), —, -, or missing, and the
# date and the 在…会议上 part may stand on two lines (joined before matching).
_SESSION_LINE = re.compile(r"^[—─\-－~]*\s*(.{8,16}?日)\s*在.*(人民代表大会|人大).*会议上")
_SESSION_DATE_ONLY = re.compile(r"^[—─\-－~]+\s*.{8,16}?日$")
# a 文号 labelled anywhere (发文字号：甘政发〔2026〕7号 成文日期：…), or opening/closing a line
_LABELLED_DOC_NUMBER = re.compile(r"(?:发文字号|文号|字号)\s*[:：]?\s*")
# an issuer is a government body, not the site that reprinted the document (杭州网, 甘肃日报)
_GOVERNMENT = re.compile(r"(人民政府|政府|办公厅|办公室|委员会|厅|局|人大|政协|管委会|国务院)$")
_TITLE_LINE = re.compile(r"关于.{2,80}(通知|方案|意见|决定|解读|报告)|政府工作报告$")
_ATTACHMENT_NAME = re.compile(r"\.(pdf|docx?|xlsx?|wps|ofd)$", re.I)


def normalize_doc_number(text: str) -> str | None:
    """甘政发[2026]7号, 甘政发（2026）7号 → 甘政发〔2026〕7号."""
    m = DOC_NUMBER.search(text)
    return f"{m.group(1)}〔{m.group(2)}〕{int(m.group(3))}号" if m else None


# --- kind -------------------------------------------------------------------------------

_INTERPRETATION = re.compile(r"解读")
_BREAKDOWN = re.compile(r"分解|分工|责任分解|任务分解|分解表|分工方案|目标任务责任")
_WORK_REPORT = re.compile(r"政府工作报告")


def detect_kind(src: SourceText, title: str | None = None) -> str | None:
    """work_report | breakdown | interpretation, or None when nothing says which."""
    head = [title or ""] + src.body.lines[:12]
    if any(_INTERPRETATION.search(line) and len(line) < 120 for line in head[:4] if line):
        return "interpretation"
    text = "\n".join(line for s in src.sections for line in s.lines)
    titles = [line for line in head if line and len(line) < 120]
    if any(_BREAKDOWN.search(t) for t in titles) or re.search(r"分解表|分解方案|分工方案|牵头单位", text):
        if not re.search(r"^各位代表", text, re.M):
            return "breakdown"
    if _WORK_REPORT.search("\n".join(titles)) and re.search(r"^各位代表", text, re.M):
        return "work_report"
    return None


# --- title, issuer, dates -----------------------------------------------------------------


def _clean_title(line: str) -> str:
    line = _ATTACHMENT_NAME.sub("", line.strip())
    return re.sub(r"^[^┃|]{1,12}[┃|]\s*", "", line)  # 文字解读┃关于… : the column's name


def find_title(src: SourceText) -> str | None:
    lines = src.body.lines
    for line in lines[:15]:
        if _TITLE_LINE.search(line) and len(line) <= 120 and not line.endswith(("。", ":")):
            return _clean_title(line)
    for line in lines:  # an attachment link named after the notice (Gansu 2026 mirror)
        if _ATTACHMENT_NAME.search(line) and "关于" in line:
            return _clean_title(line)
    return None


def _signature(lines: list[str]) -> tuple[str | None, str | None, int | None]:
    """(issuer, written date, line index) of the first signature block: an issuer line
    followed by a date line, or a date line alone closing the notice's text."""
    for i, line in enumerate(lines):
        m = _DATE_LINE.match(line)
        if not m:
            continue
        dates = find_dates(line)
        if not dates:
            continue
        issuer = lines[i - 1] if i > 0 and _ISSUER_LINE.match(lines[i - 1]) else None
        return issuer, dates[0][1], i
    return None, None, None


def _session_date(lines: list[str]) -> str | None:
    head = lines[:30]
    for i, line in enumerate(head):
        if _SESSION_DATE_ONLY.match(line) and i + 1 < len(head):
            line = line + head[i + 1]  # the date on one line, 在…会议上 on the next
        m = _SESSION_LINE.match(line)
        if m:
            dates = find_dates(m.group(1))
            if dates:
                return dates[0][1]
    return None


# --- year -----------------------------------------------------------------------------------

_YEAR_CONTEXT = re.compile(
    r"(\d{4})年(?:度)?(?:全省|全市|全县|省|市|县|省政府|市政府|县政府)?"
    r"(?:《[^》]{0,12}》|〈[^〉]{0,12}〉)?"
    r"(?:[^,。;]{0,8})?(?:主要目标|主要指标|主要预期目标|重点工作|经济社会发展|目标任务|政府工作报告|分解)"
)


def detect_year(src: SourceText, kind: str | None, written: str | None, session: str | None) -> int | None:
    """The year the targets are for. A work report's is its session's year; a breakdown's
    or interpretation's is the year its title and tables name most often."""
    if kind == "work_report" and session:
        return int(session[:4])
    counts: dict[int, int] = {}
    for section in src.sections:
        for line in section.lines:
            for m in _YEAR_CONTEXT.finditer(line):
                year = int(m.group(1))
                if 1949 <= year <= 2200:
                    counts[year] = counts.get(year, 0) + 1
    if counts:
        return max(counts, key=lambda y: (counts[y], y))
    for date in (session, written):
        if date:
            return int(date[:4])
    return None


# --- deadlines ------------------------------------------------------------------------------

# asking for something to be reported: 报送, 上报, 报告省政府, 备案, 提交, 报省政府办公厅…
# (not the 报告 of 《政府工作报告》)
_REPORTING = re.compile(r"报送|上报|(?<!工作)报告(?!》)|备案|提交|报(?=[省市县区州]|给|至|到)")
_DEADLINE_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})日|(底))")


_SENTENCE_END = re.compile(r"(?<=[。;!?？])")


def _sentences(line: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(line) if s.strip()]


def find_deadlines(lines: list[str], default_year: int | None) -> list[tuple[str, str]]:
    """(ISO date, sentence) of every reporting deadline, in order of appearance."""
    out: list[tuple[str, str]] = []
    for line in lines:
        for sentence in _sentences(line):
            if "前" not in sentence or not _REPORTING.search(sentence):
                continue
            # only the dates in the run that ends in 前: 分别于4月15日、7月15日…前
            for run in re.finditer(r"(?:于|在)?((?:[\d年月日底、及和至,]|\s)+?)前", sentence):
                year = default_year
                for m in _DEADLINE_DATE.finditer(run.group(1)):
                    if m.group(1):
                        year = int(m.group(1))
                    if year is None or not 1949 <= year <= 2200:
                        continue
                    month = int(m.group(2))
                    if not 1 <= month <= 12:
                        continue
                    day = calendar.monthrange(year, month)[1] if m.group(4) else int(m.group(3))
                    if 1 <= day <= calendar.monthrange(year, month)[1]:
                        out.append((f"{year:04d}-{month:02d}-{day:02d}", sentence.strip()))
    seen: set[str] = set()
    return [(d, s) for d, s in out if not (d in seen or seen.add(d))]


# --- declared counts -------------------------------------------------------------------------

_N = NUMBER
_TOTAL_ITEMS = re.compile(rf"共\s*(?:分解|细化|梳理|分成|分为|列出)?\s*(?:出)?(?:重点)?(?:任务|工作任务|事项)?\s*({_N})\s*(?:项|条)")
_PART_COUNT = re.compile(rf"(第[{CN_NUMBER}\d]+部分)(?:为|是|:)?([^。;]*?)[,,]?\s*共\s*({_N})\s*项")
# "N个方面的内容" names a table's columns (牵头领导、责任单位、完成时限…), never parts
_PARTS_AND_TASKS = re.compile(rf"({_N})\s*个(?:大)?(?:部分|方面)(?!的?内容)[、,和及]?\s*({_N})\s*项")
_PARTS_HEADING = re.compile(rf"({_N})\s*个(?:大)?(?:部分|方面)(?!的?内容)")
_BIG_PARTS = re.compile(rf"({_N})\s*大(?:主题|板块|领域|部分|方面|类)")  # 9大主题
# a count a part's heading states about that part: 一、…(分解任务15项), 1.在“…”方面(分解任务9项)
_PART_TASKS = re.compile(rf"[(（]\s*(?:分解|细化)?(?:任务|工作任务|重点任务|重点工作|事项)\s*({_N})\s*(?:项|条)\s*[)）]")
# (共N项) closing a second-level heading: that part's count; a first-level heading's is the total
_SUB_HEADING = re.compile(rf"^[(（][{CN_NUMBER}]+[)）]")
_LEAD_UNITS = re.compile(rf"({_N})\s*个牵头(?:单位|部门)")
_TOWNS = re.compile(rf"({_N})\s*个(?:乡镇|镇街|街道|镇\(街道\)|乡镇\(街道\)|镇\(街\))")
_TASKS_PHRASE = re.compile(rf"({_N})\s*项(?:具体工作|重点工作|工作任务|重点任务|具体任务)")
_TARGETS_PHRASE = re.compile(rf"({_N})\s*项(?:主要)?(?:预期)?(?:目标|指标)")
_TARGET_WORDS = re.compile(r"目标|指标")
# Every count pattern above holds a number followed by one of these words: a sentence
# without one states no count (a bare 个 or 项, in most sentences, is not enough).
_COUNT_WORDS = re.compile(rf"{_N}\s*[项条大个]")


def _what(context: str) -> str:
    """targets or tasks, from the words before a count: 主要目标/指标 → targets."""
    context = re.sub(r"目标任务|任务目标", "任务", context)
    if _TARGET_WORDS.search(context) and not re.search(r"重点工作|工作任务|重点任务", context):
        return "targets"
    return "tasks"


def _count(section: Section, i: int, what: str, n: str, sentence: str, part: str | None = None):
    value = cn_to_int(n)
    if value is None:
        return None
    return DeclaredCount(what=what, count=value, sentence=sentence, span=SourceSpan(section.name, i + 1), part=part)


def _part_label(text: str) -> str:
    """The part a count belongs to, from the text before it: 一、张某分管工作 → itself,
    1.在“聚焦扩大开放”方面 → 1.聚焦扩大开放."""
    text = text.strip().rstrip("(（ ,，")
    m = re.match(r"^(\d{1,3}[.、．]|[(（][^)）]{1,4}[)）]|[一二三四五六七八九十]+、)?\s*在?[“\"]?(.*?)[”\"]?(?:方面)?$", text)
    return (m.group(1) or "") + m.group(2) if m else text


def declared_counts_in(section: Section) -> list[DeclaredCount]:
    out: list[DeclaredCount] = []
    for i, line in enumerate(section.lines):
        if "\t" in line:
            continue  # a table cell never states the document's counts
        if not _COUNT_WORDS.search(line):
            continue
        for sentence in _sentences(line):
            if not _COUNT_WORDS.search(sentence):
                continue
            found_here: list[DeclaredCount | None] = []
            part_spans = []
            for m in _PART_COUNT.finditer(sentence):
                part_spans.append(m.span())
                found_here.append(_count(section, i, "tasks", m.group(3), sentence.strip(), part=m.group(1)))
            for m in _PART_TASKS.finditer(sentence):
                found_here.append(_count(section, i, "tasks", m.group(1), sentence.strip(), part=_part_label(sentence[: m.start()])))
            for m in _BIG_PARTS.finditer(sentence):
                found_here.append(_count(section, i, "parts", m.group(1), sentence.strip()))
            for m in _PARTS_AND_TASKS.finditer(sentence):
                found_here.append(_count(section, i, "parts", m.group(1), sentence.strip()))
                found_here.append(_count(section, i, "tasks", m.group(2), sentence.strip()))
            for m in _LEAD_UNITS.finditer(sentence):
                found_here.append(_count(section, i, "lead_units", m.group(1), sentence.strip()))
            for m in _TOWNS.finditer(sentence):
                found_here.append(_count(section, i, "towns", m.group(1), sentence.strip()))
            for m in _TOTAL_ITEMS.finditer(sentence):
                if any(a <= m.start() < b for a, b in part_spans):
                    continue
                before = sentence[: m.start()]
                context_sentence = sentence.strip()
                if re.fullmatch(r"\s*[(（]?\s*", before) and i > 0:  # (共16项) on its own line
                    before = section.lines[i - 1]
                    context_sentence = section.lines[i - 1] + sentence.strip()
                what = _what(before)
                sub = _SUB_HEADING.match(before.strip()) and re.fullmatch(r"\s*[)）]?\s*[。]?\s*", sentence[m.end():])
                found_here.append(_count(section, i, what, m.group(1), context_sentence,
                                         part=_part_label(before) if sub else None))
                heading = _PARTS_HEADING.search(before)
                if heading and what == "tasks":  # 二、九个方面重点工作(共268项)
                    found_here.append(_count(section, i, "parts", heading.group(1), context_sentence))
            if not found_here:
                for m in _TASKS_PHRASE.finditer(sentence):
                    found_here.append(_count(section, i, "tasks", m.group(1), sentence.strip()))
                for m in _TARGETS_PHRASE.finditer(sentence):
                    found_here.append(_count(section, i, "targets", m.group(1), sentence.strip()))
            out.extend(c for c in found_here if c is not None)
    return out


def declared_counts(src: SourceText, kind: str | None) -> tuple[list[DeclaredCount], list[str]]:
    """Every count the document states, once per (what, part, count); notes on conflicts.

    A work report's counts are about last year's work (实施项目303个), so only notices and
    interpretations are read."""
    if kind == "work_report":
        return [], []
    out: list[DeclaredCount] = []
    seen: dict[tuple, int] = {}
    notes: list[str] = []
    for section in src.sections:
        for c in declared_counts_in(section):
            key = (c.what, c.part)
            if key in seen:
                if seen[key] != c.count:
                    notes.append(
                        f"declared {c.what}{' ' + c.part if c.part else ''} stated twice: {seen[key]} and {c.count}"
                    )
                continue
            seen[key] = c.count
            out.append(c)
    return out, notes


# --- all together -------------------------------------------------------------------------------


@dataclass
class MetaResult:
    meta: DocumentMeta
    declared_counts: list[DeclaredCount] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _doc_number_in(lines: list[str], title: str | None) -> str | None:
    """The document's own 文号 in its first lines: a line that is one, a labelled one in a
    line shared with other fields or a table row, one that opens or closes the title line.
    A 文号 cited inside a sentence (…的通知》(国发〔2022〕18号)) is another document's."""
    for line in lines[:10]:
        if DOC_NUMBER.fullmatch(line.strip()):
            return normalize_doc_number(line)
    for line in lines[:20]:
        m = _LABELLED_DOC_NUMBER.search(line)
        if m:
            found = DOC_NUMBER.match(line, m.end())
            if found:
                return normalize_doc_number(found.group(0))
    for line in [title or ""] + lines[:3]:
        text = line.replace("\t", " ").strip()
        for m in DOC_NUMBER.finditer(text):
            if m.start() == 0 or m.end() == len(text):
                return normalize_doc_number(m.group(0))
    return None


def read_meta(
    src: SourceText, page_meta: dict[str, str] | None = None, *, kind: str | None = None
) -> MetaResult:
    """Metadata and declared counts of a document. ``kind`` overrides detection; the
    hints' jurisdiction and year override what the text says. Raises ParseError when the
    kind or the year cannot be told."""
    hints = src.hints or DocumentHints()
    page = page_meta or {}
    lines = src.body.lines
    notes: list[str] = []

    # a title from the crawl is normalised like the body (traditional → simplified, pinyin
    # annotations removed, widths unified)
    title = normalize_line(hints.title) if hints.title else find_title(src)
    kind = kind or hints.kind or detect_kind(src, title)
    if kind is None:
        raise ParseError(
            "cannot tell whether this is a work report, a breakdown notice or an interpretation; "
            "pass --kind", reason="unknown_kind"
        )
    sig_issuer, sig_date, _ = _signature(lines)
    session = _session_date(lines) if kind == "work_report" else None
    written = page.get("written_date") if iso_date(page.get("written_date", "")) else None
    written = written or (sig_date if kind != "work_report" else None)
    year = hints.year or detect_year(src, kind, written, session)
    if year is None:
        raise ParseError("cannot tell which year the document's targets are for; pass --year", reason="no_year")

    doc_number = normalize_doc_number(hints.doc_number or "") or normalize_doc_number(page.get("doc_number", ""))
    if doc_number is None:
        doc_number = _doc_number_in(lines, title)

    issuer = next((c for c in (hints.issuer, sig_issuer, page.get("issuer")) if c and _GOVERNMENT.search(c)), None)
    if issuer is None and (hints.issuer or page.get("issuer")):
        notes.append(f"issuer {hints.issuer or page.get('issuer')!r} is not a government body (a reprinting site?); not kept")
    if issuer is None and kind == "work_report":
        for line in lines[:15]:
            m = re.match(r"^([\u4e00-\u9fff]{2,20}?)(人民政府)?(省长|市长|县长|区长|州长|盟长)\s", line)
            if m:
                issuer = m.group(1) + "人民政府"
                break

    published = iso_date(hints.published_date or "") or iso_date(page.get("published_date", ""))
    default_year = int(written[:4]) if written else year
    deadlines = find_deadlines(lines, default_year) if kind != "work_report" else []
    by_sentence: dict[str, list[str]] = {}
    for d, s in deadlines:
        by_sentence.setdefault(s, []).append(d)
    notes.extend(f"deadline {', '.join(ds)}: {s}" for s, ds in by_sentence.items())

    counts, count_notes = declared_counts(src, kind)
    notes.extend(count_notes)
    meta = DocumentMeta(
        kind=kind,
        jurisdiction_code=hints.jurisdiction_code or "unknown",
        year=int(year),
        title=title or "",
        issuer=issuer,
        doc_number=doc_number,
        written_date=written,
        published_date=published,
        session_date=session,
        deadlines=[d for d, _ in deadlines],
    )
    return MetaResult(meta=meta, declared_counts=counts, notes=notes)
