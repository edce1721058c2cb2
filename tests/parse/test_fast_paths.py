"""The parse stage's faster code paths give what the plain rule gives (issue 15).

Each fast path is checked against the rule it replaces, written out plainly here, over
inputs built to reach its edges."""

import dataclasses
import itertools
import json
import random
import typing
from collections import Counter
from pathlib import Path

import pytest

from core.parsed_json import parsed_document, parsed_json
from core.records import Actual, ParsedDocument, Target, from_dict, to_json

from extractors.normalize import normalize_line
from extractors.normalize.boilerplate import parse_meta_line
from extractors.normalize.chinese import strip_pinyin
from extractors.normalize.width import _WIDTH_TABLE, clean_spaces, unify_width
from extractors.parsers.table_breakdown import header_columns
from extractors.taxonomy import _QUOTES, _index, _latest_name, _unquoted, match_indicator
from extractors.units import leader_lexicon, split_leaders
from extractors.values import _PREP, _QUALITATIVE, _QUALITATIVE_WORDS, _prepare


def _spellings_longest_first() -> list[tuple[str, str]]:
    return sorted(_index().codes.items(), key=lambda p: (-len(p[0]), p[0]))


def _latest_name_by_rfind(plain: str):
    """The rule as first written: every spelling's rightmost occurrence; the one ending
    latest wins, the longest of those on a tie."""
    best = None
    for spelling, code in _spellings_longest_first():
        pos = plain.rfind(spelling)
        if pos >= 0 and (best is None or (pos + len(spelling), len(spelling)) > best[:2]):
            best = (pos + len(spelling), len(spelling), pos, code)
    return best


def test_the_latest_name_is_the_one_the_rfind_rule_finds():
    spellings = [s for s, _ in _spellings_longest_first()]
    pieces = spellings + ["同口径", "总量", "“", "占", "比重", " ", "增长", "经济", "全年", "完成", "率", "值"]
    rnd = random.Random(15)
    phrases = {"".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 4))) for _ in range(3000)}
    phrases |= {a + b for a, b in itertools.product(spellings[:40], spellings[-40:])}
    phrases |= {s[1:] for s in spellings} | {s[:-1] for s in spellings} | {"", "率"}
    for phrase in phrases:
        best = _latest_name_by_rfind(phrase)
        assert _latest_name(phrase) == (None if best is None else (best[2], best[0], best[3])), phrase


def test_match_indicator_is_memoized_without_changing_answers():
    assert match_indicator("全年地区生产总值同口径") == ("gdp", "地区生产总值同口径")
    assert match_indicator("全年地区生产总值同口径") == ("gdp", "地区生产总值同口径")
    assert match_indicator("占地区生产总值比重")[0] is None


def test_width_mapping_is_the_translate_table():
    every = "".join(chr(cp) for cp in _WIDTH_TABLE) + "增长６.５％，（共４项）？　a\u200b"
    assert unify_width(every) == every.translate(_WIDTH_TABLE)
    for ch in map(chr, range(0x2000, 0x3100)):
        assert unify_width(ch) == ch.translate(_WIDTH_TABLE)
    assert unify_width("普通的一行") == "普通的一行"


def test_value_preparation_is_the_translate_table():
    text = "".join(chr(cp) for cp in _PREP) + "增长６．５％～７％，下降－1"
    assert _prepare(text) == text.translate(_PREP)
    assert len(_prepare(text)) == len(text)  # offsets in the prepared text are offsets in the text


def test_pinyin_only_right_after_a_han_character():
    assert strip_pinyin("時(shí)") == ("時", 1)
    assert strip_pinyin("(shí)時") == ("(shí)時", 0)  # nothing before the bracket
    assert strip_pinyin("a(shí)") == ("a(shí)", 0)
    assert strip_pinyin("報(bào)告（gào）") == ("報告", 2)


def test_spaces_in_tab_cells():
    assert clean_spaces("  一  \t  二   三 \t") == "一\t二 三\t"


def test_meta_line_needs_its_key_first():
    assert parse_meta_line("发布日期: 2023-03-06") == {"published_date": "2023-03-06"}
    assert parse_meta_line("正文 发布日期: 2023-03-06") is None


def test_header_word_split_across_cells_is_no_header():
    assert header_columns(["序", "号任务", "牵头单位"]) is None
    assert header_columns(["序 号", "重点任务", "牵头单位"]) == {"seq": 0, "text": 1, "lead": 2}


