"""What the seed corpus cannot show, on small warehouses built through the real load stage:
a target beside its actual, a quarantined document, a source that blocked us."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from core.records import Actual, DocumentMeta, ParsedDocument, Provenance, SourceSpan, Target
from core.config import Settings
from govwork.research import run_query
from tests.research.conftest import load_docs, passed_outcome
from tests.warehouse import docs_factory
from warehouse.db import engine_for


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def report(code: str, year: int, targets: list[Target], actuals: list[Actual]) -> ParsedDocument:
    return ParsedDocument(
        meta=DocumentMeta(kind="work_report", jurisdiction_code=code, year=year, title=f"{year}年政府工作报告",
                          session_date=f"{year}-01-20", published_date=f"{year}-01-29"),
        parser="test", parser_version="1", text_sha256=_sha(f"report{code}{year}"),
        provenance=[Provenance("test", f"http://www.dingxi.gov.cn/{year}.html", _sha(f"raw{code}{year}"))],
        targets=targets, actuals=actuals)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings.from_env({"GOVWORK_HOME": str(tmp_path)}).ensure_dirs()


def test_target_beside_next_years_actual(settings):
    span = SourceSpan("body", 1)
    load_docs(settings, [(doc, passed_outcome(doc)) for doc in (
        report("621100", 2025, [
            Target("gdp_growth", "地区生产总值", 7.0, 7.0, "about", "%", "增长7%左右", "2025", span),
            Target("cpi_growth", "居民消费价格", None, 3.0, "at_most", "%", "涨幅3%以内", "2025", span),
            Target("retail_sales_growth", "社会消费品零售总额", 7.0, 7.0, "about", "%", "增长7%左右", "2025", span),
        ], []),
        report("621100", 2026, [
            Target("gdp_growth", "地区生产总值", 6.5, 6.5, "exact", "%", "增长6.5%", "2026", span),
        ], [
            Actual("gdp_growth", "地区生产总值", 6.9, "%", "增长6.9%", 2025, span),
            Actual("cpi_growth", "居民消费价格", 0.2, "%", "上涨0.2%", 2025, span),
            Actual("retail_sales_growth", "社会消费品零售总额", 7.5, "亿元", "7.5亿元", 2025, span),  # other unit
            Actual("gdp_growth", "地区生产总值", 8.7, "%", "年均增长8.7%", 2021, span),  # not the year before
        ]),
    )])
    frame = run_query(engine_for(settings.warehouse_url), "target-vs-actual", jurisdiction="定西市")
    rows = {(r.year, r.indicator_code): r for r in frame.itertuples()}
    gdp = rows[(2025, "gdp_growth")]
    assert (gdp.target_low, gdp.qualifier, gdp.actual_value, gdp.met) == (7.0, "about", 6.9, 0)
    assert gdp.difference == pytest.approx(-0.1)
    assert gdp.target_doc_key == "621100:work_report:2025" and gdp.actual_doc_key == "621100:work_report:2026"
    cpi = rows[(2025, "cpi_growth")]
    assert (cpi.target_high, cpi.actual_value, cpi.met) == (3.0, 0.2, 1)  # at most 3%: kept
    assert cpi.difference == pytest.approx(-2.8)
    retail = rows[(2025, "retail_sales_growth")]
    assert pd.isna(retail.met) and pd.isna(retail.difference)  # % against 亿元: not comparable
    assert pd.isna(rows[(2026, "gdp_growth")].actual_value)  # no 2027 report yet
    assert (2021, "gdp_growth") not in rows  # a five-year average is not "the next year's report"


def test_coverage_shows_quarantined_and_blocked(settings):
    from extractors.rawstore import RawStore

    store = RawStore(settings.raw_dir)
    store.append_manifest({"url": "http://www.dingxi.gov.cn/fenjie-2026.html", "status": 412, "outcome": "blocked",
                           "reason": "anti-bot challenge", "jurisdiction_code": "621100", "kind": "breakdown",
                           "year": 2025, "source_id": "dingxi-portal", "fetched_at": "2026-11-25T10:00:00+00:00"})
    store.append_manifest({"url": "http://www.dingxi.gov.cn/list.html", "status": 412, "outcome": "blocked",
                           "reason": "anti-bot challenge", "jurisdiction_code": "621100", "kind": "work_report",
                           "source_id": "dingxi-portal", "fetched_at": "2026-11-25T10:00:00+00:00"})
    good = docs_factory.breakdown("620000", 2018)
    broken = docs_factory.breakdown("621100", 2026, salt="断")
    failure = {"suite": "tasks", "expectation": "task_seq_contiguous", "severity": "critical",
               "message": "task numbers are not contiguous from 1", "details": {}}
    load_docs(settings, [(good, passed_outcome(good)),
                         (broken, passed_outcome(broken, "quarantined", [failure]))])
    frame = run_query(engine_for(settings.warehouse_url), "coverage")
    status = {(r.jurisdiction_code, None if pd.isna(r.year) else int(r.year), r.kind): r.status
              for r in frame.itertuples()}
    assert status[("620000", 2018, "breakdown")] == "present"
    assert status[("621100", 2026, "breakdown")] == "quarantined"
    assert status[("621100", 2025, "breakdown")] == "blocked"  # dated fetch, no document
    assert status[("621100", None, "work_report")] == "blocked"  # undated fetch
    blocked = frame[frame.status == "blocked"]
    assert set(blocked.example_url) == {"http://www.dingxi.gov.cn/fenjie-2026.html", "http://www.dingxi.gov.cn/list.html"}
    # the quarantined document keeps its reasons in the validation query
    validation = run_query(engine_for(settings.warehouse_url), "validation", jurisdiction="621100")
    assert validation.iloc[0].status == "quarantined"
