"""The data dictionary of the exports: every exported column's type, meaning and Chinese term,
and for a column that holds one of a fixed set of values, that set.

Keyed by column name; a column means the same in every table it appears in, except where a
``(table, column)`` entry says otherwise. Export refuses a column that is not described here,
so the dictionary cannot fall behind the tables; a test compares every enumerated set with the
values actually present, and checks each value is named in the column's meaning.
"""

from __future__ import annotations

from typing import get_args, get_type_hints

from core.records import DOCUMENT_KINDS, QUALIFIERS, UNIT_ROLES, DeclaredCount

# type is one of: integer, float, text, boolean (what the column holds, whatever the data)
Entry = tuple[str, str, str]  # (type, meaning, zh term)

COLUMNS: dict[str, Entry] = {
    # identity and documents
    "jurisdiction_code": ("text", "GB/T 2260 code of the jurisdiction (620000 = Gansu)", "行政区划代码"),
    "jurisdiction_name": ("text", "full name of the jurisdiction", "行政区划名称"),
    "code": ("text", "code: GB/T 2260 for jurisdictions, taxonomy code for indicators", "代码"),
    "name": ("text", "full name", "名称"),
    "short_name": ("text", "short name (甘肃 for 甘肃省)", "简称"),
    "level": ("text", "administrative level: province, city or county", "行政级别（省/市/县）"),
    "ancestor_level": ("text", "the ancestor's administrative level: province, city or county", "上级行政级别"),
    "parent_code": ("text", "code of the enclosing jurisdiction (Dingxi 621100 -> Gansu 620000)", "上级行政区划代码"),
    "parent_name": ("text", "name of the enclosing jurisdiction", "上级行政区划名称"),
    "doc_key": ("text", "document key jurisdiction:kind:year, e.g. 620000:breakdown:2018", "文件键"),
    "kind": ("text", "document kind: work_report, breakdown or interpretation",
             "文件类型（政府工作报告/分解方案/解读）"),
    "year": ("integer", "the year the document's targets and tasks are for", "年度"),
    "title": ("text", "document title", "标题"),
    "doc_number": ("text", "document number, e.g. 甘政发〔2018〕19号", "文号"),
    "issuer": ("text", "issuing body", "发文机关"),
    "written_date": ("text", "date written (yyyy-mm-dd)", "成文日期"),
    "published_date": ("text", "date published (yyyy-mm-dd)", "发布日期"),
    "session_date": ("text", "day a work report was delivered (yyyy-mm-dd)", "报告日期（人代会）"),
    "status": ("text", "validation status of the newest version: passed, warning or quarantined", "校验状态"),
    "validation_status": ("text", "validation status of the newest version: passed, warning or quarantined",
                          "校验状态"),
    "completeness": ("text", "complete (parsed = declared), incomplete (parsed differs) or unknown (nothing "
                             "declared to compare with; interpretations carry counts only)", "完整性"),
    "document_completeness": ("text", "the whole document's completeness (complete, incomplete, unknown)",
                              "文件完整性"),
    "parsed_count": ("integer", "items the parser found: tasks where the document declares a task total, else "
                                "targets, counted by distinct seq (one numbered row stating two figures is one "
                                "target, as the document counts it)", "解析数量"),
    "declared_count": ("integer", "items the document says it has", "文件声明数量"),
    "completeness_ratio": ("float", "parsed_count / declared_count", "完整率"),
    "parser": ("text", "parser that read the current version", "解析器"),
    "parser_version": ("text", "version of that parser", "解析器版本"),
    "text_sha256": ("text", "sha256 of the normalised text: the content version", "正文哈希"),
    "loaded_at": ("text", "when the current version's facts were loaded (ISO-8601 UTC)", "入库时间"),
    "source_id": ("text", "registry id of the source the document was fetched from", "来源编号"),
    "url": ("text", "URL the document was fetched from (the live URL, also in mirror mode)", "来源网址"),
    "raw_sha256": ("text", "sha256 of the raw bytes as fetched", "原始文件哈希"),
    "fetched_at": ("text", "when it was fetched (ISO-8601 UTC)", "抓取时间"),
    # facts
    "ordinal": ("integer", "position of the fact in the parsed document, from 1", "解析顺序号"),
    "seq": ("integer", "number in the document (序号 of a target table, task number)", "序号"),
    "period": ("text", "what the target is for: the year (2026) or a five-year-plan goal (15th_fyp)", "目标期限"),
    "indicator_code": ("text", "indicator code from the taxonomy (gdp_growth); empty when unmatched", "指标代码"),
    "indicator_name": ("text", "the indicator's preferred Chinese name", "指标名称"),
    "indicator_raw": ("text", "the indicator as written in the document", "指标原文"),
    "low": ("float", "the lower bound the target states: the value for exact/about/at_least, the low end of a range; "
            "empty for at_most (unbounded below) and qualitative targets: read it with the qualifier", "目标值（下限）"),
    "high": ("float", "the upper bound the target states: the value for exact/about/at_most, the high end of a range; "
             "empty for at_least (unbounded above) and qualitative targets", "目标值（上限）"),
    "qualifier": ("text", "about (左右), at_least (以上), at_most (以内/以下), exact, range, qualitative",
                  "限定词（左右/以上/以内）"),
    "value_unit": ("text", "unit of the value: %, 万人, 个百分点, 亿元 …", "计量单位"),
    "raw": ("text", "the phrase the value was read from", "原文"),
    "span_section": ("text", "where it was read: body, or the annex file name", "出处（正文/附件）"),
    "span_line": ("integer", "line in that section of the normalised text, from 1", "出处行号"),
    "span_row": ("integer", "the table's 序号 cell when the fact came from a table", "出处表格序号"),
    "source_kind": ("text", "kind of the document the target came from: work_report, breakdown, interpretation",
                    "来源文件类型"),
    "value": ("float", "the reported outcome", "实际值"),
    "reported_in_year": ("integer", "year of the document that reported the outcome", "报告年度"),
    "part": ("text", "the part (first heading) a task belongs to; empty for a document total", "部分"),
    "section_path_json": ("text", "JSON list of the headings from the part down to the task", "章节路径"),
    "text": ("text", "the task as written", "任务内容"),
    "leaders_inherited": ("boolean", "leaders were taken from a merged cell above", "领导继承自合并单元格"),
    "flags_json": ("text", "JSON list of parser notes on the task (trailing_junk_removed:…)", "解析标记"),
    "task_seq": ("integer", "number of the task (tasks.seq)", "任务序号"),
    "target_ordinal": ("integer", "ordinal of the target (targets.ordinal)", "目标顺序号"),
    "target_seq": ("integer", "number of the target in its table (targets.seq)", "目标序号"),
    "role": ("text", "lead (牵头), cooperating (配合), responsible (责任) or implementing (实施)", "职责"),
    "unit_name": ("text", "canonical name of the unit within its jurisdiction", "单位名称（规范名）"),
    "name_raw": ("text", "the unit as written in the document", "单位原文写法"),
    "spelling": ("text", "one way the unit was written in some document", "单位写法"),
    "inherited": ("boolean", "taken from the row above because the cell was merged", "继承自合并单元格"),
    "position": ("integer", "order within the cell, from 1", "单元格内顺序"),
    "leader_name": ("text", "leader named in the breakdown", "牵头领导"),
    "what": ("text", "what is counted: tasks, targets, parts, lead_units, towns", "计数对象"),
    "count": ("integer", "the number the document states", "声明数量"),
    "sentence": ("text", "the sentence stating the count", "原句"),
    # validation
    "suite": ("text", "Great Expectations suite: per record type (actuals, declared_counts, targets, task_units, "
                      "tasks) or per document kind (breakdown, interpretation, work_report)", "校验套件"),
    "expectation": ("text", "the expectation's id within its suite", "校验规则"),
    "severity": ("text", "critical (failure quarantines) or warning (loaded, recorded)", "严重程度"),
    "success": ("boolean", "whether the expectation passed", "是否通过"),
    "message": ("text", "explanation of a failure", "说明"),
    "validated_at": ("text", "when it was validated (ISO-8601 UTC)", "校验时间"),
    "is_current": ("boolean", "the version is the document's current one", "是否当前版本"),
    # named-query columns
    "parent_low": ("float", "the parent jurisdiction's target (low end) for the same indicator and year",
                   "上级目标值（下限）"),
    "parent_high": ("float", "the parent jurisdiction's target (high end)", "上级目标值（上限）"),
    "parent_qualifier": ("text", "the parent target's qualifier: about, at_least, at_most, exact, range, "
                                 "qualitative", "上级目标限定词"),
    "parent_value_unit": ("text", "the parent target's unit", "上级目标计量单位"),
    "parent_doc_key": ("text", "document the parent's target came from", "上级目标来源文件"),
    "declared": ("integer", "count the document states; empty when it states none", "声明数量"),
    "parsed": ("integer", "count the parser found (targets by distinct seq: a numbered row stating several "
                          "figures counts once, as the document counts it); empty when nothing comparable is "
                          "parsed", "解析数量"),
    "ratio": ("float", "parsed / declared", "完整率"),
    "lead_tasks": ("integer", "tasks the unit leads", "牵头任务数"),
    "lead_targets": ("integer", "targets the unit leads", "牵头指标数"),
    "other_role_tasks": ("integer", "tasks where the unit cooperates, is responsible or implements",
                         "参与（配合/责任/实施）任务数"),
    "tasks_in_document": ("integer", "all parsed tasks of the document", "文件任务总数"),
    "share_of_tasks": ("float", "lead_tasks / tasks_in_document", "牵头任务占比"),
    "rank": ("integer", "1 = leads the most tasks in the document; ties share a rank", "排名"),
    "spellings": ("integer", "how many ways the document wrote the unit's name", "写法数"),
    "target_low": ("float", "the year's target (low end)", "目标值（下限）"),
    "target_high": ("float", "the year's target (high end)", "目标值（上限）"),
    "target_unit": ("text", "unit of the target", "目标计量单位"),
    "actual_value": ("float", "outcome for the year, reported in the next year's document", "实际完成值"),
    "actual_unit": ("text", "unit of the outcome", "实际值计量单位"),
    "difference": ("float", "actual - target (low end; high end for at_most); empty unless comparable",
                   "实际与目标之差"),
    "met": ("integer", "1 the target was reached (at_most: kept), 0 not, empty not comparable", "是否完成目标"),
    "target_raw": ("text", "phrase the target came from", "目标原文"),
    "actual_raw": ("text", "phrase the outcome came from", "实际值原文"),
    "target_doc_key": ("text", "document the target came from", "目标来源文件"),
    "actual_doc_key": ("text", "document the outcome came from", "实际值来源文件"),
    "source_outcome": ("text", "what the crawl saw where no document was loaded: blocked, missing (404), failed, too_large",
                       "抓取结果"),
    "example_url": ("text", "a URL the document (or the failed fetch) came from", "示例网址"),
    "critical_failures": ("integer", "critical expectations the newest version failed", "严重校验失败数"),
    "warnings": ("integer", "warning expectations the newest version failed", "警告数"),
    "expectations_run": ("integer", "expectations run on the newest version", "校验规则数"),
    "sources": ("integer", "places (URL, source) the document was seen", "来源数"),
    "target_qualifier": ("text", "the target's qualifier: about, at_least, at_most, exact, range, qualitative",
                         "目标限定词"),
    # series
    "year_documents": ("integer", "loaded documents of the jurisdiction for the year (0: a gap in the record)",
                       "当年文件数"),
    "target_measure": ("text", "what the target measures: the unit it is stated in (%, 个百分点 for a change in "
                               "percentage points, 亿元, 万人 …), number (no unit) or qualitative (no number)",
                       "目标计量类型"),
    "target_kind": ("text", "kind of the document the target came from: work_report, breakdown, interpretation",
                    "目标来源文件类型"),
    "gap": ("float", "actual - target (the low end; the high end for at_most), in the target's unit; empty unless "
                     "both exist in the same unit", "实际与目标之差"),
    # target-gap
    "measure": ("text", "what the target measures: the unit it is stated in (%, 个百分点 for a change in "
                        "percentage points, 亿元, 万人 …), number (no unit) or qualitative (no number)", "计量类型"),
    "basis": ("text", "annual (the document's year), average_annual (年均), cumulative (over the period) or "
                      "end_of_period (a level to reach)", "口径"),
    "quantity": ("text", "measure/basis: targets are compared only when indicator, period and quantity are equal",
                 "可比口径"),
    "depth": ("integer", "1 = the parent, 2 = the grandparent …", "上级层数"),
    "ancestor_code": ("text", "GB/T 2260 code of the parent or further ancestor", "上级行政区划代码"),
    "ancestor_name": ("text", "name of the parent or further ancestor", "上级行政区划名称"),
    "pairing": ("text", "paired (a like target of the ancestor is beside it), unlike_quantity (the ancestor states "
                        "the indicator as another quantity: not compared) or not_stated", "配对情况"),
    "ancestor_low": ("float", "the ancestor's like target (low end)", "上级目标值（下限）"),
    "ancestor_high": ("float", "the ancestor's like target (high end)", "上级目标值（上限）"),
    "ancestor_qualifier": ("text", "the ancestor target's qualifier: about, at_least, at_most, exact, range",
                           "上级目标限定词"),
    "ancestor_value_unit": ("text", "the ancestor target's unit", "上级目标计量单位"),
    "ancestor_raw": ("text", "phrase the ancestor's target came from", "上级目标原文"),
    "ancestor_doc_key": ("text", "document the ancestor's target came from", "上级目标来源文件"),
    "compared": ("text", "value (one number each: difference) or bounds (a range on either side: low with low, "
                         "high with high)", "比较方式"),
    "difference_low": ("float", "low end - the ancestor's low end (a missing end taken from the other)",
                       "下限之差"),
    "difference_high": ("float", "high end - the ancestor's high end (a missing end taken from the other)",
                        "上限之差"),
}