def test_leaders_are_the_same_with_a_set_or_a_frozen_lexicon():
    cells = ["黄 强宋 亮李 斌", "黄强宋亮李斌", "张世珍李 斌"]
    known = leader_lexicon(cells)
    for cell in cells:
        assert split_leaders(cell, known) == split_leaders(cell, frozenset(known))
    assert split_leaders("黄强宋亮李斌", known) == ["黄强", "宋亮", "李斌"]


_EDGE_FLOATS = [0.0, -0.0, 1e-4, 9.9999e-05, 1e-07, 0.00010000000000000002, 9999999999999998.0, 1e16,
                -1e16, 1.5e300, 5e-324, float("nan"), float("inf"), -float("inf"), 6.9, 793.9, -2.5, 3, None]


def _golden_documents() -> list[ParsedDocument]:
    examples = Path(__file__).parents[1] / "examples"
    return [from_dict(ParsedDocument, json.loads(p.read_text("utf-8")))
            for p in sorted(examples.rglob("*.compare.json"))]


def test_parsed_json_is_what_the_standard_encoder_writes():
    docs = _golden_documents()
    assert docs and any(d.targets for d in docs) and any(d.actuals for d in docs)
    for doc in docs:
        assert parsed_json(doc) == to_json(doc).encode("utf-8")
    # Floats msgspec writes otherwise (exponents, NaN, infinities) take the standard encoder.
    with_targets = next(d for d in docs if d.targets)
    with_actuals = next(d for d in docs if d.actuals)
    for value in _EDGE_FLOATS:
        with_targets.targets[0].low = with_targets.targets[-1].high = value
        assert parsed_json(with_targets) == to_json(with_targets).encode("utf-8"), value
        if value is not None:
            with_actuals.actuals[-1].value = value
            assert parsed_json(with_actuals) == to_json(with_actuals).encode("utf-8"), value
    # Text json escapes: control characters, quotes, backslashes, line separators, emoji.
    with_targets.targets[0].raw = "\x00\x1f\"\\/\x7f\u2028\U0001f600增长"
    assert parsed_json(with_targets) == to_json(with_targets).encode("utf-8")


def test_floats_are_only_where_parsed_json_looks_for_them():
    """parsed_json checks Target.low/high and Actual.value; a new float field must be added there."""
    found, seen = set(), set()

    def walk(tp):
        if tp in seen:
            return
        seen.add(tp)
        for name, hint in typing.get_type_hints(tp).items():
            for arg in _leaf_types(hint):
                if arg is float:
                    found.add((tp.__name__, name))
                elif dataclasses.is_dataclass(arg):
                    walk(arg)

    walk(ParsedDocument)
    assert found == {(Target.__name__, "low"), (Target.__name__, "high"), (Actual.__name__, "value")}


def _leaf_types(hint) -> list:
    args = typing.get_args(hint)
    return [leaf for arg in args for leaf in _leaf_types(arg)] if args else [hint]


def _read_by_the_rule(data: bytes) -> ParsedDocument:
    return from_dict(ParsedDocument, json.loads(data))


def _alike(a: ParsedDocument, b: ParsedDocument) -> bool:
    """Equal and written alike (``==`` alone takes 5 for 5.0)."""
    return a == b and to_json(a) == to_json(b)


def test_parsed_document_reads_what_the_rule_reads():
    docs = _golden_documents()
    for doc in docs:
        data = parsed_json(doc)
        assert _alike(parsed_document(data), _read_by_the_rule(data))
    with_targets = next(d for d in docs if d.targets)
    for value in _EDGE_FLOATS:  # files the standard encoder wrote, NaN and infinities among them
        with_targets.targets[0].low = value
        data = parsed_json(with_targets)
        read = parsed_document(data)
        assert to_json(read) == to_json(_read_by_the_rule(data)) == to_json(with_targets), value


