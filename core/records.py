"""The records every stage passes on: what the crawler found, what a parser read.

These dataclasses are the contract between the stages (crawl → parse → validate → load).
They serialise to plain JSON (``to_dict``/``from_dict``) so that they travel through
Airflow XCom, sit in golden ``.compare.json`` files and can be re-read later.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import json
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, get_args, get_origin, get_type_hints

DocumentKind = Literal["work_report", "breakdown", "interpretation"]
DOCUMENT_KINDS: tuple[str, ...] = get_args(DocumentKind)

Qualifier = Literal["about", "at_least", "at_most", "exact", "range", "qualitative"]
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)

# What a figure measures, so that only like is compared with like:
# basis — over what time: one year (annual), the yearly average of a multi-year period
# (average_annual, 年均), the total over the period (cumulative, 累计, a five-year review's
# 增长33.6%), or the level at the period's end (period_end, a five-year goal 达到13.52%);
# measure — a level (地区生产总值793.9亿元, 失业率5.5%), a growth rate (增长6.5%), or a change
# in the figure's own unit (提高1个百分点, 增加4374亿元). None for a qualitative target.
Basis = Literal["annual", "average_annual", "cumulative", "period_end"]
BASES: tuple[str, ...] = get_args(Basis)
Measure = Literal["level", "growth_rate", "change"]
MEASURES: tuple[str, ...] = get_args(Measure)

UnitRole = Literal["lead", "cooperating", "responsible", "implementing"]
UNIT_ROLES: tuple[str, ...] = get_args(UnitRole)

# What a fetch ended as. "unchanged" is a 304 answer to a conditional GET.
FetchOutcome = Literal[
    "fetched", "unchanged", "blocked", "failed", "missing", "refused", "too_large", "inbox"
]

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class SourceSpan:
    """Where in the normalised document text a fact was read.

    ``section`` is "body" for the article text or the attachment's file name for an
    annex; ``line`` is 1-based within that section's normalised text; ``row`` is the
    table row number (the 序号 cell) when the fact came from a table.
    """

    section: str
    line: int
    row: int | None = None


@dataclass
class UnitAssignment:
    """A unit (单位) given a role on a task or target."""

    role: UnitRole
    name: str  # canonical within the jurisdiction (市发改委 -> 市发展改革委)
    name_raw: str  # as written in the source
    inherited: bool = False  # taken from the row above because the cell was merged


@dataclass
class Target:
    """A quantitative or qualitative goal: 地区生产总值增长5.5%左右."""

    indicator: str | None  # taxonomy code; None when the phrase matches no indicator
    indicator_raw: str  # the indicator as written (地区生产总值)
    low: float | None
    high: float | None
    qualifier: Qualifier
    unit: str | None  # %, 万人, 万吨, 亿斤, 个百分点, ...
    raw: str  # the phrase the value came from
    period: str  # "2026" for the year's target, "15th_fyp" for a five-year-plan goal
    span: SourceSpan
    seq: int | None = None  # the number in a breakdown's target table
    leaders: list[str] = field(default_factory=list)
    units: list[UnitAssignment] = field(default_factory=list)
    basis: Basis = "annual"
    measure: Measure | None = None  # None: qualitative


@dataclass
class Actual:
    """A reported outcome for a past year: 地区生产总值793.9亿元、增长6.9%."""

    indicator: str | None
    indicator_raw: str
    value: float
    unit: str | None
    raw: str
    year: int  # the last year the figure covers
    span: SourceSpan
    period: str | None = None  # a multi-year review's period ("14th_fyp", "5y"); None for the one year
    basis: Basis = "annual"
    measure: Measure = "level"


@dataclass
class Task:
    """One numbered task of a breakdown notice."""

    seq: int
    section_path: list[str]  # ["二、九个方面重点工作", "(一)坚决打赢三大攻坚战", "——坚决完成脱贫攻坚任务"]
    text: str
    span: SourceSpan
    leaders: list[str] = field(default_factory=list)
    leaders_inherited: bool = False
    units: list[UnitAssignment] = field(default_factory=list)
    # Machine-readable notes, e.g. "trailing_junk_removed:武汉汽车网", "inherited_from:15"
    flags: list[str] = field(default_factory=list)


@dataclass
class DeclaredCount:
    """A count the document states about itself: 共268项, 8个大部分、91项具体工作."""

    what: Literal["targets", "tasks", "parts", "lead_units", "towns"]
    count: int
    sentence: str
    span: SourceSpan
    part: str | None = None  # None for a document total; the part's label otherwise


@dataclass
class DocumentMeta:
    kind: DocumentKind
    jurisdiction_code: str  # GB/T 2260, e.g. "620000"
    year: int  # the year the targets are for
    title: str
    issuer: str | None = None
    doc_number: str | None = None  # 文号: 甘政发〔2026〕7号
    written_date: str | None = None  # 成文日期, ISO yyyy-mm-dd
    published_date: str | None = None
    session_date: str | None = None  # work reports: the day it was delivered
    deadlines: list[str] = field(default_factory=list)  # reporting deadlines stated in a notice


@dataclass
class Provenance:
    """One place a document was seen: which source, which URL, which raw bytes."""

    source_id: str
    url: str
    raw_sha256: str
    fetched_at: str | None = None
    attachment_sha256: list[str] = field(default_factory=list)


@dataclass
class ParsedDocument:
    meta: DocumentMeta
    parser: str
    parser_version: str
    text_sha256: str  # sha256 of the normalised text: the document's content version
    provenance: list[Provenance] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    actuals: list[Actual] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    declared_counts: list[DeclaredCount] = field(default_factory=list)
    # Human-readable observations a parser made, e.g. "annex 附件1 not available"
    notes: list[str] = field(default_factory=list)
    # Parts of the document that could not be read ("actuals: …"); the rest was kept.
    # Non-empty makes the document incomplete.
    unread: list[str] = field(default_factory=list)
    schema_version: int = SCHEMA_VERSION

    @property
    def doc_key(self) -> str:
        """Natural key: one document per jurisdiction, kind and year."""
        m = self.meta
        return f"{m.jurisdiction_code}:{m.kind}:{m.year}"


def target_rows(doc: ParsedDocument) -> int:
    """Targets as a document counts them: numbered rows when the targets are numbered (one
    row may state several indicators), else one per target. Validation compares this with a
    declared count, and the warehouse stores it beside the declared count."""
    numbers = {t.seq for t in doc.targets if t.seq is not None}
    return len(numbers) if numbers else len(doc.targets)


@dataclass
class AttachmentRef:
    url: str
    title: str
    outcome: FetchOutcome
    sha256: str | None = None
    content_type: str | None = None
    reason: str | None = None


@dataclass
class FoundDocument:
    """A candidate document the crawler found and fetched (or failed to)."""

    jurisdiction_code: str
    source_id: str
    kind: DocumentKind
    year: int | None
    title: str
    url: str
    outcome: FetchOutcome
    sha256: str | None = None  # raw bytes of the article page in the raw store
    final_url: str | None = None
    content_type: str | None = None
    encoding: str | None = None
    fetched_at: str | None = None
    reason: str | None = None
    page_meta: dict[str, str] = field(default_factory=dict)  # publish_date, issuer, doc_number
    attachments: list[AttachmentRef] = field(default_factory=list)


@dataclass
class ParseResult:
    """What happened when one found document was parsed: the parse stage's output, what
    validate and load take. ``parsed_path`` is the ``ParsedStore`` file of a ``parsed``
    result; a ``failed`` one carries the typed error's name, reason and message."""

    jurisdiction_code: str
    source_id: str
    url: str
    raw_sha256: str | None
    status: Literal["parsed", "failed", "skipped"]
    doc_key: str | None = None
    parsed_path: str | None = None
    text_sha256: str | None = None
    error_type: str | None = None
    reason: str | None = None
    message: str | None = None
    parser_version: str | None = None

    @classmethod
    def parsed(cls, doc: ParsedDocument, parsed_path: str) -> "ParseResult":
        """The result of a document read back from the parsed store (its first provenance)."""
        prov = doc.provenance[0] if doc.provenance else None
        return cls(
            jurisdiction_code=doc.meta.jurisdiction_code,
            source_id=prov.source_id if prov else "parsed_store",
            url=prov.url if prov else parsed_path,
            raw_sha256=prov.raw_sha256 if prov else None,
            status="parsed",
            doc_key=doc.doc_key,
            parsed_path=parsed_path,
            text_sha256=doc.text_sha256,
            parser_version=doc.parser_version,
        )


