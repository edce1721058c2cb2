"""The parse stage's faster code paths give what the plain rule gives (issue 15).

Each fast path is checked against the rule it replaces, written out plainly here, over
inputs built to reach its edges."""

import itertools
import random

from extractors.normalize.boilerplate import parse_meta_line
from extractors.normalize.chinese import strip_pinyin
from extractors.normalize.width import _WIDTH_TABLE, clean_spaces, unify_width
from extractors.parsers.table_breakdown import header_columns
from extractors.taxonomy import _index, _latest_name, match_indicator
from extractors.units import leader_lexicon, split_leaders
from extractors.values import _PREP, _prepare


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
