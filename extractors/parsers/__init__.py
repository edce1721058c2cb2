"""Every parser govwork has. ``extractors.parse`` asks each parser of a document's kind
for its score and uses the best one. Add a parser here; nothing else changes."""

from __future__ import annotations

import importlib

from extractors.parsers.base import ParsedRecords, Parser

# module:class, imported on first use (keeps `import extractors.parsers` cheap).
PARSER_PATHS = (
    "extractors.parsers.interpretation:InterpretationParser",
    "extractors.parsers.table_breakdown:TableBreakdownParser",
    "extractors.parsers.inline_breakdown:InlineBreakdownParser",
    "extractors.parsers.labelled_breakdown:LabelledBreakdownParser",
    "extractors.parsers.notice_breakdown:NoticeOnlyBreakdownParser",
    "extractors.parsers.work_report:WorkReportParser",
)


def all_parsers() -> list[Parser]:
    out = []
    for path in PARSER_PATHS:
        module, cls = path.split(":")
        out.append(getattr(importlib.import_module(module), cls)())
    return out


__all__ = ["ParsedRecords", "Parser", "all_parsers", "PARSER_PATHS"]