def source_rank(result: dict[str, Any]) -> tuple[str, str, str]:
    """The order in which the sources of one document version are preferred: by source id,
    then URL, then raw bytes. A version read from several sources takes its metadata (title,
    dates, issuer) from the first; a fixed order, so the warehouse does not depend on which
    source was parsed or loaded first."""
    return (result.get("source_id") or "", result.get("url") or "", result.get("raw_sha256") or "")


@contextlib.contextmanager
def collector_paused():
    """Python's cycle collector off while many acyclic objects are built (a document read
    back from JSON: a few hundred dicts, lists and records; validation's rows). Each 700
    allocations otherwise start a collection that walks the young objects and, now and then,
    everything already read: two thirds of decoding a parsed document. Reference counting
    still frees everything; the collector runs again when the block ends."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# --- JSON round trip -------------------------------------------------------------------

T = TypeVar("T")


def to_dict(obj: Any) -> Any:
    """Plain JSON-able structure of a record (dataclasses, lists, dicts, scalars)."""
    names = _field_names(type(obj))
    if names is not None:
        return {name: to_dict(getattr(obj, name)) for name in names}
    if isinstance(obj, (list, tuple)):
        return [to_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    return obj


def to_json(obj: Any) -> str:
    """``json.dumps(to_dict(obj))``, compact, without building the dictionaries first: the
    C encoder walks lists and scalars and asks for one dict per record."""
    return json.dumps(obj, default=_record_fields, ensure_ascii=False, separators=(",", ":"))


def _record_fields(obj: Any) -> dict:
    names = _field_names(type(obj))
    if names is None:
        raise TypeError(f"{type(obj).__name__} is not a record")
    return {name: getattr(obj, name) for name in names}


@functools.cache
def _field_names(tp: type) -> tuple[str, ...] | None:
    """A dataclass's field names, None for any other type (asked once per type)."""
    return tuple(f.name for f in dataclasses.fields(tp)) if dataclasses.is_dataclass(tp) else None


