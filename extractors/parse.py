"""The parse stage's core: raw bytes → SourceText → the best parser → ParsedDocument.

Entry points:
- ``parse_file(path, kind=, jurisdiction=, year=)`` — a local HTML, PDF, Word, Excel, WPS,
  text file or zip/rar bundle (its format decided by the bytes, not the extension,
  ``extractors.formats.detect``); a sidecar ``<name>.hints.json`` gives
  ``DocumentHints`` (golden examples use it).
- ``parse_bytes(data, name, hints)`` — the same for bytes in hand.
- ``parse_found(found, rawstore, body_selectors=, encoding=)`` — a crawled document from
  the raw store, with its attachments (PDF annexes become sections named after the file).

Only ``GovworkError`` subclasses leave this module: unreadable bytes are
``UnreadableInputError``; a document no parser can read is ``ParseError('no_parser')``;
a parser that crashes on a document is reported as ``ParseError('parser_crashed')`` so
one bad document never stops a batch (the original exception is chained).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from extractors.decode import decode_bytes
from extractors.localfile import read_regular_file
from extractors.formats import BUNDLE_KINDS, KIND_LABELS, OFFICE_KINDS, UNSUPPORTED_KINDS, detect
from extractors.formats.archive import unpack
from extractors.formats.convert import TARGETS as CONVERTED_KINDS
from extractors.formats.convert import convert
from extractors.formats.office import docx_to_html, xlsx_to_html
from extractors.meta import find_title, read_meta
from extractors.normalize import Normalized, normalize_html, normalize_line, normalize_table, normalize_text
from core.records import DOCUMENT_KINDS, FoundDocument, ParsedDocument, Provenance
from extractors.parsers import all_parsers
from extractors.rawstore import RawStore
from extractors.source_text import DocumentHints, Section, SourceText
from core.errors import GovworkError, ParseError, UnreadableInputError

_MAX_CONTROL_SHARE = 0.02
_MAX_LOST_SHARE = 0.2


@dataclass
class ReadInput:
    """One input (page or attachment) read into a section."""

    section: Section
    kind: str  # html | pdf | text | docx | xlsx | ole_word | ole_excel | odt | ods
    encoding: str | None = None
    page_meta: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    html_title: str | None = None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sniff(data: bytes) -> str:
    """What the bytes are (never the file name): pdf | html | text | docx | xlsx | zip | …
    (``extractors.formats.detect``)."""
    return detect(data)


def _office_html(data: bytes, kind: str, name: str) -> str:
    """An office file as HTML: .docx/.xlsx read directly, the others converted first."""
    if kind in CONVERTED_KINDS:
        data = convert(data, kind, name)
        kind = "docx" if CONVERTED_KINDS[kind][1] == "docx" else "xlsx"
    return docx_to_html(data, name) if kind == "docx" else xlsx_to_html(data, name)


# C0 controls but tab, newline, carriage return, form feed; DEL and the C1 controls
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _check_text(text: str, name: str) -> None:
    if not text.strip():
        raise UnreadableInputError(f"{name}: no text in the input", reason="empty")
    sample = text[:20000]
    control = len(_CONTROL.findall(sample))
    if control / len(sample) > _MAX_CONTROL_SHARE:
        raise UnreadableInputError(f"{name}: binary data, not a document", reason="binary")
    if sample.count("\ufffd") / len(sample) > _MAX_LOST_SHARE:
        raise UnreadableInputError(f"{name}: text in an encoding that cannot be read", reason="undecodable")


def _pdf_section(data: bytes, name: str, section_name: str) -> ReadInput:
    try:
        pdf = importlib.import_module("extractors.pdf")
    except ModuleNotFoundError as exc:
        raise UnreadableInputError(f"{name}: PDF reading is not available ({exc})", reason="pdf_unavailable") from exc
    raw = pdf.pdf_section(data, name)
    # pdf_section keeps the PDF's characters as drawn; normalise them like any text
    # (normalising is idempotent) and renumber the table rows' lines if a line empties.
    lines: list[str] = []
    renumber: dict[int, int] = {}
    for number, text in enumerate(raw.lines, start=1):
        line = normalize_line(text)
        if line:
            lines.append(line)
            renumber[number] = len(lines)
    section = Section(
        name=section_name,
        lines=lines,
        tables=normalize_table_list(raw.tables),
        table_lines=[[renumber.get(n, 0) for n in rows] for rows in raw.table_lines],
    )
    if not section.lines and not section.tables:
        raise UnreadableInputError(f"{name}: the PDF has no text layer (scanned?)", reason="pdf_no_text")
    return ReadInput(section=section, kind="pdf")


def read_inputs(data: bytes, name: str, section_name: str = "body", **options: Any) -> tuple[list[ReadInput], list[str]]:
    """Like ``read_input``, but a zip/rar bundle gives one input per readable member
    (named after it; the first takes ``section_name``), with notes on what was not read.
    Bundles inside a bundle are not opened."""
    kind = sniff(data) if data else "text"
    if kind not in BUNDLE_KINDS:
        return [read_input(data, name, section_name, **options)], []
    unpacked = unpack(data, kind, name)
    reads: list[ReadInput] = []
    notes = list(unpacked.notes)
    for member in unpacked.members:
        label = f"{name}/{member.name}"
        try:
            if sniff(member.data) in BUNDLE_KINDS:
                raise UnreadableInputError(f"{label}: a bundle inside a bundle is not opened", reason="nested_bundle")
            reads.append(read_input(member.data, label, section_name if not reads else normalize_line(member.name)))
        except GovworkError as exc:
            notes.append(f"bundle member {label} not read: {exc} [{exc.reason}]")
    if not reads:
        raise UnreadableInputError(f"{name}: no readable document in the {KIND_LABELS[kind]}"
                                   + (f" ({'; '.join(notes)[:300]})" if notes else ""), reason="empty_bundle")
    return reads, notes


def normalize_table_list(tables: list) -> list:
    return [normalize_table(t) for t in tables]


def read_input(
    data: bytes,
    name: str,
    section_name: str = "body",
    *,
    content_type: str | None = None,
    encoding_hint: str | None = None,
    body_selector: str | None = None,
) -> ReadInput:
    """Bytes of a page or attachment → a normalised section."""
    if not data or not data.strip():
        raise UnreadableInputError(f"{name}: empty input", reason="empty")
    kind = sniff(data)
    if kind == "pdf":
        return _pdf_section(data, name, section_name)
    if kind in OFFICE_KINDS:
        html = _office_html(data, kind, name)
        norm = normalize_html(html)
        if not norm.lines:
            raise UnreadableInputError(f"{name}: the {KIND_LABELS[kind]} file holds no text", reason="empty")
        return ReadInput(Section(section_name, norm.lines, norm.tables, norm.table_lines), kind,
                         None, norm.page_meta, list(norm.notes))
    if kind in BUNDLE_KINDS:
        raise UnreadableInputError(f"{name}: a {KIND_LABELS[kind]} holds several files; read it with read_inputs",
                                   reason="bundle")
    if kind in UNSUPPORTED_KINDS:
        raise UnreadableInputError(f"{name}: unsupported format: {KIND_LABELS[kind]}", reason="unsupported_format")
    if kind == "other" or b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableInputError(f"{name}: binary data, not a document", reason="binary")
    decoded = decode_bytes(data, content_type, encoding_hint)
    _check_text(decoded.text, name)
    try:
        norm: Normalized = (
            normalize_html(decoded.text, body_selector) if kind == "html" else normalize_text(decoded.text)
        )
    except RecursionError as exc:  # thousands of nested tags: junk, not a page
        raise UnreadableInputError(f"{name}: HTML nested too deeply to read", reason="too_nested") from exc
    if not norm.lines:
        raise UnreadableInputError(f"{name}: no document text left after removing page furniture", reason="empty")
    notes = list(norm.notes)
    if decoded.declared_was_wrong:
        notes.append(f"decode: declared charset {decoded.declared} was wrong; read as {decoded.encoding}")
    section = Section(section_name, norm.lines, norm.tables, norm.table_lines)
    return ReadInput(section, kind, decoded.encoding, norm.page_meta, notes, norm.html_title)


# --- parser choice --------------------------------------------------------------------------


def parsers_for(kind: str) -> list:
    """Every parser of a kind (``extractors.parsers.all_parsers``, which fails with a
    ``ParserMissingError`` when a listed parser cannot be imported)."""
    return [parser for parser in all_parsers() if parser.kind == kind]


def choose_parser(src: SourceText, kind: str):
    scored = []
    for parser in parsers_for(kind):
        try:
            score = float(parser.score(src))
        except GovworkError:
            score = 0.0
        except Exception as exc:  # noqa: BLE001 - a parser bug must not stop the batch
            raise ParseError(f"parser {parser.name} failed to score the document: {exc!r}", reason="parser_crashed") from exc
        scored.append((score, parser.name, parser))
    scored = [s for s in scored if s[0] > 0]
    if not scored:
        raise ParseError(f"no parser can read this {kind} document", reason="no_parser")
    scored.sort(key=lambda s: (-s[0], s[1]))
    return scored[0][2]


# --- assembling ----------------------------------------------------------------------------------


def assemble(
    sections: list[ReadInput],
    hints: DocumentHints,
    provenance: list[Provenance],
    *,
    kind: str | None = None,
    extra_notes: list[str] | None = None,
) -> ParsedDocument:
    if kind is not None and kind not in DOCUMENT_KINDS:
        raise ParseError(f"unknown kind {kind!r}; one of {', '.join(DOCUMENT_KINDS)}", reason="bad_kind")
    src = SourceText([r.section for r in sections], hints)
    page_meta: dict[str, str] = {}
    for r in sections:
        for k, v in r.page_meta.items():
            page_meta.setdefault(k, v)
    meta_result = read_meta(src, page_meta, kind=kind)
    parser = choose_parser(src, meta_result.meta.kind)
    try:
        records = parser.parse(src)
    except GovworkError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise ParseError(f"parser {parser.name} crashed: {exc!r}", reason="parser_crashed") from exc
    notes = [n for r in sections for n in r.notes] + list(extra_notes or []) + meta_result.notes + records.notes
    return ParsedDocument(
        meta=meta_result.meta,
        parser=parser.name,
        parser_version=parser.version,
        text_sha256=src.text_sha256,
        provenance=provenance,
        targets=records.targets,
        actuals=records.actuals,
        tasks=records.tasks,
        declared_counts=meta_result.declared_counts,
        notes=notes,
        unread=list(records.unread),
    )


def parse_bytes(
    data: bytes,
    name: str,
    hints: DocumentHints | None = None,
    *,
    kind: str | None = None,
    content_type: str | None = None,
    source_id: str = "local",
    url: str | None = None,
) -> ParsedDocument:
    """Parse one self-contained document (HTML page, PDF or text)."""
    hints = hints or DocumentHints()
    reads, notes = read_inputs(data, name, "body", content_type=content_type)
    prov = Provenance(source_id=source_id, url=url or hints.url or name, raw_sha256=sha256(data))
    return assemble(reads, hints, [prov], kind=kind or hints.kind, extra_notes=notes)


def sidecar_for(path: Path, suffix: str) -> Path | None:
    """``<file name><suffix>`` or ``<stem><suffix>`` beside the file (Juriscraper's
    ``example.compare.json`` for ``example.html``), the full name first; None if neither."""
    for candidate in (path.with_name(path.name + suffix), path.with_name(path.stem + suffix)):
        if candidate.exists():
            return candidate
    return None


def load_hints(path: Path) -> DocumentHints:
    """The sidecar hints beside a file (``<name>.hints.json``), or empty hints."""
    sidecar = sidecar_for(path, ".hints.json")
    if sidecar is None:
        return DocumentHints()
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        known = {f.name for f in fields(DocumentHints)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown keys {sorted(unknown)}")
        return DocumentHints(**data)
    except (ValueError, TypeError) as exc:
        raise UnreadableInputError(f"{sidecar}: not a valid hints file ({exc})", reason="bad_hints") from exc


def parse_file(
    path: str | Path, *, kind: str | None = None, jurisdiction: str | None = None, year: int | None = None
) -> ParsedDocument:
    """Parse a local file; options override the sidecar hints."""
    path = Path(path)
    data = read_regular_file(path)  # never /dev/zero or a FIFO: a clear error instead
    hints = load_hints(path)
    if jurisdiction:
        hints.jurisdiction_code = jurisdiction
    if year:
        hints.year = int(year)
    if kind and kind != "auto":
        hints.kind = kind
    return parse_bytes(data, path.name, hints, kind=hints.kind)


# --- crawled documents ----------------------------------------------------------------------------


def _attachment_name(ref) -> str:
    tail = ref.url.rstrip("/").rsplit("/", 1)[-1]
    title = (ref.title or "").strip()
    if title and "." not in title[-6:] and "." in tail:
        title += "." + tail.rsplit(".", 1)[-1]
    return normalize_line(title) or tail


def parse_found(
    found: FoundDocument, rawstore: RawStore, *, body_selectors: tuple[str, ...] = (), encoding: str | None = None
) -> ParsedDocument:
    """Parse a crawled document: its page from the raw store, and every fetched attachment
    as a section of its own. An attachment that was not fetched or cannot be read is a note.
    ``body_selectors`` (CSS, tried in order) and ``encoding`` (used when the fetch recorded
    none) are the source's article rules, which the caller takes from the registry."""
    if not found.sha256:
        raise UnreadableInputError(f"{found.url}: no raw bytes were stored", reason="no_raw")
    try:
        data = rawstore.get(found.sha256)
    except GovworkError:
        raise
    except Exception as exc:  # noqa: BLE001 - a missing object in the store
        raise UnreadableInputError(f"{found.url}: raw bytes {found.sha256[:12]} not in the raw store ({exc})", reason="no_raw") from exc
    encoding = found.encoding or encoding
    page = whole = read_input(data, found.url, "body", content_type=found.content_type, encoding_hint=encoding)
    if whole.kind == "html":
        # the registry's body selectors, tried in order; the whole page when none matches.
        # The page's metadata block sits outside the body, so it is read from the whole page.
        for selector in body_selectors:
            try:
                page = read_input(data, found.url, "body", content_type=found.content_type,
                                  encoding_hint=encoding, body_selector=selector)
            except UnreadableInputError:
                continue
            for key, value in whole.page_meta.items():
                page.page_meta.setdefault(key, value)
            break
    sections = [page]
    notes: list[str] = []
    attachment_shas: list[str] = []
    for ref in found.attachments:
        name = _attachment_name(ref)
        if ref.outcome not in ("fetched", "unchanged", "inbox") or not ref.sha256:
            notes.append(f"attachment {name} not available ({ref.reason or ref.outcome})")
            continue
        try:
            reads, bundle_notes = read_inputs(rawstore.get(ref.sha256), name, name, content_type=ref.content_type)
        except GovworkError as exc:
            notes.append(f"attachment {name} not read: {exc} [{exc.reason}]")
            continue
        except Exception as exc:  # noqa: BLE001
            notes.append(f"attachment {name} not read: {exc!r}")
            continue
        attachment_shas.append(ref.sha256)
        sections.extend(reads)
        notes.extend(bundle_notes)
    pm = found.page_meta or {}
    hints = DocumentHints(
        jurisdiction_code=found.jurisdiction_code,
        kind=found.kind,
        year=found.year,
        # the title line sits outside the article body: read it from the whole page
        title=found.title or (find_title(SourceText([whole.section])) if page is not whole else None),
        published_date=pm.get("publish_date") or pm.get("published_date"),
        issuer=pm.get("issuer"),
        doc_number=pm.get("doc_number"),
        url=found.final_url or found.url,
    )
    prov = Provenance(
        source_id=found.source_id,
        url=found.url,
        raw_sha256=found.sha256,
        fetched_at=found.fetched_at,
        attachment_sha256=attachment_shas,
    )
    return assemble(sections, hints, [prov], kind=found.kind, extra_notes=notes)
