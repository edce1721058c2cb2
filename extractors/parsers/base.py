"""The parser contract. A parser is chosen by what a document *is* (its shape), never by
which jurisdiction it came from: each parser scores how well it can read a SourceText,
and the highest score for the document's kind wins (``extractors.parse``).

A parser returns only the records it reads from the body of the document (targets,
actuals, tasks, notes). Document metadata (title, 文号, dates) and declared counts are
read by ``extractors.meta`` for every kind alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from core.records import Actual, Target, Task
from extractors.source_text import SourceText


@dataclass
class ParsedRecords:
    targets: list[Target] = field(default_factory=list)
    actuals: list[Actual] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # parts that could not be read (the rest is kept)


class Parser:
    name: ClassVar[str]  # e.g. "table_breakdown"; stored with every document version
    version: ClassVar[str]  # bump when output changes: the warehouse keeps which version read what
    kind: ClassVar[str]  # the document kind it reads: work_report | breakdown | interpretation

    def score(self, src: SourceText) -> float:
        """0 when this parser cannot read the document; higher is a better fit."""
        raise NotImplementedError

    def parse(self, src: SourceText) -> ParsedRecords:
        """Read the records. Raise ``core.errors.ParseError`` (or a subclass) and
        nothing else for a document it cannot read."""
        raise NotImplementedError