def test_parsed_document_keeps_what_msgspec_would_change():
    doc = next(d for d in _golden_documents() if d.targets and d.actuals)
    plain = json.loads(parsed_json(doc))
    # An integer in a float field stays an integer, as json.loads reads it.
    plain["targets"][0]["low"], plain["actuals"][0]["value"] = 7, 12
    read = parsed_document(json.dumps(plain, ensure_ascii=False).encode("utf-8"))
    assert type(read.targets[0].low) is int and type(read.actuals[0].value) is int
    assert _alike(read, _read_by_the_rule(json.dumps(plain).encode("utf-8")))
    # A field left out gets its default; keys in another order or with spaces read the same.
    del plain["notes"]
    spaced = json.dumps(plain, ensure_ascii=False, indent=1).encode("utf-8")
    assert _alike(parsed_document(spaced), _read_by_the_rule(spaced))
    # A field no record has is refused, as the rule refuses it (msgspec would drop it).
    plain["tasks_total"] = 3
    with pytest.raises(ValueError, match="unknown fields"):
        parsed_document(json.dumps(plain).encode("utf-8"))
    plain.pop("tasks_total")
    plain["targets"][0]["confidence"] = 0.5
    with pytest.raises(ValueError, match="unknown fields"):
        parsed_document(json.dumps(plain).encode("utf-8"))


def _line_by_line(raws: list[str]) -> tuple[list[str], Counter]:
    counts = Counter()
    return [normalize_line(raw, counts) for raw in raws], +counts


def test_normalize_lines_is_normalize_line_on_every_line():
    from extractors.normalize import normalize_lines

    cases = [
        [],
        [""],
        ["", "  ", "\t"],
        ["時(shí)間", "(shí)時", "時", "(jiān)後"],  # an annotation only after a Han character of its own line
        ["?，F(xiàn)在", "?，F", "(xiàn)在", "目标 ? 任务", "??", "增长?%"],  # shifted bytes, lost characters
        ["（共４项）　增长６．５％", "a\u200bb\ufeff", "一\u3000\u3000二\t 三 \t\u00a0四 ", "\f\v五"],
        ["經濟總量", "发展改革委", "臺灣", "乾隆", "後來\t裡面"],  # traditional, phrase-aware
        ["一行\n两行", "三"],  # a line holding a newline
        ["?，F(xiàn)\n(xiàn)", "時\n(shí)"],
    ]
    examples = Path(__file__).parents[1] / "examples"
    for path in sorted(examples.rglob("*.txt")):
        cases.append(path.read_text("utf-8").split("\n"))
    for raws in cases:
        counts = Counter()
        assert (normalize_lines(raws, counts), +counts) == _line_by_line(raws), raws[:3]


def test_normalize_table_is_normalize_line_on_every_cell():
    from extractors.normalize import normalize_table

    rows = [["序号", None, "經濟(jīng)", " ６.５％ "], [None, None], [], ["?，F(xiàn)", "a\nb", "臺灣 \t 乾隆"]]
    assert normalize_table(rows) == [[normalize_line(c) if c is not None else None for c in row] for row in rows]


def test_a_qualitative_phrase_holds_one_of_the_words_looked_for_first():
    """``values._events`` tries ``_QUALITATIVE`` only on text holding one of its words."""
    pieces = ["增长", "增速", "与", "和", "同", "经济增长", "经济发展", "地区生产总值增长", "经济增速", "基本", "保持",
              "同步", "全面", "确保", "努力", "坚决", "完成", "省", "市", "下达", "的", "节能减排", "任务", "目标", "指标",
              "稳中有降", "稳中有升", "只增不减", "持续下降", "稳步提高", "稳步提升", "保持稳定", "总体稳定", "基本稳定",
              "明显改善", "持续改善", "进一步改善", "持续好转", "翻一番", "翻番", "稳", "中", "有", "降", "提", "翻",
              "改", "善", "好", "转", "，", "。", "、", "5.5%", " "]
    rnd = random.Random(15)
    phrases = {"".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 8))) for _ in range(20000)}
    phrases |= {f"{a}完成{b}下达{c}{d}" for a in ("", "全面", "确保") for b in ("", "省", "上级政府") for c in ("", "的", "的节能")
                for d in ("任务", "目标", "指标")}
    phrases |= {f"{a}{b}{c}{d}同步" for a in ("", "增长", "增速") for b in ("与", "和", "同")
                for c in ("经济增长", "经济发展", "地区生产总值增长", "经济增速") for d in ("", "基本", "保持", "基本保持")}
    matched = [p for p in phrases if _QUALITATIVE.search(p)]
    assert len(matched) > 1000
    assert [p for p in matched if not any(w in p for w in _QUALITATIVE_WORDS)] == []


def test_quotes_are_removed_as_the_translate_table_removes_them():
    text = "“十四五”规划‘目标’\"GDP\"'R&D'「一」『二』地区生产总值" + "".join(chr(cp) for cp in range(0x2010, 0x2030))
    assert _unquoted(text) == text.translate(_QUOTES)
    assert _unquoted("地区生产总值") == "地区生产总值"
