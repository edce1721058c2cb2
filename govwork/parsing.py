"""One found document parsed into the parsed store: the parse stage's work for a document.

Its own module, apart from ``govwork.stages``, because the parse stage's helper processes
(``govwork.parse_helpers``) import it and nothing more: the stages module imports Great
Expectations and the warehouse too (0.8-1.2 s), and the registry and the crawler's dialects
(0.2 s of CPU), which a helper never uses: the stage gives it each document's reading rules.
"""

from __future__ import annotations

import logging
from typing import Callable

from core.config import Settings
from core.errors import ConfigError, GovworkError
from core.records import FoundDocument, ParseResult, from_dict, to_dict
from extractors.parse import parse_found
from extractors.parsedstore import ParsedStore
from extractors.rawstore import RawStore

log = logging.getLogger("govwork.stages")  # the stage's own logger, in whichever process parses


ReadingRules = tuple[tuple[str, ...], str | None]  # (body selectors, encoding hint): ``stages.reading_rules``


def parse_found_document(settings: Settings, found: dict, rules: Callable[[FoundDocument], ReadingRules]) -> dict:
    """Parse ``found`` (a ``FoundDocument`` dict) from the raw store into the parsed store,
    read by ``rules(document)``; a ``ParseResult`` dict, ``failed`` with a typed reason for a
    bad document or a crash. A ``ConfigError`` (the installation or the registry is broken)
    is raised."""
    doc_in = from_dict(FoundDocument, found)
    base = ParseResult(
        jurisdiction_code=doc_in.jurisdiction_code,
        source_id=doc_in.source_id,
        url=doc_in.url,
        raw_sha256=doc_in.sha256,
        status="skipped",
    )
    if doc_in.sha256 is None or doc_in.outcome not in ("fetched", "unchanged", "inbox"):
        base.reason = doc_in.outcome
        return to_dict(base)
    try:
        selectors, encoding = rules(doc_in)
        parsed = parse_found(doc_in, RawStore(settings.raw_dir), body_selectors=selectors, encoding=encoding)
    except ConfigError:
        raise  # the installation or the registry is broken: no document can be read
    except GovworkError as exc:
        base.status, base.error_type, base.reason = "failed", type(exc).__name__, exc.reason
        base.message = str(exc)
        return to_dict(base)
    except Exception as exc:  # a bug, not a bad document: recorded, and the others go on
        log.exception("parse crashed on %s", doc_in.url)
        base.status, base.error_type, base.reason = "failed", type(exc).__name__, "crash"
        base.message = str(exc)[:2000]
        return to_dict(base)
    path = ParsedStore(settings.parsed_dir).put(parsed)
    base.status, base.doc_key, base.parsed_path = "parsed", parsed.doc_key, str(path)
    base.text_sha256, base.parser_version = parsed.text_sha256, parsed.parser_version
    return to_dict(base)


def remembered(result: dict) -> bool:
    """Whether a result goes into the parse cache: a crash may be the machine's fault and is
    always tried again."""
    return result["status"] == "parsed" or (result["status"] == "failed" and result["reason"] != "crash")
