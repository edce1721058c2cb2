"""ParsedDocuments built in tests: a small breakdown, report and interpretation that pass
every expectation, and helpers to break them one way at a time."""

from __future__ import annotations

import hashlib

from core.records import (
    Actual, DeclaredCount, DocumentMeta, ParsedDocument, Provenance, SourceSpan, Target, Task, UnitAssignment,
)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def breakdown(code: str = "620000", year: int = 2018, n_tasks: int = 6, declared: int | None = None,
              salt: str = "") -> ParsedDocument:
    tasks = [
        Task(seq=i, section_path=[f"第{1 + (i - 1) // 3}部分", f"任务组{i}"], text=f"推进第{i}项重点工作{salt}",
             span=SourceSpan("附件2", 10 + i, i), leaders=[f"领导{i % 2}"],
             units=[UnitAssignment("lead", f"省发展改革委{i % 3}", f"省发改委{i % 3}"),
                    UnitAssignment("cooperating", "省财政厅", "省财政厅", inherited=i == 2)])
        for i in range(1, n_tasks + 1)
    ]
    targets = [
        Target(indicator="gdp_growth", indicator_raw="地区生产总值", low=7.0, high=7.0, qualifier="about", unit="%",
               raw="增长7%左右", period=str(year), span=SourceSpan("附件1", 3, 1), seq=1, leaders=["领导0"],
               units=[UnitAssignment("lead", "省发展改革委0", "省发改委0")]),
        Target(indicator=None, indicator_raw="城镇新增就业", low=40.0, high=None, qualifier="at_least", unit="万人",
               raw="40万人以上", period=str(year), span=SourceSpan("附件1", 4, 2), seq=2),
    ]
    counts = [DeclaredCount("tasks", declared if declared is not None else n_tasks, f"共{n_tasks}项", SourceSpan("body", 5))]
    text = f"{code}{year}{n_tasks}{salt}"
    return ParsedDocument(
        meta=DocumentMeta(kind="breakdown", jurisdiction_code=code, year=year, title=f"{year}年重点工作分解",
                          issuer="省政府", doc_number=f"甘政发〔{year}〕7号", written_date=f"{year}-02-13",
                          published_date=f"{year}-02-14"),
        parser="test", parser_version="1", text_sha256=_sha(text),
        provenance=[Provenance("src", f"http://example.gov.cn/{code}/{year}.html", _sha("raw" + text))],
        targets=targets, tasks=tasks, declared_counts=counts, notes=["built in a test"])


def work_report(code: str = "621100", year: int = 2026) -> ParsedDocument:
    return ParsedDocument(
        meta=DocumentMeta(kind="work_report", jurisdiction_code=code, year=year, title="政府工作报告",
                          session_date=f"{year}-01-20", published_date=f"{year}-01-29"),
        parser="test", parser_version="1", text_sha256=_sha(f"report{code}{year}"),
        targets=[Target("gdp_growth", "地区生产总值", 5.5, 5.5, "about", "%", "增长5.5%左右", str(year), SourceSpan("body", 40))],
        actuals=[Actual("gdp", "地区生产总值", 793.9, "亿元", "793.9亿元", year - 1, SourceSpan("body", 8))])


def interpretation(code: str = "371323", year: int = 2023) -> ParsedDocument:
    parts = [5, 12, 21, 12, 17, 13, 7, 4]
    counts = [DeclaredCount("tasks", 91, "91项具体工作", SourceSpan("body", 20)),
              DeclaredCount("parts", 8, "8个大部分", SourceSpan("body", 20))]
    counts += [DeclaredCount("tasks", n, f"共{n}项", SourceSpan("body", 22), part=f"第{i}部分") for i, n in enumerate(parts, 1)]
    return ParsedDocument(
        meta=DocumentMeta(kind="interpretation", jurisdiction_code=code, year=year, title="解读", published_date=f"{year}-03-06"),
        parser="test", parser_version="1", text_sha256=_sha(f"interp{code}{year}"), declared_counts=counts)
