"""The crawl stage: registry → listing pages → candidate documents → raw store.

One failing URL never stops the run: every fetch ends as a manifest row with an outcome
and a reason, and every candidate ends as a ``FoundDocument`` whatever happened to it.
"""

from __future__ import annotations

import dataclasses
import time
import uuid
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlsplit, urlunsplit

from extractors.crawl.article import read_article
from extractors.crawl.page_memory import PageMemory
from extractors.crawl.fetch import Fetcher, FetchResult
from extractors.crawl.inbox import InboxProblem, read_inbox
from extractors.crawl.listing import Candidate, walk_listing
from extractors.localfile import sweep_stale_temp
from extractors.rawstore import RawStore
from core.records import AttachmentRef, FoundDocument, to_dict
from core.config import Settings, mask_url
from core.errors import ConfigError
from core.registry.model import Jurisdiction, Registry, Source

COUNT_KEYS = (
    "found", "fetched", "unchanged", "inbox", "blocked", "failed", "refused", "too_large", "missing",
    "empty_listing", "no_body", "capped",
)
# Outcomes that make a crawl "not fine" (exit code 1). "missing" is what a site says
# about itself (a dead annex link), not a failure of the crawl; "capped" is a limit the
# registry set on purpose (recorded, so nobody mistakes a capped listing for a short one).
# empty_listing / no_body are how a portal redesign shows: never "nothing new".
PROBLEM_OUTCOMES = ("blocked", "failed", "refused", "too_large", "empty_listing", "no_body")


@dataclass
class CrawlReport:
    run_id: str
    documents: list[FoundDocument] = field(default_factory=list)
    # Listing pages that were not fine (a blocked portal, a dead first page).
    pages: list[dict] = field(default_factory=list)
    inbox_problems: list[InboxProblem] = field(default_factory=list)
    summary: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, code: str, key: str, n: int = 1) -> None:
        row = self.summary.setdefault(code, {k: 0 for k in COUNT_KEYS})
        row[key] += n

    @property
    def problems(self) -> int:
        return sum(row[k] for row in self.summary.values() for k in PROBLEM_OUTCOMES)

    @property
    def ok(self) -> bool:
        return self.problems == 0

    def to_dict(self) -> dict:
        return {
            "run_id": self.run_id,
            "documents": [to_dict(d) for d in self.documents],
            "pages": self.pages,
            "inbox_problems": [dataclasses.asdict(p) for p in self.inbox_problems],
            "summary": self.summary,
        }


def run_crawl(
    settings: Settings,
    registry: Registry,
    *,
    jurisdiction: str | None = None,
    kind: str | None = None,
    year: int | None = None,
    progress: Callable[[str], None] | None = None,
    base_url: str | None = None,
) -> CrawlReport:
    """Crawl every source of the registry (or of one jurisdiction), then read the inbox.

    ``base_url`` points every source at another site (a staging copy of a portal): the
    scheme and host of each source's URLs are replaced and that origin is allowed. In mirror
    mode (``settings.mirror_url``) URLs stay live and only the connection goes to the mirror.
    """
    say = progress or (lambda _msg: None)
    if base_url and urlsplit(base_url).scheme not in ("http", "https"):
        raise ConfigError(f"--base-url must be an http(s) URL, got {base_url!r}")
    if settings.mirror_url and urlsplit(settings.mirror_url).scheme != "http":
        raise ConfigError(f"the mirror URL must be http://host:port, got {settings.mirror_url!r}")
    targets = [registry.get(jurisdiction)] if jurisdiction else list(registry.jurisdictions)
    run_id = uuid.uuid4().hex[:12]
    _sweep_stale_temp(settings)
    store = RawStore(settings.raw_dir)
    fetcher = Fetcher(store, mirror_url=settings.mirror_url, min_delay=settings.min_delay, run_id=run_id)
    report = CrawlReport(run_id=run_id)
    pages = PageMemory(settings.cache_dir / "pages")
    seen_urls: set[str] = set()
    try:
        for j in targets:
            report.summary.setdefault(j.code, {k: 0 for k in COUNT_KEYS})
            for source in j.sources:
                say(f"source {source.id}")
                if base_url:
                    source = rebase(source, base_url)
                _crawl_source(fetcher, pages, report, j, source, kind=kind, year=year, seen=seen_urls, say=say)
    finally:
        fetcher.close()

    def inbox_found(d: FoundDocument) -> None:
        _found(report, store, d)
        report.count(d.jurisdiction_code, "inbox")

    _docs, problems = read_inbox(
        settings.inbox_dir, store, registry, run_id=run_id, jurisdiction=jurisdiction, kind=kind, year=year,
        on_found=inbox_found,
    )
    for p in problems:
        report.inbox_problems.append(p)
        report.count(p.jurisdiction or "inbox", "failed")
    return report


