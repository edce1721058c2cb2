"""Unit (单位) and leader (领导) names out of a breakdown's cells and parentheses.

Sources write unit lists in many ways: separated by 、，；, by spaces or full-width spaces,
wrapped inside a table cell (省脱贫攻坚领导小组　　成员单位 is one name), or run together
with nothing between them (省财政厅省扶贫办). Leaders' two-character names are padded to
three with a space (黄 强), and several names may run together (黄 强宋 亮李 斌).

The data for this (aliases, names the splitter must not cut, where a name can start) is in
``extractors/taxonomy/unit_aliases.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from core.records import UnitAssignment
from extractors.taxonomy import SAFE_LOADER

ALIASES_PATH = Path(__file__).parent / "taxonomy" / "unit_aliases.yaml"

HARD_SEPARATORS = "、，,；;"
OPEN_BRACKETS = "〈（(【《<"
CLOSE_BRACKETS = "〉）)】》>"

# A unit name is complete when it ends like one. Multi-character endings where one
# character alone would be wrong (有关 is not 海关, 小组 is a name but 组 is not).
COMPLETE_ENDINGS = (
    "厅", "局", "委", "办", "会", "部", "行", "队", "司", "社", "院", "所", "府", "团",
    "联", "室", "处", "站", "馆", "台", "镇", "乡", "场",
    "中心", "单位", "部门", "小组", "海关", "机构", "学校", "大学", "街道", "集团",
    "〉", "）", ")", "】",
)
# Words that continue the name before them even after a space (a wrapped cell).
CONTINUATION_WORDS = ("成员单位", "各成员单位", "成员", "办公室")
LEVEL_STARTS = ("省", "市", "县")
MIN_NAME_LEN = 3  # 省民委, 团省委: nothing shorter is a whole unit name

# A government named by place; other bare place names in the same list share its ending:
# 张掖、金昌、武威市政府 -> 张掖市政府, 金昌市政府, 武威市政府.
PLACE_WITH_ENDING = re.compile(r"^(?!各|相关|有关)(?P<place>\S{2,4}?)(?P<ending>(市州|市|县|区|州)(人民)?政府)$")


@dataclass(frozen=True)
class UnitName:
    raw: str  # as written in the cell (张掖)
    full: str  # with a shared ending restored (张掖市政府); == raw otherwise


@dataclass(frozen=True)
class _UnitData:
    general: tuple[tuple[str, str], ...]
    jurisdictions: dict[str, dict[str, str]]
    unsplittable: tuple[str, ...]
    name_starts: tuple[str, ...]


@lru_cache(maxsize=1)
def _data() -> _UnitData:
    raw = yaml.load(ALIASES_PATH.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    general = tuple(
        (e["alias"], e["name"])
        for e in sorted(raw.get("general") or [], key=lambda e: -len(e["alias"]))
    )
    jurisdictions = {
        str(code): {e["alias"]: e["name"] for e in entries or []}
        for code, entries in (raw.get("jurisdictions") or {}).items()
    }
    starts = tuple(LEVEL_STARTS) + tuple(raw.get("name_starts") or [])
    return _UnitData(general, jurisdictions, tuple(raw.get("unsplittable") or []), starts)


# --- units -------------------------------------------------------------------------------


def is_complete_name(name: str) -> bool:
    return len(name) >= 2 and name.endswith(COMPLETE_ENDINGS)


def _pieces(text: str) -> list[tuple[str, str]]:
    """Split at separators outside brackets: [(piece, separator_before)], separator
    "hard" (、，；), "space" or "" for the first piece."""
    out: list[tuple[str, str]] = []
    buf: list[str] = []
    depth = 0
    sep = ""
    pending = ""
    for ch in text:
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS and depth:
            depth -= 1
        if depth == 0 and (ch in HARD_SEPARATORS or ch.isspace()):
            if buf:
                out.append(("".join(buf), sep))
                buf = []
                pending = ""
            kind = "hard" if ch in HARD_SEPARATORS else "space"
            pending = "hard" if kind == "hard" or pending == "hard" else "space"
            sep = pending
            continue
        buf.append(ch)
    if buf:
        out.append(("".join(buf), sep))
    return out


@lru_cache(maxsize=65536)  # the same unit lists recur on every row of a breakdown table
def _split_run_together(piece: str) -> tuple[str, ...]:
    """省财政厅省扶贫办 -> (省财政厅, 省扶贫办): cut before a name start when the text
    before it is a complete name, never inside brackets or an unsplittable name."""
    data = _data()
    protected = [False] * (len(piece) + 1)
    for name in data.unsplittable:
        for m in re.finditer(re.escape(name), piece):
            for i in range(m.start() + 1, m.end()):
                protected[i] = True
    names = []
    start = 0
    depth = 0
    for i, ch in enumerate(piece):
        if (
            i > start
            and depth == 0
            and not protected[i]
            and piece.startswith(data.name_starts, i)
            and i - start >= MIN_NAME_LEN
            and is_complete_name(piece[start:i])
        ):
            names.append(piece[start:i])
            start = i
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS and depth:
            depth -= 1
    names.append(piece[start:])
    return tuple(names)


def split_units(cell: str | None) -> list[UnitName]:
    """The unit names in a cell or a parenthesis' list, in order."""
    if not cell or not cell.strip():
        return []
    return list(_split_units(cell))


