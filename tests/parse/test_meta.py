from extractors.meta import (
    declared_counts_in, detect_kind, find_deadlines, normalize_doc_number, read_meta,
)
from extractors.numerals import cn_to_int, find_dates
from extractors.source_text import DocumentHints, Section, SourceText


def body(*lines, **hints):
    return SourceText([Section("body", list(lines))], DocumentHints(**hints))


def counts(*lines):
    return [(c.what, c.count, c.part, c.span.line) for c in declared_counts_in(Section("body", list(lines)))]


def test_doc_numbers_get_canonical_brackets():
    assert normalize_doc_number("甘政发[2026]7号") == "甘政发〔2026〕7号"
    assert normalize_doc_number("武政办（2020）1号") == "武政办〔2020〕1号"
    assert normalize_doc_number("甘政发〔2026〕7号") == "甘政发〔2026〕7号"
    assert normalize_doc_number("鲁ICP备06000965号") is None


def test_chinese_numerals_and_dates():
    assert [cn_to_int(s) for s in ["九", "十二", "二十一", "一百零五", "二〇二六", "91"]] == [9, 12, 21, 105, 2026, 91]
    assert cn_to_int("abc") is None
    assert find_dates("——二〇二六年一月二十七日在甘肃省") == [(2, "2026-01-27")]
    assert find_dates("2026年13月1日") == []


def test_counts_in_headings_and_alone_on_a_line():
    assert counts("一、经济社会发展的主要预期目标(共4项)", "二、九个方面重点工作(共268项)") == [
        ("targets", 4, None, 1), ("tasks", 268, None, 2), ("parts", 9, None, 2)]
    assert counts("2026年《政府工作报告》主要目标分解表", "(共16项)", "重点工作分解表", "(共200项)") == [
        ("targets", 16, None, 2), ("tasks", 200, None, 4)]


def test_counts_in_an_interpretation():
    assert counts("将重点任务分解为8个大部分、91项具体工作,主要涉及41个牵头单位和6个乡镇(街道)。") == [
        ("parts", 8, None, 1), ("tasks", 91, None, 1), ("lead_units", 41, None, 1), ("towns", 6, None, 1)]
    assert counts("第一部分为主要预期目标,共5项。第二部分为坚定不移抓项目、扩投资,增强经济发展后劲支撑,共12项。") == [
        ("tasks", 5, "第一部分", 1), ("tasks", 12, "第二部分", 1)]


def test_no_counts_from_tables_or_work_report_prose():
    assert counts("12\t完成6项年度整改任务\t黄 强") == []
    assert counts("实施帮扶项目303个,新签约招商引资项目292个") == []


def test_kind_detection():
    assert detect_kind(body("关于对沂水县《<政府工作报告>重点工作分工方案》的解读", "一、《方案》出台背景")) == "interpretation"
    assert detect_kind(body("甘政发〔2026〕7号", "主要目标分解表")) == "breakdown"
    assert detect_kind(body("定西市人民政府工作报告", "政府工作报告", "各位代表:", "现在,我代表市人民政府")) == "work_report"
    assert detect_kind(body("今天天气很好。")) is None


def test_deadlines_take_the_year_written_before_them():
    lines = ["各责任事项牵头单位要分别于2020年4月15日、7月15日、10月15日及2021年1月15日前,将完成情况报送市人民政府督查室。",
             "各市州政府要在春节前完成细化分解,2月底前制定具体实施方案。"]  # 制定, not a report: no deadline
    assert [d for d, _ in find_deadlines(lines, 2020)] == ["2020-04-15", "2020-07-15", "2020-10-15", "2021-01-15"]
    assert [d for d, _ in find_deadlines(["请于3月底前报送。"], 2024)] == ["2024-03-31"]


def test_read_meta_prefers_hints_then_page_then_text():
    src = body("甘政发〔2026〕7号", "各市、自治州人民政府:", "各牵头单位于2月28日前将方案报省政府办公厅备案。",
               "甘肃省人民政府", "2026年1月30日", "2026年《政府工作报告》主要目标分解表", "(共16项)",
               jurisdiction_code="620000")
    result = read_meta(src, {"published_date": "2026-02-02", "issuer": "省政府办公厅"})
    m = result.meta
    assert (m.kind, m.jurisdiction_code, m.year) == ("breakdown", "620000", 2026)
    assert (m.doc_number, m.issuer, m.written_date, m.published_date) == (
        "甘政发〔2026〕7号", "甘肃省人民政府", "2026-01-30", "2026-02-02")
    assert m.deadlines == ["2026-02-28"]
    assert [(c.what, c.count) for c in result.declared_counts] == [("targets", 16)]
    assert read_meta(src, {}, kind="interpretation").meta.kind == "interpretation"


def test_read_meta_of_a_work_report():
    src = body("定西市人民政府工作报告", "政府工作报告", "——2026年1月20日在定西市第五届人民代表大会第六次会议上",
               "定西市人民政府市长 武和谦", "各位代表:", "2025年是定西发展历程中很不平凡的一年。")
    m = read_meta(src, {"published_date": "2026-01-29"}).meta
    assert (m.kind, m.year, m.session_date, m.issuer, m.title) == (
        "work_report", 2026, "2026-01-20", "定西市人民政府", "定西市人民政府工作报告")


def test_a_sentence_naming_the_work_report_is_no_reporting_deadline():
    assert find_deadlines(["各地要在3月底前完成《政府工作报告》任务分解。"], 2026) == []
    assert find_deadlines(["各牵头单位于2月28日前将方案报省政府办公厅备案。"], 2026)[0][0] == "2026-02-28"
    assert find_deadlines(["请于0000年1月1日前报送。"], 2026) == []
