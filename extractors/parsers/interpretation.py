"""Interpretations (解读) of a breakdown plan: they restate counts, not tasks.

The counts (8个大部分、91项具体工作, 第一部分…共5项, 41个牵头单位) are read by
``extractors.meta`` for every kind; this parser only records what was interpreted and by
whom, as notes, so a reader of the warehouse can find the plan itself.
"""

from __future__ import annotations

import re

from extractors.parsers.base import ParsedRecords, Parser
from extractors.source_text import SourceText

_INTERPRETED = re.compile(r"(?:印发了?|出台了?|制定了?)\s*(《[^》]{4,80}》)")
_INTERPRETER = re.compile(r"^(解读机关|解读人|解读单位)[:：]\s*(.+)$")


class InterpretationParser(Parser):
    name = "interpretation"
    version = "1"
    kind = "interpretation"

    def score(self, src: SourceText) -> float:
        head = src.body.lines[:5]
        return 1.0 if any("解读" in line for line in head) else 0.5

    def parse(self, src: SourceText) -> ParsedRecords:
        notes = ["interpretation: counts only; targets and tasks are in the plan it interprets"]
        for line in src.body.lines:
            m = _INTERPRETED.search(line)
            if m:
                notes.append(f"interprets {m.group(1)}")
                break
        for line in src.body.lines:
            m = _INTERPRETER.match(line)
            if m:
                notes.append(f"{m.group(1)}: {m.group(2)}")
        return ParsedRecords(notes=notes)
