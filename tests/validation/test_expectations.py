"""Every expectation in expectations/suites fires on a document made to break it, with its
severity deciding the outcome (critical: quarantined; warning: loaded with the warning);
good documents pass. One GX batch for all of them, as the pipeline validates."""

from __future__ import annotations

import copy

import pytest

from expectations.validate import load_suites, validate_documents
from core.records import DeclaredCount, SourceSpan
from tests.warehouse import docs_factory as f


def _declare_parts(doc, total, parts, declared_parts=None):
    doc.declared_counts = [c for c in doc.declared_counts if c.what != "tasks"]
    doc.declared_counts.append(DeclaredCount("tasks", total, f"共{total}项", SourceSpan("body", 1)))
    if declared_parts is not None:
        doc.declared_counts.append(DeclaredCount("parts", declared_parts, f"{declared_parts}个部分", SourceSpan("body", 1)))
    doc.declared_counts += [DeclaredCount("tasks", n, f"{n}项", SourceSpan("body", 2), part=f"第{i}部分")
                            for i, n in enumerate(parts, 1)]
    return doc


def _with(doc, **meta):
    for k, v in meta.items():
        setattr(doc.meta, k, v)
    return doc


def _targets(doc, **changes):
    for k, v in changes.items():
        setattr(doc.targets[0], k, v)
    return doc


def _tasks(doc, fn):
    fn(doc.tasks)
    return doc


def _units(doc, fn):
    for t in doc.tasks[:1]:
        fn(t.units)
    return doc


def _renumber(tasks, seqs):
    for t, s in zip(tasks, seqs):
        t.seq = s


DOC_KINDS = {"breakdown": lambda y: f.breakdown(year=y), "work_report": lambda y: f.work_report(year=y),
             "interpretation": lambda y: f.interpretation(year=y)}

# (suite, expectation) -> a breaker: year -> a document breaking exactly that expectation.
BREAKERS = {
    ("actuals", "actual_year_before_document"): lambda y: _actual_year(f.work_report(year=y)),
    ("declared_counts", "declared_count_positive"): lambda y: _zero_count(f.interpretation(year=y)),
    ("targets", "target_qualifier_allowed"): lambda y: _targets(f.breakdown(year=y), qualifier="roughly"),
    ("targets", "target_low_not_above_high"): lambda y: _targets(f.breakdown(year=y), low=8.0, high=7.0),
    ("targets", "target_low_plausible"): lambda y: _targets(f.breakdown(year=y), low=-45.0, high=-45.0),
    ("targets", "target_high_plausible"): lambda y: _targets(f.breakdown(year=y), low=7.0, high=170.0),
    ("targets", "target_seq_contiguous"): lambda y: _targets(f.breakdown(year=y), seq=3),
    ("task_units", "unit_role_allowed"): lambda y: _units(f.breakdown(year=y), lambda us: setattr(us[1], "role", "boss")),
    ("task_units", "unit_name_present"): lambda y: _units(f.breakdown(year=y), lambda us: setattr(us[1], "name", " ")),
    ("tasks", "task_seq_contiguous"): lambda y: _tasks(f.breakdown(year=y), lambda ts: _renumber(ts, [1, 2, 4, 5, 6, 7])),
    ("tasks", "task_seq_unique"): lambda y: _tasks(f.breakdown(year=y), lambda ts: _renumber(ts, [1, 2, 2, 3, 4, 5])),
    ("tasks", "task_text_unique"): lambda y: _tasks(f.breakdown(year=y), lambda ts: setattr(ts[3], "text", ts[2].text)),
    ("tasks", "task_has_lead_unit"): lambda y: _tasks(f.breakdown(year=y), lambda ts: setattr(
        ts[4], "units", [u for u in ts[4].units if u.role != "lead"])),
    ("tasks", "task_text_present"): lambda y: _tasks(f.breakdown(year=y), lambda ts: setattr(ts[1], "text", " ")),
}
for kind, make in DOC_KINDS.items():
    BREAKERS[(kind, "year_matches_written_date")] = lambda y, make=make: _with(make(y), written_date=f"{y + 2}-02-01")
    BREAKERS[(kind, "year_matches_published_date")] = lambda y, make=make: _with(make(y), published_date=f"{y - 3}-02-01")
    BREAKERS[(kind, "year_matches_session_date")] = lambda y, make=make: _with(make(y), session_date=f"{y + 1}-06-01")
    BREAKERS[(kind, "part_counts_sum_to_total")] = lambda y, make=make: _declare_parts(make(y), 6, [3, 2])
    BREAKERS[(kind, "part_count_matches_parts")] = lambda y, make=make: _declare_parts(make(y), 6, [3, 3], declared_parts=3)
    BREAKERS[(kind, "document_has_records")] = lambda y, make=make: _emptied(make(y))
BREAKERS[("breakdown", "tasks_parsed_equal_declared")] = lambda y: f.breakdown(year=y, n_tasks=4, declared=9)
BREAKERS[("breakdown", "targets_parsed_equal_declared")] = lambda y: _declare_targets(f.breakdown(year=y), 3)
BREAKERS[("work_report", "tasks_parsed_equal_declared")] = lambda y: _declare_tasks(f.work_report(year=y), 5)
BREAKERS[("work_report", "targets_parsed_equal_declared")] = lambda y: _declare_targets(f.work_report(year=y), 4)


