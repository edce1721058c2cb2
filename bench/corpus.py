"""A generated corpus: the golden inputs under tests/examples/ varied into many distinct
documents, for throughput measurements.

Each generated document is a seed (a golden ``.txt``/``.html`` input with its
``.hints.json``) with three things changed:

- the jurisdiction: a synthetic GB/T 2260 code of the seed's level (province, prefecture,
  county), from a pool of codes no other seed uses, so no two documents share a doc key;
- the year: every year between 1990 and 2049 written in the text (titles, 文号, dates,
  "2025年工作回顾", a session line's 二〇二六年) shifted by the same amount, so the document is about another year and
  stays consistent with itself (last year's actuals stay last year's);
- numbers: figures with a decimal part followed by a unit (6.9%, 793.9亿元) and days of
  month (2月8日) are changed, the first few in a mixed radix that encodes the document's
  number in the corpus, so no two documents have the same text (not even the Yishui page
  and the Yishui text, which are one document read two ways). Counts a document states
  about itself (共200项, 第一部分…共5项) and task numbers are left alone: changing them would
  make a consistent document inconsistent, which is not what a throughput run measures.

PDF inputs are not used: their numbers cannot be changed without re-rendering the PDF.
Bytes are re-encoded in the seed's own encoding (the Yishui page is GBK).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from bench.jurisdictions import SyntheticJurisdiction, synthetic_jurisdictions
from core.config import REPO_ROOT

EXAMPLES_DIR = REPO_ROOT / "tests" / "examples"
YEARS = tuple(range(2000, 2027))
_YEAR = re.compile(r"(?<!\d)(19[9]\d|20[0-4]\d)(?!\d)")
_CN_DIGITS = "〇一二三四五六七八九零"  # index % 10 is the digit
_CN_YEAR = re.compile(r"(?<![〇零一二三四五六七八九十])((?:一九九|二[〇零][〇零一二三四])[〇零一二三四五六七八九])年")
_VALUE = re.compile(r"(?<![\d.])(\d{1,6})\.(\d{1,2})(?![\d.])(?=\s*(?:%|‰|亿|万|千|个百分点|元|吨|公里|倍|人|户|平方))")
_DAY = re.compile(r"(?<!\d)(1[0-2]|[1-9])月([1-9]|[12]\d|3[01])日")
_CHARSET = re.compile(rb"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", re.I)


@dataclass(frozen=True)
class Seed:
    path: Path
    kind: str  # the folder under tests/examples/ says what kind of document it is
    jurisdiction_code: str
    year: int
    level: str
    encoding: str
    content_type: str

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class GeneratedDocument:
    seed: str  # the seed's file name
    kind: str
    jurisdiction_code: str
    year: int
    variant: int  # the variant number within its seed
    data: bytes
    content_type: str


def _level(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    return "city" if code.endswith("00") else "county"


def _encoding_of(data: bytes) -> str:
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        m = _CHARSET.search(data[:4096])
        return m.group(1).decode().lower() if m else "gb18030"


def seeds(examples_dir: Path = EXAMPLES_DIR) -> list[Seed]:
    """Every golden text or HTML input that has hints with a jurisdiction code."""
    out = []
    for path in sorted(examples_dir.glob("*/*")):
        if path.suffix not in (".txt", ".html"):
            continue
        hints_path = path.with_name(path.stem + ".hints.json")
        if not hints_path.exists():
            continue
        hints = json.loads(hints_path.read_text(encoding="utf-8"))
        code = hints.get("jurisdiction_code")
        data = path.read_bytes()
        encoding = _encoding_of(data)
        text = data.decode(encoding)
        year = hints.get("year") or _most_common_year(text)
        if not code or not year:
            continue
        ctype = "text/html" if path.suffix == ".html" else "text/plain"
        out.append(Seed(path, hints.get("kind") or path.parent.name, code, int(year), _level(code), encoding,
                        f"{ctype}; charset={encoding}"))
    return out


def _most_common_year(text: str) -> int | None:
    counts: dict[int, int] = {}
    for m in re.finditer(r"(20\d\d)年", text):
        counts[int(m.group(1))] = counts.get(int(m.group(1)), 0) + 1
    return max(counts, key=lambda y: (counts[y], y)) if counts else None


# --- variation ------------------------------------------------------------------------------


def _shift_cn_year(m: re.Match, delta: int) -> str:
    """二〇二六年 -> 二〇一八年: a year in Chinese digits (work reports' session lines)."""
    written = m.group(1)
    year = int("".join(str(_CN_DIGITS.index(ch) % 10) for ch in written)) + delta
    zero = "零" if "零" in written else "〇"
    return "".join(zero if d == "0" else _CN_DIGITS[int(d)] for d in str(year)) + "年"


def shift_years(text: str, delta: int) -> str:
    """Every year 1990–2049 in ``text``, in Arabic or Chinese digits, moved by ``delta``."""
    if not delta:
        return text
    text = _YEAR.sub(lambda m: str(int(m.group(1)) + delta), text)
    return _CN_YEAR.sub(lambda m: _shift_cn_year(m, delta), text)


def _sites(text: str) -> list[tuple[re.Match, int]]:
    """Numbers that may change, with their radix, in text order."""
    found = [(m, 9) for m in _VALUE.finditer(text)] + [(m, 28) for m in _DAY.finditer(text)]
    return sorted(found, key=lambda s: s[0].start())


def capacity(text: str) -> int:
    """How many distinct variants ``vary_numbers`` can make of ``text``."""
    n = 1
    for _m, radix in _sites(text):
        n *= radix
        if n > 10**9:
            break
    return n


def vary_numbers(text: str, variant: int) -> str:
    """``text`` with its changeable numbers set from ``variant`` (mixed radix, first
    number least significant); variant 0 leaves decimals alone and folds days into 1..28."""
    out, last = [], 0
    rest = variant
    for m, radix in _sites(text):
        digit, rest = rest % radix, rest // radix
        if radix == 9:  # 6.9 -> 6.9 + digit * 0.1: same number of decimals
            whole, frac = m.group(1), m.group(2)
            scaled = int(whole + frac) + digit
            body = str(scaled).rjust(len(frac) + 1, "0")
            new = f"{body[: -len(frac)]}.{body[-len(frac):]}"
        else:  # a day of the month: any day 1..28 exists in every month
            day = (int(m.group(2)) - 1 + digit) % 28 + 1
            new = f"{m.group(1)}月{day}日"
        out.append(text[last : m.start()])
        out.append(new)
        last = m.end()
    out.append(text[last:])
    return "".join(out)


# --- the corpus -------------------------------------------------------------------------------


_LEVELS = ("province", "city", "county")


def _code_pools(all_seeds: list[Seed], per_seed: int) -> dict[str, list[SyntheticJurisdiction]]:
    """Disjoint pools of synthetic codes, one per seed, of the seed's level; when a level
    runs out (31 provinces cannot hold 5,000 documents' worth of distinct province
    documents) the pool continues with the level below."""
    levels: dict[str, list[SyntheticJurisdiction]] = {}
    for j in synthetic_jurisdictions(3200):
        levels.setdefault(j.level, []).append(j)
    cursor = dict.fromkeys(_LEVELS, 0)
    pools: dict[str, list[SyntheticJurisdiction]] = {}
    for s in all_seeds:
        pool: list[SyntheticJurisdiction] = []
        for level in _LEVELS[_LEVELS.index(s.level):]:
            take = levels[level][cursor[level] : cursor[level] + per_seed - len(pool)]
            cursor[level] += len(take)
            pool += take
        if len(pool) < per_seed:
            raise ValueError(f"not enough synthetic codes for {per_seed} jurisdictions per seed")
        pools[s.name] = pool
    return pools


def generate(count: int, all_seeds: list[Seed] | None = None) -> list[GeneratedDocument]:
    """``count`` documents, seeds taken in turn. Variant ``v`` of a seed gets year
    ``YEARS[v % 27]`` and the ``v // 27``-th code of the seed's pool; the numbers of the
    ``i``-th document encode ``i``, so no two texts are alike, even of two seeds with the
    same content (a page and its text). A seed with few changeable numbers (a short notice
    with one date) leaves the turn once ``i`` passes what its numbers can encode."""
    all_seeds = all_seeds or seeds()
    if not all_seeds:
        raise ValueError(f"no seed documents under {EXAMPLES_DIR}")
    texts = {s.name: s.path.read_bytes().decode(s.encoding) for s in all_seeds}
    room = {s.name: capacity(texts[s.name]) for s in all_seeds}
    turns: list[tuple[Seed, int]] = []  # (seed, variant); the document's number is its index
    made = dict.fromkeys(room, 0)
    turn = 0
    while len(turns) < count:
        i = len(turns)
        open_seeds = [s for s in all_seeds if room[s.name] > i]
        if not open_seeds:
            raise ValueError(f"the seeds' numbers cannot tell {count} documents apart")
        seed = open_seeds[turn % len(open_seeds)]
        turn += 1
        turns.append((seed, made[seed.name]))
        made[seed.name] += 1
    pools = _code_pools(all_seeds, -(-max(made.values()) // len(YEARS)))
    docs = []
    for i, (seed, variant) in enumerate(turns):
        year = YEARS[variant % len(YEARS)]
        j = pools[seed.name][variant // len(YEARS)]
        text = vary_numbers(shift_years(texts[seed.name], year - seed.year), i)
        docs.append(GeneratedDocument(seed.name, seed.kind, j.code, year, variant, text.encode(seed.encoding),
                                      seed.content_type))
    return docs


def found_documents(docs: list[GeneratedDocument], raw_store) -> list[dict]:
    """Put every document's bytes in ``raw_store`` and describe it as the crawler would
    (a ``FoundDocument`` dict, outcome ``fetched``), so the parse stage reads it the way it
    reads a crawled page."""
    from core.records import FoundDocument, to_dict

    out = []
    for i, d in enumerate(docs):
        sha = raw_store.put(d.data)
        suffix = "html" if d.content_type.startswith("text/html") else "txt"
        url = f"http://j{d.jurisdiction_code}.portal.example/zwgk/{d.year}/{d.kind}-{i}.{suffix}"
        out.append(to_dict(FoundDocument(
            jurisdiction_code=d.jurisdiction_code, source_id=f"bench-{Path(d.seed).stem}", kind=d.kind, year=d.year,
            title="", url=url, outcome="fetched", sha256=sha, content_type=d.content_type,
            encoding=d.content_type.split("charset=")[-1], fetched_at="2026-01-01T00:00:00+00:00",
        )))
    return out