@lru_cache(maxsize=65536)  # a breakdown repeats its unit cells row after row
def _split_units(cell: str) -> tuple[UnitName, ...]:
    text = cell.replace("\n", "")  # a line wrapped inside a cell is no separator
    merged: list[tuple[str, str]] = []
    for piece, sep in _pieces(text):
        if (
            merged
            and sep == "space"
            and (not is_complete_name(merged[-1][0]) or piece.startswith(CONTINUATION_WORDS))
        ):
            merged[-1] = (merged[-1][0] + piece, merged[-1][1])
        else:
            merged.append((piece, sep))
    names: list[str] = []
    for piece, _ in merged:
        names.extend(n for n in _split_run_together(piece) if n)
    return tuple(_share_endings(names))


def _share_endings(names: list[str]) -> list[UnitName]:
    out: list[UnitName] = []
    for i, name in enumerate(names):
        full = name
        if not is_complete_name(name) and 2 <= len(name) <= 4:
            for later in names[i + 1 :]:
                m = PLACE_WITH_ENDING.match(later)
                if m:
                    full = name + m.group("ending")
                    break
                if is_complete_name(later):
                    break
        out.append(UnitName(raw=name, full=full))
    return out


@lru_cache(maxsize=65536)  # once per spelling and jurisdiction, not per mention
def canonical_unit(name: str, jurisdiction_code: str | None = None) -> str:
    """One spelling per unit within a jurisdiction: 市发改委 -> 市发展改革委."""
    name = "".join(ch for ch in name if not ch.isspace())
    data = _data()
    local = data.jurisdictions.get(jurisdiction_code or "", {})
    if name in local:
        return local[name]
    for alias, target in data.general:
        if name.endswith(alias) and len(name) > len(alias):
            return name[: -len(alias)] + target
    return name


def unit_assignments(
    cell: str | None,
    role: str,
    jurisdiction_code: str | None = None,
    *,
    inherited: bool = False,
) -> list[UnitAssignment]:
    if not cell:  # most calls: a role the table or row has no cell for
        return []
    return [
        UnitAssignment(
            role=role,  # type: ignore[arg-type]
            name=canonical_unit(u.full, jurisdiction_code),
            name_raw=u.raw,
            inherited=inherited,
        )
        for u in split_units(cell)
    ]


# --- leaders -----------------------------------------------------------------------------

# Cost of reading characters as one name. A padded two-character name (黄 强) and a
# three-character name are the normal forms; an unpadded pair (黄强) costs more, so that
# 张世珍李沛兴 is two three-character names and not three pairs. A name the document writes
# in a normal form elsewhere (``known``) costs nothing in any form, and one it does not
# know costs a little more when there is such a list.
_PADDED_PAIR, _TRIPLE, _PAIR, _UNKNOWN = 0, 0, 5, 2
# Four-character names are compound surnames and a given name (欧阳明高) or a compound given
# name; only the first are read as one name.
COMPOUND_SURNAMES = (
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
    "司徒", "令狐", "夏侯", "端木", "南宫", "西门", "独孤", "轩辕", "呼延", "申屠",
)