def from_dict(cls: type[T], data: Any) -> T:
    """Rebuild a record from ``to_dict`` output; unknown keys are an error."""
    return _build(cls, data)


@functools.cache
def _fields_of(tp: type) -> tuple[dict[str, Any], frozenset[str]]:
    """A record class's resolved field types and names (resolving them is the slow part
    of reading a parsed document back, so once per class)."""
    return get_type_hints(tp), frozenset(f.name for f in dataclasses.fields(tp))


def _build(tp: Any, data: Any) -> Any:
    convert = _converter(tp)
    return data if convert is None or data is None else convert(data)


@functools.cache
def _converter(tp: Any):
    """How to rebuild a value of type ``tp`` from JSON: a function, or None when the JSON
    value is the value (scalars, literals). Worked out once per type, so reading a parsed
    document back walks its data, not its type hints."""
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in get_args(tp) if a is not type(None)]
        return _converter(inner[0]) if len(inner) == 1 else None
    if origin is list:
        (item,) = get_args(tp)
        item_convert = _converter(item)
        if item_convert is None:
            return list
        return lambda data: [None if v is None else item_convert(v) for v in data]
    if origin is dict:
        return dict
    if dataclasses.is_dataclass(tp):
        return _dataclass_converter(tp)
    return None


def _dataclass_converter(tp: type):
    hints, names = _fields_of(tp)
    # Only the fields whose JSON is not already their value are touched; the rest of the
    # object's dictionary goes to the constructor as it came.
    nested = tuple((name, convert) for name in sorted(names) if (convert := _converter(hints[name])) is not None)

    def convert(data: dict) -> Any:
        if not isinstance(data, dict):
            raise TypeError(f"{tp.__name__}: expected an object, got {type(data).__name__}")
        if not data.keys() <= names:
            raise ValueError(f"{tp.__name__}: unknown fields {sorted(data.keys() - names)}")
        if nested:
            data = dict(data)  # the caller's dictionary stays as it was
            for name, convert_field in nested:
                value = data.get(name)
                if value is not None:
                    data[name] = convert_field(value)
        return tp(**data)

    return convert
