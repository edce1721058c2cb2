"""Every parser govwork has. ``extractors.parse`` asks each parser of a document's kind
for its score and uses the best one. Add a parser here; nothing else changes."""

from __future__ import annotations

import functools
import importlib

from core.errors import ParserMissingError
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


@functools.cache
def parser_classes() -> tuple[type[Parser], ...]:
    """The classes ``PARSER_PATHS`` names. A module or class that is not there is a
    ``ParserMissingError``: a typo or a half-installed tree never silently drops a parser."""
    out = []
    for path in PARSER_PATHS:
        module_name, cls = path.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            raise ParserMissingError(f"parser {path} cannot be imported: {exc}") from exc
        try:
            out.append(getattr(module, cls))
        except AttributeError:
            raise ParserMissingError(f"parser {path}: module {module_name} has no {cls}") from None
    return tuple(out)


def all_parsers() -> list[Parser]:
    """One instance of every parser."""
    return [cls() for cls in parser_classes()]


__all__ = ["ParsedRecords", "Parser", "all_parsers", "parser_classes", "PARSER_PATHS"]
