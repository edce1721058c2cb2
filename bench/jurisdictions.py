"""Synthetic jurisdictions shaped like GB/T 2260, and a registry directory built from them.

The benchmark needs a registry of the size the project will reach (every province,
prefecture and county: about 3,200 entries, 27 years each) and fresh jurisdiction codes
for the generated corpus. Codes follow GB/T 2260's shape: the real two-digit province
prefixes, prefectures ``PPCC00``, counties ``PPCCXX``. Names are made of common place-name
characters; hosts are under ``.example`` (reserved, never resolvable), so nothing here can
point a crawler at a real site.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from core.registry import DEFAULT_DIR

PROVINCE_PREFIXES = (
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
)  # fmt: skip
PREFECTURES = 333  # China has about 333 prefecture-level divisions
YEARS = tuple(range(2000, 2027))  # 27 years per source
_CHARS = "安宁平和丰泰康兴华阳山河川江湖海东西南北中新长永福德清云金石林青白龙凤明乐昌盛源"
_SUFFIX = {"province": "省", "city": "市", "county": "县"}


@dataclass(frozen=True)
class SyntheticJurisdiction:
    code: str
    level: str  # province | city | county
    parent: str | None
    index: int  # position in the generated list, for names

    @property
    def short_name(self) -> str:
        n = self.index
        return _CHARS[n % len(_CHARS)] + _CHARS[(n // len(_CHARS)) % len(_CHARS)]

    @property
    def name(self) -> str:
        return self.short_name + _SUFFIX[self.level]


def synthetic_jurisdictions(total: int = 3200, *, exclude: set[str] | frozenset[str] = frozenset()) -> list[SyntheticJurisdiction]:
    """``total`` jurisdictions (at least the 31 provinces): provinces, then about 333
    prefectures spread over them, then counties spread over the prefectures. Codes in
    ``exclude`` are skipped (taken by real registry entries)."""
    provinces = [p + "0000" for p in PROVINCE_PREFIXES]
    prefectures_wanted = min(PREFECTURES, max(0, (total - len(provinces)) // 9))
    cities: list[tuple[str, str]] = []  # (code, province)
    per_province = [0] * len(provinces)
    for i in range(prefectures_wanted):
        slot = i % len(provinces)
        per_province[slot] += 1
        cities.append((f"{PROVINCE_PREFIXES[slot]}{per_province[slot]:02d}00", provinces[slot]))
    out: list[SyntheticJurisdiction] = []

    def add(code: str, level: str, parent: str | None) -> None:
        if code not in exclude:
            out.append(SyntheticJurisdiction(code, level, parent, len(out)))

    for code in provinces:
        add(code, "province", None)
    for code, parent in cities:
        add(code, "city", parent)
    counties_per_city = [0] * len(cities)
    i = 0
    while len(out) < total and cities:
        slot = i % len(cities)
        counties_per_city[slot] += 1
        city = cities[slot][0]
        add(f"{city[:4]}{counties_per_city[slot]:02d}", "county", city)
        i += 1
    return out[:total] if len(out) > total else out


def registry_yaml(j: SyntheticJurisdiction) -> str:
    """One registry entry in the bundled format (core/registry/jurisdictions/*.yaml)."""
    host = f"j{j.code}.portal.example"
    parent = f'"{j.parent}"' if j.parent else "null"
    years = ", ".join(str(y) for y in YEARS)
    return f"""\
code: "{j.code}"
name: {j.name}
short_name: {j.short_name}
level: {j.level}
parent: {parent}
sources:
  - id: j{j.code}-portal
    name: {j.name}人民政府网站
    base_url: http://{host}
    years: [{years}]
    listings:
      - url: http://{host}/zwgk/zfwj/index.html
        kinds: [work_report, breakdown, interpretation]
        item_selector: "ul.list li a"
        pagination:
          pattern: "index_{{n}}.html"
          first: 1
    article:
      title: ["div.article h1"]
      body: ["#zoom"]
"""


def write_registry(directory: Path, total: int = 3200, *, only: set[str] | None = None) -> int:
    """A registry directory in the bundled format: the bundled entries (and
    ``_defaults.yaml``) copied as they are, synthetic entries for the rest, ``total``
    jurisdictions in all; with ``only``, just those synthetic codes and their ancestors.
    Returns the number of jurisdiction files written."""
    directory.mkdir(parents=True, exist_ok=True)
    real_codes = set()
    for path in sorted(DEFAULT_DIR.glob("*.yaml")):
        shutil.copy2(path, directory / path.name)
        if not path.name.startswith("_"):
            real_codes.add(path.name.split("-", 1)[0])
    if only is None:
        chosen = synthetic_jurisdictions(total - len(real_codes), exclude=real_codes)
    else:
        by_code = {j.code: j for j in synthetic_jurisdictions(total)}
        wanted: set[str] = set()
        for code in only:
            while code and code not in wanted:
                wanted.add(code)
                code = by_code[code].parent if code in by_code else None
        chosen = [by_code[c] for c in sorted(wanted - real_codes) if c in by_code]
    for j in chosen:
        (directory / f"{j.code}-synthetic.yaml").write_text(registry_yaml(j), encoding="utf-8")
    return len(real_codes) + len(chosen)