# How often the stores are swept for temp files of killed writes: no more often than a temp file
# takes to count as stale (sweep_stale_temp's hour), since a sweep walks every file of the raw and
# parsed stores and the cache (~15 µs a file: ~1 s a crawl task with 64,000 documents stored).
SWEEP_EVERY_S = 3600.0


def _sweep_stale_temp(settings: Settings) -> None:
    """Remove what writes killed in an earlier run left behind, at most once an hour (a stamp in
    the cache directory says when the last sweep began)."""
    stamp = settings.cache_dir / "stale-temp-swept"
    try:
        if time.time() - stamp.stat().st_mtime < SWEEP_EVERY_S:
            return
    except OSError:
        pass  # never swept, or the stamp is unreadable: sweep
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.touch()
    except OSError:
        pass  # a read-only cache: sweep every time, as before
    for directory in (settings.raw_dir, settings.parsed_dir, settings.cache_dir):
        sweep_stale_temp(directory)


def _crawl_source(fetcher: Fetcher, pages: PageMemory, report: CrawlReport, j: Jurisdiction, source: Source, *,
                  kind, year, seen, say) -> None:
    def on_page(res: FetchResult, page_no: int) -> None:
        if res.ok:
            return
        if res.outcome == "missing" and page_no > 1:
            return  # a missing page past the last one is how pagination without a page count ends
        report.pages.append(
            {"jurisdiction": j.code, "source_id": source.id, "url": res.url, "outcome": res.outcome, "reason": res.reason}
        )
        # a dead first page means the registry entry is out of date: a failure, not a missing annex
        report.count(j.code, "failed" if res.outcome == "missing" else res.outcome)

    for listing in source.listings:
        if kind and kind not in listing.kinds:
            continue
        try:
            walk = walk_listing(fetcher, source, listing, j.code, on_page=on_page, memory=pages)
        except Exception as exc:  # a bug or a page nobody foresaw must not end the run
            reason = f"crawler_error: {type(exc).__name__}: {exc}"
            fetcher.record_failure(listing.url, source, role="listing", jurisdiction=j.code, reason=reason)
            report.pages.append({"jurisdiction": j.code, "source_id": source.id, "url": listing.url,
                                 "outcome": "failed", "reason": reason})
            report.count(j.code, "failed")
            continue
        if walk.empty:
            reason = f"empty_listing: no {walk.dialect} rows on the first page (cms: {source.cms}); has the site changed?"
            fetcher.record_failure(walk.empty, source, role="listing", jurisdiction=j.code, reason=reason)
            report.pages.append({"jurisdiction": j.code, "source_id": source.id, "url": walk.empty,
                                 "outcome": "empty_listing", "reason": reason})
            report.count(j.code, "empty_listing")
        for cap in walk.capped:
            report.pages.append({"jurisdiction": j.code, "source_id": source.id, "url": listing.url,
                                 "outcome": "capped", "reason": cap})
            report.count(j.code, "capped")
        for c in walk.candidates:
            if c.url in seen or (kind and c.kind != kind) or (year and c.year not in (None, year)):
                continue
            seen.add(c.url)
            say(f"fetch {c.url}")
            try:
                doc = _fetch_document(fetcher, pages, j, source, c)
            except Exception as exc:  # as above: one document's trouble stays with that document
                reason = f"crawler_error: {type(exc).__name__}: {exc}"
                fetcher.record_failure(c.url, source, role="article", jurisdiction=j.code, reason=reason,
                                       kind=c.kind, title=c.title)
                doc = FoundDocument(jurisdiction_code=j.code, source_id=source.id, kind=c.kind, year=c.year,  # type: ignore[arg-type]
                                    title=c.title, url=c.url, outcome="failed", reason=reason)
            if year and doc.year != year:
                continue
            _found(report, fetcher.store, doc)
            report.count(j.code, "no_body" if doc.reason == "no_body" else doc.outcome)
            for att in doc.attachments:
                if att.outcome == "missing":
                    report.count(j.code, "missing")
                elif att.outcome in ("blocked", "failed", "refused", "too_large"):
                    report.count(j.code, att.outcome)


