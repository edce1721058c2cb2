"""What the table and inline breakdown parsers share: heading levels and paths, the year
a breakdown's targets are for, targets read from a numbered target's phrase, and the
rule that a parser raises nothing but ``ParseError``."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from core.records import SourceSpan, Target
from extractors import values
from extractors.source_text import SourceText
from core.errors import ParseError

T = TypeVar("T")

CN_NUM = "一二三四五六七八九十百零〇两"
# heading level by its numbering: 一、 > (一) > ——
HEADING_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^第[{CN_NUM}\d]+(部分|章|篇)")),
    (1, re.compile(rf"^[{CN_NUM}]+、")),
    (2, re.compile(rf"^[(（][{CN_NUM}]+[)）]")),
    (3, re.compile(r"^(——|—|－－|--)(?=\S)")),
)
# a count a heading states about itself: (共4项), （共268项）
HEADING_COUNT = re.compile(r"\s*[(（]\s*共\s*\d+\s*[项条个]\s*[)）]\s*$")
YEAR = re.compile(r"(20\d{2})年")


def heading_level(text: str) -> int | None:
    text = text.strip()
    for level, pattern in HEADING_PATTERNS:
        if pattern.match(text):
            return level
    return None


def heading_label(text: str) -> str:
    """The heading as a path element: 二、九个方面重点工作(共268项) -> 二、九个方面重点工作."""
    text = HEADING_COUNT.sub("", text.strip())
    return text.rstrip("。:： ")


class HeadingPath:
    """The headings above the current row: a new heading replaces those of its level and
    below. A heading without a recognised numbering goes one level under the last."""

    def __init__(self) -> None:
        self._stack: list[tuple[int, str]] = []

    def push(self, label: str) -> None:
        level = heading_level(label)
        if level is None:
            level = (self._stack[-1][0] + 1) if self._stack else 1
        while self._stack and self._stack[-1][0] >= level:
            self._stack.pop()
        self._stack.append((level, label))

    def labels(self) -> list[str]:
        return [label for _, label in self._stack]


def year_of(src: SourceText, extra_lines: list[str] | None = None) -> str:
    """The year the targets are for: the document's hint, else the first 20xx年 in the
    lines near the table (its caption), else in the document's first lines."""
    if src.hints.year:
        return str(src.hints.year)
    for line in list(extra_lines or []) + [src.hints.title or ""] + src.body.lines[:30]:
        m = YEAR.search(line or "")
        if m:
            return m.group(1)
    return "unknown"


def targets_from_phrase(
    text: str, period: str, span: SourceSpan, *, indicator_hint: str | None = None
) -> list[Target]:
    """The targets a numbered target states (one per indicator); a phrase with no value
    the value parser recognises is one qualitative target with its text. With
    ``indicator_hint`` (a table's indicator-name cell), ``text`` is the value cell."""
    phrase = text.strip().rstrip("。;；")
    found = values.read_targets(phrase, period=period, span=span, indicator_hint=indicator_hint)
    if found:
        return list(found)
    hint = (indicator_hint or "").strip()
    return [
        Target(
            indicator=None,
            indicator_raw=hint or phrase,
            low=None,
            high=None,
            qualifier="qualitative",
            unit=None,
            raw=f"{hint} {phrase}".strip() if hint else phrase,
            period=period,
            span=span,
        )
    ]


def several_values_note(targets: list[Target]) -> list[str]:
    """A numbered target stating several values (城镇新增就业40万人，城镇登记失业率控制在4%以内)
    is one Target per value, all with its number: say so, so that counting records is not
    mistaken for counting numbered targets."""
    seqs = [t.seq for t in targets if t.seq is not None]
    several = sorted({s for s in seqs if seqs.count(s) > 1})
    if not several:
        return []
    return [
        f"targets: {len(set(seqs))} numbered targets read as {len(targets)} target records "
        f"(numbers {', '.join(map(str, several))} state several values)"
    ]


def safely(parser_name: str, read: Callable[[], T]) -> T:
    """Run a parser's reading; anything but a ParseError is a bug in the parser meeting
    input it did not expect, reported as a ParseError with the original attached."""
    try:
        return read()
    except ParseError:
        raise
    except Exception as exc:  # noqa: BLE001 - the contract: ParseError or nothing
        raise ParseError(
            f"{parser_name}: cannot read the document ({type(exc).__name__}: {exc})"[:300],
            reason="parser_failed",
        ) from exc
