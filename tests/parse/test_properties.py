"""Arbitrary input never raises anything but a GovworkError."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.decode import decode_bytes
from extractors.normalize import normalize_html, normalize_text
from extractors.parse import parse_bytes
from extractors.source_text import DocumentHints
from core.errors import GovworkError

# Text built from what documents are made of, so the parsers get past the first checks.
PIECES = ["一、", "(一)", "1.", "——", "附件1", "(共16项)", "共200项", "第一部分为", "牵头单位:", "责任单位:",
          "市发展改革委", "增长6.5%左右", "政府工作报告", "分解表", "解读", "各位代表:", "\t", "\n", "?", "時(shí)",
          "2026年1月30日", "甘政发〔2026〕7号", "?,F(xiàn)", "<p>", "</p>", "<table><tr><td rowspan=2>", "。", ",", "8个大部分、91项"]
doc_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=40).map("".join)
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW
@given(st.binary(max_size=400))
def test_decode_any_bytes(data):
    try:
        decoded = decode_bytes(data)
    except GovworkError:
        return
    assert isinstance(decoded.text, str)


@SLOW
@given(doc_text)
def test_normalize_any_text(text):
    out = normalize_text(text)
    assert all(line and "\n" not in line for line in out.lines)
    normalize_html(text)


@SLOW
@given(st.one_of(st.binary(max_size=300), doc_text.map(lambda t: t.encode("utf-8"))),
       st.sampled_from([None, "work_report", "breakdown", "interpretation"]))
def test_parse_any_bytes(data, kind):
    try:
        parse_bytes(data, "x", DocumentHints(kind=kind, year=2026 if kind else None))
    except GovworkError:
        pass
