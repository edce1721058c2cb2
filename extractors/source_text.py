"""What a parser reads: a document's normalised text, section by section.

The parse stage turns raw bytes (HTML article page, PDF or text attachments) into one
``SourceText``: the article body and each attachment become a ``Section`` of normalised
lines (encoding repaired, traditional → simplified, pinyin annotations removed, widths
unified, broken lines rejoined). Tables found in a section (HTML ``<table>``, PDF tables)
are kept as rows of cells beside the lines, so a table parser can read either.

Line numbers are 1-based positions in ``Section.lines``; they become ``SourceSpan.line``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

Row = list[str | None]  # one table row; None for a cell that is empty because it was merged
Table = list[Row]


@dataclass
class Section:
    name: str  # "body" for the article text, the attachment's file name for an annex
    lines: list[str]
    tables: list[Table] = field(default_factory=list)
    table_lines: list[list[int]] = field(default_factory=list)  # per table, per row: 1-based line (or page-line) it came from


@dataclass
class DocumentHints:
    """What is known about a document before it is parsed: from the crawl (registry,
    listing page, article page metadata) or from ``govwork parse`` options."""

    jurisdiction_code: str | None = None
    kind: str | None = None  # work_report | breakdown | interpretation
    year: int | None = None
    title: str | None = None
    published_date: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    url: str | None = None


@dataclass
class SourceText:
    sections: list[Section]
    hints: DocumentHints = field(default_factory=DocumentHints)

    def section(self, name: str) -> Section | None:
        return next((s for s in self.sections if s.name == name), None)

    @property
    def body(self) -> Section:
        return self.section("body") or Section("body", [])

    def canonical_text(self) -> str:
        """The text a document's content version is hashed from: every section's lines,
        in order, under a header naming the section."""
        parts = []
        for s in self.sections:
            parts.append(f"#section {s.name}")
            parts.extend(s.lines)
        return "\n".join(parts)

    @property
    def text_sha256(self) -> str:
        return hashlib.sha256(self.canonical_text().encode("utf-8")).hexdigest()