def _emptied(doc):
    """Nothing read: what a 2-byte file or a saved error page parses to."""
    doc.tasks, doc.targets, doc.actuals, doc.declared_counts = [], [], [], []
    return doc


def _actual_year(doc):
    doc.actuals[0].year = doc.meta.year
    return doc


def _zero_count(doc):
    doc.declared_counts.append(DeclaredCount("towns", 0, "0个乡镇", SourceSpan("body", 30)))
    return doc


def _declare_targets(doc, n):
    doc.declared_counts.append(DeclaredCount("targets", n, f"{n}项指标", SourceSpan("body", 3)))
    return doc


def _declare_tasks(doc, n):
    doc.declared_counts.append(DeclaredCount("tasks", n, f"{n}项任务", SourceSpan("body", 3)))
    return doc


def _severity(suite: str, expectation: str) -> str:
    spec = load_suites()[suite]
    return next(e["meta"]["severity"] for e in spec["expectations"] if e["meta"]["id"] == expectation)


CASES = sorted(BREAKERS)


@pytest.fixture(scope="module")
def validated(tmp_path_factory):
    """Good documents and one broken document per expectation, validated in one batch."""
    good = [f.breakdown(year=1990), f.work_report(year=1990), f.interpretation(year=1990)]
    broken = []
    for i, case in enumerate(CASES):
        doc = BREAKERS[case](2000 + i)  # own year: own doc_key, so failures cannot leak between cases
        broken.append(doc)
    # gdp_growth 30%: inside the bounds of any % value, outside gdp_growth's own.
    broken.append(_targets(f.breakdown(year=1980), low=30.0, high=30.0))
    docs_dir = tmp_path_factory.mktemp("reports") / "data_docs"
    outcomes = validate_documents(good + broken, docs_dir)
    cases = dict(zip(CASES, outcomes[3:]))
    cases["indicator_bounds"] = outcomes[-1]
    return outcomes[:3], cases, docs_dir


def test_every_suite_expectation_has_a_breaker():
    declared = {(name, e["meta"]["id"]) for name, spec in load_suites().items() for e in spec["expectations"]}
    assert declared == set(BREAKERS)
    assert all(e["meta"]["severity"] in ("critical", "warning") for s in load_suites().values() for e in s["expectations"])


def test_good_documents_pass(validated):
    good, _, _ = validated
    assert [(o.status, o.failures) for o in good] == [("passed", [])] * 3
    assert all(r["success"] for o in good for r in o.results) and all(o.results for o in good)


@pytest.mark.parametrize("case", CASES, ids=[f"{s}.{e}" for s, e in CASES])
def test_expectation_fires_on_a_document_made_to_break_it(validated, case):
    _, outcomes, _ = validated
    suite, expectation = case
    outcome = outcomes[case]
    fired = {(x["suite"], x["expectation"]): x for x in outcome.failures}
    assert case in fired, f"{case} did not fire: {outcome.failures}"
    failure = fired[case]
    severity = _severity(suite, expectation)
    assert failure["severity"] == severity and failure["message"]
    assert any(r["suite"] == suite and r["expectation"] == expectation and not r["success"] for r in outcome.results)
    if severity == "critical":
        assert outcome.status == "quarantined"
    else:  # a warning alone never quarantines
        assert {x["severity"] for x in outcome.failures} == {"warning"} and outcome.status == "warning"


def test_incomplete_capture_is_a_warning_with_the_ratio(validated):
    _, outcomes, _ = validated
    o = outcomes[("breakdown", "tasks_parsed_equal_declared")]
    assert (o.completeness.status, o.completeness.parsed, o.completeness.declared, o.completeness.ratio) == \
        ("incomplete", 4, 9, round(4 / 9, 4))


def test_data_docs_are_rendered(validated):
    _, _, docs_dir = validated
    index = docs_dir / "index.html"
    assert index.exists()
    pages = list((docs_dir / "validations").rglob("*.html"))
    assert {p.relative_to(docs_dir / "validations").parts[0] for p in pages} >= {"tasks", "targets", "breakdown"}
    assert "task_has_lead_unit" in "".join(p.read_text(encoding="utf-8") for p in pages if "tasks" in p.parts) or \
        "lead_unit_count" in "".join(p.read_text(encoding="utf-8") for p in pages if "tasks" in p.parts)


def test_two_versions_of_one_document_in_a_batch_are_judged_apart():
    good = f.breakdown()
    bad = copy.deepcopy(good)
    bad.text_sha256 = "f" * 64
    bad.tasks[0].units = [u for u in bad.tasks[0].units if u.role != "lead"]
    ok, held = validate_documents([good, bad], None)
    assert (ok.status, held.status) == ("passed", "quarantined")


def test_bounds_per_indicator_are_tighter_than_per_unit(validated):
    _, outcomes, _ = validated
    o = outcomes["indicator_bounds"]
    assert [x["expectation"] for x in o.failures] == ["target_high_plausible"] and o.status == "warning"
    assert "target 1" in o.failures[0]["message"] and "plausible_max=25" in o.failures[0]["message"]