def _found(report: CrawlReport, store: RawStore, doc: FoundDocument) -> None:
    """A document is recorded beside its bytes as soon as it is found, so a crawl that
    dies half-way leaves everything it found for `reparse` (not an empty found list)."""
    doc.url = mask_url(doc.url)  # a link with a password in it was refused; never write the password down
    for att in doc.attachments:
        att.url = mask_url(att.url)
    store.append_found(to_dict(doc))
    report.documents.append(doc)
    report.count(doc.jurisdiction_code, "found")


def _fetch_document(fetcher: Fetcher, pages: PageMemory, j: Jurisdiction, source: Source, c: Candidate) -> FoundDocument:
    res = fetcher.fetch(c.url, source, role="article", jurisdiction=j.code, kind=c.kind, title=c.title)
    doc = FoundDocument(
        jurisdiction_code=j.code,
        source_id=source.id,
        kind=c.kind,  # type: ignore[arg-type]
        year=c.year,
        title=c.title,
        url=c.url,
        outcome=res.outcome,  # type: ignore[arg-type]
        sha256=res.sha256,
        final_url=res.final_url,
        content_type=res.content_type,
        encoding=res.encoding,
        fetched_at=res.fetched_at,
        reason=res.reason,
    )
    if c.listed_date:
        doc.page_meta["listed_date"] = c.listed_date
    if not res.ok or res.text is None:
        return doc
    page_url = res.final_url or c.url
    key = pages.article_key(res.text, source.article, page_url, source.cms)
    info = pages.article(key)  # a page read before (a 304 on a re-run): its reading, not bs4 again
    if info is None:
        info = read_article(res.text, source.article, page_url, source.cms)
        pages.remember_article(key, info)
    if not info.body_found:  # the page came, but not where this system keeps a body: a redesign
        doc.outcome, doc.reason = "failed", "no_body"
        fetcher.record_failure(c.url, source, role="article", jurisdiction=j.code, reason="no_body",
                               kind=c.kind, title=c.title)
        return doc
    doc.page_meta.update(info.page_meta)
    if doc.year is None and info.page_meta.get("publish_date"):
        doc.year = int(info.page_meta["publish_date"][:4])
    for title, url in info.attachments:
        a = fetcher.fetch(url, source, role="attachment", jurisdiction=j.code, kind=c.kind, title=title)
        doc.attachments.append(
            AttachmentRef(url=url, title=title, outcome=a.outcome, sha256=a.sha256,  # type: ignore[arg-type]
                          content_type=a.content_type, reason=a.reason)
        )
    return doc


def rebase(source: Source, base_url: str) -> Source:
    """The source with its scheme and host replaced by ``base_url``'s (paths kept)."""
    new = urlsplit(base_url)

    def move(url: str) -> str:
        parts = urlsplit(url)
        return urlunsplit((new.scheme, new.netloc, parts.path, parts.query, parts.fragment))

    # The new origin (scheme, host and port exactly) is allowed through the moved base and
    # listing URLs; no other port of that host is.
    return dataclasses.replace(
        source,
        base_url=move(source.base_url),
        allow_private_addresses=True,  # the user named this site: a staging copy may be on loopback
        listings=tuple(dataclasses.replace(lst, url=move(lst.url)) for lst in source.listings),
    )