# Same name, other meaning in one table.
OVERRIDES: dict[tuple[str, str], Entry] = {
    ("jurisdictions", "code"): ("text", "GB/T 2260 code (620000 = Gansu)", "行政区划代码"),
    ("jurisdictions", "name"): ("text", "full name (甘肃省)", "行政区划名称"),
    ("indicators", "code"): ("text", "taxonomy code (gdp_growth)", "指标代码"),
    ("indicators", "name"): ("text", "preferred Chinese name", "指标名称"),
    ("indicators", "unit"): ("text", "the indicator's usual unit", "常用计量单位"),
    ("indicators", "names_json"): ("text", "JSON list of the name and every synonym", "名称及同义词"),
    ("actuals", "year"): ("integer", "the year the outcome is for", "实际值年度"),
    ("query_coverage", "status"): ("text", "present, incomplete, quarantined, missing or blocked", "覆盖状态"),
    ("query_coverage", "year"): ("integer", "the year; empty for blocked fetches the crawler could not date",
                                 "年度"),
    ("query_target_vs_actual", "year"): ("integer", "the year the target and the outcome are for", "年度"),
    ("query_task_counts", "level"): ("text", "document (the whole document's count) or part (one part's count)",
                                     "计数范围（全文/部分）"),
    ("query_task_counts", "completeness"): (
        "text", "complete (parsed = declared), incomplete (parsed differs), unknown (nothing declared) or "
                "declared_only (declared, nothing parsed to compare: an interpretation's counts)", "完整性"),
    ("query_target_gap", "difference"): (
        "float", "target - the ancestor's target when both are single values, in their unit (percentage points "
                 "for percent: Dingxi 6.5 vs Gansu 5.5 is +1.0); empty for bounds", "与上级目标之差"),
    ("query_series", "year"): ("integer", "the year the target and the actual are for", "年度"),
    ("query_series", "status"): ("text", "target (stated), actual_only (no target; the next year's report gives "
                                         "the actual), not_stated (documents, but not this indicator) or "
                                         "no_document (no document and no actual: a gap)", "状态"),
}

