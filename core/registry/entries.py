"""Registry entries checked and built into records: a jurisdiction file's mapping becomes a
``Jurisdiction`` with its ``Source``s, the defaults merged in. A mistake raises
``RegistryError`` naming the file, the source and the field; unknown keys are mistakes too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from core.records import DOCUMENT_KINDS
from core.errors import RegistryError
from core.registry.model import (
    LEVELS,
    CMS_DIALECTS,
    ArticleRules,
    CandidateRule,
    Evidence,
    Jurisdiction,
    Listing,
    Pagination,
    Politeness,
    Source,
)

_CODE = re.compile(r"\d{6}")
_SOURCE_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
_ARTICLE_FIELDS = ("publish_date", "written_date", "issuer", "doc_number")
_JURISDICTION_KEYS = {"code", "name", "short_name", "level", "parent", "sources"}
_SOURCE_KEYS = {
    "id", "name", "base_url", "allowed_hosts", "listings", "candidates", "exclude", "article",
    "politeness", "encoding", "years", "note", "allow_private_addresses",
    "cms", "evidence", "unverified", "snapshot_host",
}
_LISTING_KEYS = {"url", "kinds", "item_selector", "pagination", "max_pages", "max_candidates"}


class Defaults:
    """Parsed once; sources only override what they set."""

    def __init__(self, data: dict, file: Path):
        where = _Where(file.name)
        self.politeness: dict = _mapping(data, "politeness", where)
        self.article: dict = _mapping(data, "article", where)
        self.candidates = _candidates(data.get("candidates"), where.sub("candidates"))
        self.exclude = _patterns(data.get("exclude", []), where.sub("exclude"))
        self.politeness_obj = _politeness(self.politeness, {}, where.sub("politeness"))
        self.article_obj = _article(self.article, {}, where.sub("article"))
        self._merged: dict[tuple[str, str], Any] = {}

    def merged(self, build, part: str, override: dict, where: "_Where"):
        """``build(defaults' part, override)``, built and checked once per distinct override:
        thousands of sources override their article rules the same way. An override that
        fails is never remembered, so each source that has it gets its own error."""
        key = (part, repr(override))
        if key not in self._merged:
            self._merged[key] = build(getattr(self, part), override, where.sub(part))
        return self._merged[key]


class _Where:
    """Where in the registry a value is, for error messages."""

    def __init__(self, text: str):
        self.text = text

    def sub(self, part: str) -> "_Where":
        return _Where(f"{self.text}: {part}")

    def error(self, message: str) -> RegistryError:
        return RegistryError(f"{self.text}: {message}")


def jurisdiction(data: dict, file: Path, defaults: Defaults) -> Jurisdiction:
    where = _Where(file.name)
    _known_keys(data, _JURISDICTION_KEYS, where)
    code = _text(data, "code", where)
    if not _CODE.fullmatch(code):
        raise where.error(f"code must be a six-digit GB/T 2260 code, got {code!r}")
    level = _text(data, "level", where)
    if level not in LEVELS:
        raise where.error(f"level must be one of {', '.join(LEVELS)}, got {level!r}")
    parent = data.get("parent")
    if parent is not None:
        parent = str(parent)
        if not _CODE.fullmatch(parent) or parent == code:
            raise where.error(f"parent must be another six-digit code, got {parent!r}")
    raw_sources = data.get("sources") or []
    if not isinstance(raw_sources, list):
        raise where.error("sources must be a list")
    sources = tuple(_source(s, where.sub(f"source {i + 1}"), defaults) for i, s in enumerate(raw_sources))
    name = _text(data, "name", where)
    return Jurisdiction(
        code=code,
        name=name,
        short_name=str(data.get("short_name") or name),
        level=level,  # type: ignore[arg-type]
        parent_code=parent,
        sources=sources,
    )


def _source(data: Any, where: _Where, defaults: Defaults) -> Source:
    if not isinstance(data, dict):
        raise where.error("a source must be a mapping")
    sid = _text(data, "id", where)
    if not _SOURCE_ID.fullmatch(sid):
        raise where.error(f"source id must be lowercase letters, digits, '-' or '_', got {sid!r}")
    where = where.sub(f"({sid})")
    _known_keys(data, _SOURCE_KEYS, where)
    base_url = _url(_text(data, "base_url", where), where.sub("base_url"))
    hosts = data.get("allowed_hosts") or [urlsplit(base_url).hostname]
    if not isinstance(hosts, list) or not all(isinstance(h, str) and h for h in hosts):
        raise where.error("allowed_hosts must be a list of host names")
    allowed = tuple(h.lower() for h in hosts)
    if urlsplit(base_url).hostname not in allowed:
        raise where.error(f"the host of base_url {base_url} is not in allowed_hosts")

    raw_listings = data.get("listings")
    if not isinstance(raw_listings, list) or not raw_listings:
        raise where.error("listings must be a non-empty list")
    listings = tuple(_listing(x, where.sub(f"listing {i + 1}"), allowed) for i, x in enumerate(raw_listings))

    years = data.get("years") or []
    if not isinstance(years, list) or not all(isinstance(y, int) and 1949 < y < 2200 for y in years):
        raise where.error(f"years must be a list of four-digit years, got {years!r}")

    candidates = (
        _candidates(data["candidates"], where.sub("candidates")) if "candidates" in data else defaults.candidates
    )
    exclude = _patterns(data["exclude"], where.sub("exclude")) if "exclude" in data else defaults.exclude
    politeness = (
        defaults.merged(_politeness, "politeness", _mapping(data, "politeness", where), where)
        if "politeness" in data
        else defaults.politeness_obj
    )
    article = (
        defaults.merged(_article, "article", _mapping(data, "article", where), where)
        if "article" in data
        else defaults.article_obj
    )
    encoding = data.get("encoding")
    if encoding is not None:
        import codecs

        try:
            codecs.lookup(str(encoding))
        except LookupError:
            raise where.error(f"unknown encoding {encoding!r}") from None
    return Source(
        id=sid,
        name=_text(data, "name", where),
        base_url=base_url,
        allowed_hosts=allowed,
        listings=listings,
        candidates=candidates,
        exclude=exclude,
        article=article,
        politeness=politeness,
        encoding=str(encoding) if encoding else None,
        years=tuple(sorted(years)),
        note=data.get("note"),
        allow_private_addresses=_flag(data, "allow_private_addresses", where),
        **_provenance(data, where),
    )


def _provenance(data: dict, where: _Where) -> dict:
    """cms, evidence, unverified, snapshot_host. A source without evidence is unverified
    (said so explicitly in the bundled registry; tests/crawl/test_registry.py checks it)."""
    cms = data.get("cms", "html")
    if cms not in CMS_DIALECTS:
        raise where.error(f"cms must be one of {', '.join(CMS_DIALECTS)}, got {cms!r}")
    raw = data.get("evidence") or []
    if not isinstance(raw, list):
        raise where.error("evidence must be a list of {url, note}")
    evidence = []
    for i, item in enumerate(raw):
        ew = where.sub(f"evidence {i + 1}")
        if not isinstance(item, dict) or set(item) - {"url", "note"}:
            raise ew.error("must be a mapping with url and note")
        evidence.append(Evidence(url=_url(_text(item, "url", ew), ew), note=_text(item, "note", ew)))
    unverified = data.get("unverified")
    if unverified is not None and not (isinstance(unverified, str) and unverified.strip()):
        raise where.error("unverified must say why (text)")
    snapshot_host = data.get("snapshot_host", False)
    if not isinstance(snapshot_host, bool):
        raise where.error("snapshot_host must be true or false")
    if snapshot_host and not unverified:
        raise where.error("a snapshot_host source must say unverified: why")
    if not evidence and not unverified:
        unverified = "no evidence recorded"
    return {"cms": cms, "evidence": tuple(evidence), "unverified": unverified, "snapshot_host": snapshot_host}


def _listing(data: Any, where: _Where, allowed: tuple[str, ...]) -> Listing:
    if not isinstance(data, dict):
        raise where.error("a listing must be a mapping")
    _known_keys(data, _LISTING_KEYS, where)
    url = _url(_text(data, "url", where), where.sub("url"))
    if urlsplit(url).hostname not in allowed:
        raise where.error(f"listing host {urlsplit(url).hostname} is not in allowed_hosts")
    kinds = data.get("kinds")
    if not isinstance(kinds, list) or not kinds or not all(k in DOCUMENT_KINDS for k in kinds):
        raise where.error(f"kinds must be a non-empty list of {', '.join(DOCUMENT_KINDS)}, got {kinds!r}")
    pagination = None
    if data.get("pagination") is not None:
        p = data["pagination"]
        pw = where.sub("pagination")
        if not isinstance(p, dict):
            raise pw.error("must be a mapping")
        pattern = p.get("pattern")
        if pattern is not None and "{n}" not in str(pattern):
            raise pw.error(f"pattern must contain {{n}}, got {pattern!r}")
        next_text = p.get("next_text") or []
        if isinstance(next_text, str):
            next_text = [next_text]
        if pattern is None and not next_text:
            raise pw.error("needs a pattern or next_text")
        page_count = p.get("page_count")
        if page_count is not None:
            _compile(page_count, pw.sub("page_count"))
        max_pages = p.get("max_pages", 5)
        first = p.get("first", 2)
        if not isinstance(max_pages, int) or max_pages < 1 or not isinstance(first, int):
            raise pw.error("max_pages and first must be integers (max_pages >= 1)")
        pagination = Pagination(
            pattern=pattern, first=first, next_text=tuple(next_text), page_count=page_count, max_pages=max_pages
        )
    selector = data.get("item_selector")
    if selector is not None:
        selector = str(selector)
        _check_selector(selector, where.sub("item_selector"))
    caps = {}
    for key in ("max_pages", "max_candidates"):
        value = data.get(key, pagination.max_pages if key == "max_pages" and pagination else None)
        if value is None:
            continue
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise where.error(f"{key} must be an integer >= 1, got {value!r}")
        caps[key] = value
    return Listing(url=url, kinds=tuple(kinds), item_selector=selector, pagination=_shared(pagination), **caps)


def _candidates(data: Any, where: _Where) -> tuple[CandidateRule, ...]:
    if not isinstance(data, list) or not data:
        raise where.error("must be a non-empty list of {kind, patterns}")
    rules = []
    for i, rule in enumerate(data):
        rw = where.sub(f"rule {i + 1}")
        if not isinstance(rule, dict) or rule.get("kind") not in DOCUMENT_KINDS:
            raise rw.error(f"kind must be one of {', '.join(DOCUMENT_KINDS)}")
        rules.append(CandidateRule(kind=rule["kind"], patterns=_patterns(rule.get("patterns"), rw)))
    return tuple(rules)


def _patterns(data: Any, where: _Where) -> tuple[str, ...]:
    if not isinstance(data, list) or not all(isinstance(p, str) and p for p in data):
        raise where.error("must be a list of regular expressions")
    for p in data:
        _compile(p, where)
    return tuple(data)


def _politeness(base: dict, override: dict, where: _Where) -> Politeness:
    merged = {**base, **override}
    unknown = set(merged) - {"min_delay", "timeout", "max_bytes", "user_agent", "retries", "backoff", "deadline",
                             "revalidate_delay"}
    if unknown:
        raise where.error(f"unknown keys {sorted(unknown)}")
    try:
        p = Politeness(
            min_delay=float(merged["min_delay"]),
            timeout=float(merged["timeout"]),
            max_bytes=int(merged["max_bytes"]),
            user_agent=str(merged["user_agent"]),
            retries=int(merged["retries"]),
            backoff=float(merged["backoff"]),
            deadline=float(merged.get("deadline", 120.0)),
            revalidate_delay=float(merged["revalidate_delay"]) if merged.get("revalidate_delay") is not None else None,
        )
    except KeyError as exc:
        raise where.error(f"missing {exc.args[0]}") from None
    except (TypeError, ValueError) as exc:
        raise where.error(f"bad value: {exc}") from None
    if p.min_delay < 0 or p.timeout <= 0 or p.max_bytes <= 0 or p.retries < 0 or p.backoff < 0 or p.deadline <= 0:
        raise where.error("min_delay, retries, backoff must be >= 0; timeout, max_bytes and deadline > 0")
    if p.revalidate_delay is not None and p.revalidate_delay < 0:
        raise where.error("revalidate_delay must be >= 0 (it never exceeds min_delay)")
    return _shared(p)


def _article(base: dict, override: dict, where: _Where) -> ArticleRules:
    merged = {**base, **override}
    fields = {**(base.get("fields") or {}), **(override.get("fields") or {})}
    unknown = set(fields) - set(_ARTICLE_FIELDS)
    if unknown:
        raise where.error(f"unknown fields {sorted(unknown)}; known: {', '.join(_ARTICLE_FIELDS)}")
    selectors = {}
    for key in ("title", "body", "meta"):
        value = merged.get(key) or []
        if isinstance(value, str):
            value = [value]
        if key != "meta" and not value:
            raise where.error(f"{key} needs at least one CSS selector")
        for sel in value:
            _check_selector(sel, where.sub(key))
        selectors[key] = tuple(value)
    attachments = merged.get("attachments") or {}
    att_sel = str(attachments.get("selector") or "a[href]")
    att_href = str(attachments.get("href") or r"\.(pdf|docx?|xlsx?|wps|et|ofd|ceb|zip|rar)$")
    _check_selector(att_sel, where.sub("attachments.selector"))
    _compile(att_href, where.sub("attachments.href"))
    return _shared(ArticleRules(
        title=selectors["title"],
        body=selectors["body"],
        meta=selectors["meta"],
        fields={k: _patterns(v if isinstance(v, list) else [v], where.sub(f"fields.{k}")) for k, v in fields.items()},
        attachment_selector=att_sel,
        attachment_href=att_href,
    ))


# --- small checks ----------------------------------------------------------------------

_SHARED: dict[str, object] = {}


def _shared(obj):
    """One object for equal rule sets: most sources share their politeness and page rules,
    and sharing keeps the registry (and its cache) small."""
    if obj is None:
        return None
    return _SHARED.setdefault(f"{type(obj).__name__}:{obj!r}", obj)



def _text(data: dict, key: str, where: _Where) -> str:
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise where.error(f"missing {key}")
    if not isinstance(value, (str, int)):
        raise where.error(f"{key} must be text, got {type(value).__name__}")
    return str(value)


def _known_keys(data: dict, known: set[str], where: _Where) -> None:
    unknown = set(data) - known
    if unknown:
        raise where.error(f"unknown keys {sorted(unknown)}; known: {', '.join(sorted(known))}")


def _flag(data: dict, key: str, where: _Where) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise where.error(f"{key} must be true or false, got {value!r}")
    return value


def _mapping(data: dict, key: str, where: _Where) -> dict:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise where.error(f"{key} must be a mapping")
    return value


def _url(url: str, where: _Where) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise where.error(f"must be an http(s) URL with a host, got {url!r}")
    return url


def _compile(pattern: str, where: _Where) -> None:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise where.error(f"bad regular expression {pattern!r}: {exc}") from None


_SELECTOR_OK: set[str] = set()


def _check_selector(selector: str, where: _Where) -> None:
    if selector in _SELECTOR_OK:  # most sources share selectors; compile each once
        return
    import soupsieve

    try:
        soupsieve.compile(selector)
    except Exception as exc:  # soupsieve raises its own SelectorSyntaxError
        raise where.error(f"bad CSS selector {selector!r}: {exc}") from None
    _SELECTOR_OK.add(selector)