def split_leaders(cell: str | None, known: Collection[str] = ()) -> list[str]:
    """Leader names in a cell: "黄 强宋 亮李 斌" -> [黄强, 宋亮, 李斌].

    ``known``: names the same document writes unambiguously elsewhere (see
    ``leader_lexicon``); they decide runs a cell leaves ambiguous (黄强宋亮李斌)."""
    known_set = known if isinstance(known, frozenset) else frozenset(known)
    return [seg.name for chunk in _leader_chunks(cell) for seg in _segment_names(chunk, known_set)]


def leader_lexicon(cells: Iterable[str | None]) -> set[str]:
    """The names a document's leader cells give unambiguously: padded pairs (黄 强), and
    three- or four-character names with a space, a separator, the cell's edge or a padded
    pair on both sides (张世珍 in 张世珍李 斌, not 黄强宋 in 黄强宋亮李斌)."""
    names: set[str] = set()
    for cell in cells:
        for chunk in _leader_chunks(cell):
            segs = _segment_names(chunk, frozenset())
            for k, seg in enumerate(segs):
                if seg.padded:
                    names.add(seg.name)
                    continue
                left = k == 0 or seg.gap_before or segs[k - 1].padded
                right = k == len(segs) - 1 or segs[k + 1].gap_before or segs[k + 1].padded
                if len(seg.name) >= 3 and left and right:
                    names.add(seg.name)
    return names


@dataclass(frozen=True)
class _NameSegment:
    name: str
    padded: bool  # written as a two-character name padded with a space (黄 强)
    gap_before: str  # whitespace between it and the name before


def _leader_chunks(cell: str | None) -> list[str]:
    if not cell or not cell.strip():
        return []
    return [c for c in _LEADER_SEPARATOR.split(cell) if c.strip()]


_LEADER_SEPARATOR = re.compile(f"[{HARD_SEPARATORS}\n]")


@lru_cache(maxsize=16384)  # a table repeats its leader cells row after row
def _segment_names(chunk: str, known: frozenset[str]) -> tuple[_NameSegment, ...]:
    chars: list[str] = []
    gaps: list[str] = []  # gaps[i]: whitespace before chars[i]
    gap = ""
    for ch in chunk:
        if ch.isspace():
            gap += ch
        else:
            chars.append(ch)
            gaps.append(gap)
            gap = ""
    n = len(chars)
    inf = float("inf")
    best: list[float] = [inf] * (n + 1)
    step: list[int] = [0] * (n + 1)
    best[0] = 0
    for i in range(n):
        if best[i] == inf:
            continue
        for length, cost in _name_options(chars, gaps, i, n):
            if known:
                cost = 0 if "".join(chars[i : i + length]) in known else cost + _UNKNOWN
            if best[i] + cost < best[i + length]:
                best[i + length] = best[i] + cost
                step[i + length] = length
    if best[n] == inf:  # not names we can segment: keep what the spaces separate
        return tuple(_NameSegment(t, False, " ") for t in chunk.split())
    segs = []
    j = n
    while j > 0:
        i = j - step[j]
        padded = j - i == 2 and gaps[i + 1] != ""
        segs.append(_NameSegment("".join(chars[i:j]), padded, gaps[i] if i else ""))
        j = i
    return tuple(segs[::-1])


def _name_options(chars: list[str], gaps: list[str], i: int, n: int) -> list[tuple[int, int]]:
    options = []
    if i + 2 <= n:
        inner = gaps[i + 1]
        if inner in (" ", "\u3000"):
            options.append((2, _PADDED_PAIR))
        elif inner == "":
            options.append((2, _PAIR))
    if i + 3 <= n and gaps[i + 1] == "" and gaps[i + 2] == "":
        options.append((3, _TRIPLE))
    if (
        i + 4 <= n
        and gaps[i + 1] == gaps[i + 2] == gaps[i + 3] == ""
        and "".join(chars[i : i + 2]) in COMPOUND_SURNAMES
    ):
        options.append((4, _TRIPLE))
    return options