_STATUSES = ("passed", "warning", "quarantined")
_LEVELS = ("province", "city", "county")
_COMPLETENESS = ("complete", "incomplete", "unknown")

# The fixed set of values of a column (by column, then (table, column) where it differs).
ENUMS: dict[str, tuple[str, ...]] = {
    "kind": DOCUMENT_KINDS, "source_kind": DOCUMENT_KINDS, "target_kind": DOCUMENT_KINDS,
    "level": _LEVELS, "ancestor_level": _LEVELS,
    "status": _STATUSES, "validation_status": _STATUSES,
    "completeness": _COMPLETENESS, "document_completeness": _COMPLETENESS,
    "qualifier": QUALIFIERS, "parent_qualifier": QUALIFIERS, "target_qualifier": QUALIFIERS,
    "ancestor_qualifier": tuple(q for q in QUALIFIERS if q != "qualitative"),  # numeric targets only
    "role": UNIT_ROLES,
    "what": get_args(get_type_hints(DeclaredCount)["what"]),
    "severity": ("critical", "warning"),
    "suite": ("actuals", "breakdown", "declared_counts", "interpretation", "targets", "task_units", "tasks",
              "work_report"),
    "source_outcome": ("blocked", "missing", "failed", "too_large"),
    "basis": ("annual", "average_annual", "cumulative", "end_of_period"),
    "pairing": ("paired", "unlike_quantity", "not_stated"),
    "compared": ("value", "bounds"),
}
ENUM_OVERRIDES: dict[tuple[str, str], tuple[str, ...]] = {
    ("query_task_counts", "level"): ("document", "part"),
    ("query_task_counts", "completeness"): (*_COMPLETENESS, "declared_only"),
    ("query_coverage", "status"): ("present", "incomplete", "quarantined", "missing", "blocked"),
    ("query_series", "status"): ("target", "actual_only", "not_stated", "no_document"),
}


def enumerated(table: str, column: str) -> tuple[str, ...] | None:
    """The values ``table.column`` may hold, or None when it is not one of a fixed set."""
    return ENUM_OVERRIDES.get((table, column), ENUMS.get(column))


def describe(table: str, column: str) -> Entry:
    """(type, meaning, zh term) of ``table.column``; KeyError if undocumented."""
    if (table, column) in OVERRIDES:
        return OVERRIDES[(table, column)]
    return COLUMNS[column]
