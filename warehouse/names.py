"""Names people type for jurisdictions and indicators, resolved once to the codes the SQL takes.

A jurisdiction can be given as its GB/T 2260 code (621100), its name (定西市), its short name
(定西) or either name in pinyin (Dingxi, dingxi shi, Ding-xi): researchers abroad write them
so. Spellings come from the warehouse's jurisdictions dimension and from the registry, so the
crawler (registry only, no warehouse yet) and the queries (both) accept the same names.
An indicator is its taxonomy code (gdp_growth) or one of its Chinese names (地区生产总值).

Anything else is a usage error (exit 2) that names the closest matches (difflib), never an
empty answer that looks like "no data".
"""

from __future__ import annotations

import difflib
import itertools
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from core.errors import GovworkError

if TYPE_CHECKING:  # annotations only: the registry's loader (pydantic) is not needed to read names
    from core.registry import Registry

MAX_SUGGESTIONS = 3


class UnknownName(GovworkError):
    """A jurisdiction or indicator that is not known; the message names the closest ones."""

    reason = "unknown_name"
    exit_code = 2  # a usage mistake, like a bad option


def _key(spelling: str) -> str:
    """What two spellings must share to mean the same: width, case, spaces, hyphens and
    apostrophes ignored (Ding-xi, DINGXI, dingxi shi)."""
    folded = unicodedata.normalize("NFKC", spelling).casefold()
    return re.sub(r"[\s\-'’·._]+", "", folded)


MAX_READINGS = 16  # spellings per name when characters have several readings


def pinyin(name: str) -> str:
    """定西市 -> dingxishi (no tones): the usual reading."""
    from pypinyin import lazy_pinyin  # ~0.5 s of dictionaries: only when names are resolved, not for every query

    return "".join(lazy_pinyin(name))


def pinyin_spellings(name: str) -> set[str]:
    """Every reading of ``name`` (up to MAX_READINGS): a place name often reads a character
    otherwise than the dictionary's first choice (朝阳区 is Chaoyang, pypinyin says zhaoyang)."""
    from pypinyin import Style  # ~0.5 s of dictionaries: only when names are resolved, not for every query
    from pypinyin import pinyin as readings

    per_char = readings(name, style=Style.NORMAL, heteronym=True)
    combos = itertools.islice(itertools.product(*per_char), MAX_READINGS)
    return {pinyin(name), *("".join(c) for c in combos)}


def _exact(spelling: str) -> str:
    """Indicator codes are identifiers: gdp_growth, never GDP_growth."""
    return spelling.strip()


@dataclass
class NameIndex:
    """Spellings -> codes, and a label per code for messages ("定西市 621100 (Dingxi)").
    ``fold`` says which spellings are the same for an exact match; suggestions always
    compare loosely (case, width and separators ignored)."""

    what: str  # "jurisdiction" or "indicator"
    fold: Callable[[str], str] = _key
    codes: dict[str, set[str]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    def add(self, code: str, label: str, spellings: Iterable[str | None]) -> None:
        self.labels.setdefault(code, label)
        for spelling in (code, *spellings):
            if spelling:
                self.codes.setdefault(self.fold(spelling), set()).add(code)

    def code_of(self, given: str) -> str:
        """The one code ``given`` names; UnknownName (exit 2) otherwise."""
        found = self.codes.get(self.fold(given), set())
        if len(found) == 1:
            return next(iter(found))
        if found:
            raise UnknownName(f"{self.what} {given!r} is ambiguous: it names "
                              + ", ".join(sorted(self.labels[c] for c in found)) + "; give the code")
        raise UnknownName(f"unknown {self.what} {given!r}; {self.suggest(given)}")

    def suggest(self, given: str) -> str:
        loose: dict[str, set[str]] = {}
        for spelling, codes in self.codes.items():
            loose.setdefault(_key(spelling), set()).update(codes)
        close = difflib.get_close_matches(_key(given), list(loose), n=MAX_SUGGESTIONS * 3, cutoff=0.6)
        labels: list[str] = []
        for spelling in close:
            for code in sorted(loose[spelling]):
                if self.labels[code] not in labels:
                    labels.append(self.labels[code])
        if labels:
            return "closest: " + ", ".join(labels[:MAX_SUGGESTIONS])
        known = [self.labels[code] for code in sorted(self.labels)]
        listing = ", ".join(known[:12]) + (f" … ({len(known)} in all)" if len(known) > 12 else "")
        return f"known: {listing}" if known else f"no {self.what} is known yet"


# --- jurisdictions --------------------------------------------------------------------------


def jurisdiction_index(rows: Iterable[tuple[str, str | None, str | None]]) -> NameIndex:
    """An index over (code, name, short_name) rows; the first row of a code gives its label."""
    index = NameIndex("jurisdiction")
    for code, name, short_name in rows:
        names = [n for n in (name, short_name) if n]
        label = f"{name} {code}" + (f" ({pinyin(short_name).capitalize()})" if short_name else "")
        index.add(str(code), label if name else str(code), [*names, *(p for n in names for p in pinyin_spellings(n))])
    return index


def registry_rows(registry: Registry) -> list[tuple[str, str, str]]:
    return [(j.code, j.name, j.short_name) for j in registry.jurisdictions]


def warehouse_jurisdiction_rows(engine: Engine) -> list[tuple[str, str | None, str | None]]:
    """The jurisdictions dimension; empty when the warehouse has no tables yet."""
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text("SELECT code, name, short_name FROM jurisdictions"))]
    except DBAPIError:
        return []


def jurisdictions(registry: Registry | None = None, engine: Engine | None = None) -> NameIndex:
    """The index over the warehouse's dimension (when ``engine``) and the registry."""
    rows: list[tuple] = []
    if engine is not None:
        rows += warehouse_jurisdiction_rows(engine)
    if registry is not None:
        rows += registry_rows(registry)
    return jurisdiction_index(rows)


# --- indicators -----------------------------------------------------------------------------


def indicator_index(rows: Iterable[tuple[str, str | None, str | None]]) -> NameIndex:
    """An index over (code, name, names_json) rows of the indicators dimension: the code
    exactly as it is (an identifier) or any of its names as written."""
    index = NameIndex("indicator", fold=_exact)
    for code, name, names_json in rows:
        names = json.loads(names_json) if names_json else []
        index.add(code, f"{code} ({name})" if name else code, [name, *names])
    return index


def indicators(engine: Engine) -> NameIndex:
    """The indicators dimension of the warehouse (taxonomy codes and codes seen in documents)."""
    with engine.connect() as conn:
        return indicator_index(tuple(r) for r in conn.execute(text("SELECT code, name, names_json FROM indicators")))
