"""The polite fetcher: one place where the crawler touches the network.

Every call of ``Fetcher.fetch`` ends as exactly one manifest row, whatever happened:

- only http/https URLs on the source's allow-list of origins (scheme, host, port) are
  contacted (``extractors.crawl.guard``); redirects are followed by hand, one hop at a
  time, and a hop off the allow-list is refused; in live mode a connection that reaches a
  private, loopback or link-local address is refused unless the source allows it;
- robots.txt is fetched once per host and honoured (RFC 9309: a 4xx robots.txt allows
  everything, an unreachable one forbids everything; a document refused that way is a
  ``failed`` fetch with reason ``robots_txt_unreachable``, not a disallow); a site's answer
  is remembered across fetchers for up to 24 hours (``extractors.crawl.robots_cache``);
- requests to one host are spaced by the source's ``min_delay`` (or ``GOVWORK_MIN_DELAY``),
  across every process crawling into the same raw store, and revalidations after a 304 by
  its ``revalidate_delay`` (``extractors.crawl.politeness``);
- 5xx answers and connection errors are retried with exponential backoff by urllib3's
  ``Retry``; 4xx answers never are;
- bodies are streamed and cut off at ``max_bytes``; a body that ends early (short of its
  Content-Length, or a gzip stream without its end) is a failed fetch, never stored;
- a whole fetch (redirects and retries included) ends at the politeness ``deadline``;
- a URL fetched before is asked for with If-None-Match / If-Modified-Since, so an
  unchanged page costs one 304 and no bytes;
- anti-bot challenge pages are ``blocked``, not documents;
- in mirror mode the live URL is kept (and recorded) while the connection goes to the
  mirror with the site's host in the ``Host`` header.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from extractors.crawl.antibot import challenge_reason
from extractors.crawl.body import BodyError, read_body, release_if_bodiless
from extractors.crawl.guard import PrivateAddressError, PublicOnlyAdapter, allowed_origins, refusal
from extractors.crawl.politeness import Delays, HostPacer
from extractors.crawl.robots_cache import ROBOTS_MAX_AGE, RobotsAnswer, no_robots_txt, origin_key, reusable
from extractors.crawl.validators import Validators, fetch_memory
from extractors.decode import decode_bytes
from extractors.rawstore import RawStore
from core.config import mask_url
from core.registry.model import Politeness, Source

MAX_REDIRECTS = 5
RETRY_STATUSES = frozenset({500, 502, 503, 504})


@dataclass
class FetchResult:
    url: str  # the live URL asked for
    outcome: str  # records.FetchOutcome
    final_url: str | None = None
    status: int | None = None
    sha256: str | None = None
    body: bytes | None = None  # the bytes (also for "unchanged": read back from the raw store)
    size: int | None = None
    bytes_received: int = 0  # bytes that came over the wire for this fetch
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    encoding: str | None = None
    text: str | None = None  # decoded body of a text/HTML answer
    reason: str | None = None
    location: str | None = None  # of a redirect answer, before it is followed
    attempts: int = 0
    fetched_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))

    @property
    def ok(self) -> bool:
        return self.outcome in ("fetched", "unchanged")


class Fetcher:
    def __init__(
        self,
        store: RawStore,
        *,
        mirror_url: str | None = None,
        min_delay: float | None = None,
        run_id: str | None = None,
        robots_max_age: timedelta = ROBOTS_MAX_AGE,
    ):
        self.store = store
        self.mirror_url = mirror_url.rstrip("/") if mirror_url else None
        self.min_delay_override = min_delay
        self.run_id = run_id or uuid.uuid4().hex[:12]
        self._sessions: dict[tuple[Politeness, bool], requests.Session] = {}
        self._pacer = HostPacer(store.root / ".politeness")
        self._robots: dict[str, tuple[RobotFileParser, FetchResult]] = {}
        self._lock = threading.Lock()
        # the manifest's validators and robots.txt answers through their index: not the whole
        # manifest read per crawl
        memory = fetch_memory(store)
        self._validators: dict[str, Validators] = memory.validators
        self._robots_known: dict[str, RobotsAnswer] = memory.robots
        self.robots_max_age = robots_max_age

    # --- public ----------------------------------------------------------------------

    def fetch(
        self,
        url: str,
        source: Source,
        *,
        role: str,
        jurisdiction: str,
        kind: str | None = None,
        title: str | None = None,
        extra_hosts: tuple[str, ...] = (),
    ) -> FetchResult:
        """Fetch one URL for ``source`` and record it; never raises for network trouble."""
        allowed = allowed_origins(source, extra_hosts)
        result = self._fetch(url, source, allowed, role, jurisdiction, time.monotonic() + source.politeness.deadline)
        self._record(result, source, role=role, jurisdiction=jurisdiction, kind=kind, title=title)
        return result

    def record_failure(self, url: str, source: Source, *, role: str, jurisdiction: str, reason: str,
                       kind: str | None = None, title: str | None = None) -> None:
        """A manifest row for a failure that happened after the fetch (reading the page)."""
        self._record(FetchResult(url, "failed", reason=reason), source, role=role, jurisdiction=jurisdiction,
                     kind=kind, title=title)

    def close(self) -> None:
        for s in self._sessions.values():
            s.close()

    # --- the work --------------------------------------------------------------------

    def _fetch(self, url: str, source: Source, allowed, role: str, jurisdiction: str, deadline: float) -> FetchResult:
        why = refusal(url, allowed)
        if why:
            return FetchResult(url, "refused", reason=why)
        if role != "robots":
            denied = self._robots_denial(url, source, allowed, jurisdiction)
            if denied:
                return denied

        current, attempts = url, 0
        for _hop in range(MAX_REDIRECTS + 1):
            if time.monotonic() >= deadline:
                return FetchResult(url, "failed", final_url=current, attempts=attempts, reason="deadline_exceeded")
            result = self._request_once(url, current, source, deadline)
            attempts += result.attempts
            result.attempts = attempts
            if result.status not in (301, 302, 303, 307, 308) or result.location is None:
                return result
            target = urljoin(current, result.location)
            why = refusal(target, allowed)
            if why:
                return FetchResult(
                    url, "refused", final_url=target, status=result.status, attempts=attempts,
                    reason=f"redirect_{why}",
                )
            if role != "robots":
                denied = self._robots_denial(target, source, allowed, jurisdiction)
                if denied:
                    denied.url, denied.final_url, denied.attempts = url, target, attempts
                    return denied
            current = target
        return FetchResult(url, "failed", final_url=current, attempts=attempts, reason="too_many_redirects")

    def _request_once(self, url: str, current: str, source: Source, deadline: float) -> FetchResult:
        """One request (urllib3 retries included) for ``current``; a redirect comes back
        with its status and ``location``, for ``_fetch`` to check and follow."""
        pol = source.politeness
        # the mirror is loopback by design; live, only a source that says so reaches private addresses
        public_only = not self.mirror_url and not source.allow_private_addresses
        session = self._session(pol, public_only)
        connect_url, headers = self._route(current)
        headers["User-Agent"] = pol.user_agent
        headers["Accept-Encoding"] = "gzip, deflate"  # what read_body can check for completeness
        previous = self._validators.get(current)
        if previous and self.store.has(previous.sha256):
            if previous.etag:
                headers["If-None-Match"] = previous.etag
            if previous.last_modified:
                headers["If-Modified-Since"] = previous.last_modified
        else:
            previous = None

        turn = self._wait_turn(current, pol, conditional=previous is not None)
        resp = None
        left = deadline - time.monotonic()
        if left <= 0:
            turn.done(revalidated=False)
            return FetchResult(url, "failed", final_url=current, reason="deadline_exceeded")
        try:
            resp = session.get(connect_url, headers=headers, timeout=min(pol.timeout, left), stream=True,
                               allow_redirects=False)
        except PrivateAddressError as exc:
            return FetchResult(url, "refused", final_url=current, attempts=1, reason=str(exc))
        except requests.exceptions.RetryError as exc:  # retries used up on 5xx answers
            return FetchResult(url, "failed", final_url=current, attempts=pol.retries + 1, reason=f"retries_exhausted: {_short(exc)}")
        except requests.exceptions.Timeout as exc:
            return FetchResult(url, "failed", final_url=current, attempts=pol.retries + 1, reason=f"timeout: {_short(exc)}")
        except requests.exceptions.ConnectionError as exc:
            kind = "timeout" if "timed out" in str(exc).lower() else "connection_error"
            return FetchResult(url, "failed", final_url=current, attempts=pol.retries + 1, reason=f"{kind}: {_short(exc)}")
        except requests.exceptions.RequestException as exc:
            return FetchResult(url, "failed", final_url=current, attempts=1, reason=f"request_error: {_short(exc)}")
        finally:
            turn.done(revalidated=resp is not None and resp.status_code == 304)

        with resp:
            history = getattr(getattr(resp.raw, "retries", None), "history", ()) or ()
            result = FetchResult(
                url,
                "failed",
                final_url=current,
                status=resp.status_code,
                content_type=resp.headers.get("Content-Type"),
                etag=resp.headers.get("ETag"),
                last_modified=resp.headers.get("Last-Modified"),
                attempts=len(history) + 1,
            )
            if resp.status_code in (301, 302, 303, 307, 308):
                result.location = resp.headers.get("Location")
                if result.location is None:
                    result.reason = f"http_{resp.status_code}_without_location"
                return result
            release_if_bodiless(resp)
            if resp.status_code == 304 and previous is not None:
                result.outcome, result.sha256 = "unchanged", previous.sha256
                result.body = self.store.get(previous.sha256)
                result.size = len(result.body)
                result.etag = result.etag or previous.etag
                result.last_modified = result.last_modified or previous.last_modified
                return result
            declared = resp.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > pol.max_bytes:
                result.outcome, result.reason = "too_large", f"content_length_{declared}_over_{pol.max_bytes}"
                return result
            try:
                body = read_body(resp, max_bytes=pol.max_bytes, deadline=deadline, timeout=pol.timeout)
            except BodyError as exc:
                result.bytes_received = exc.received
                result.reason = exc.reason
                if exc.reason.startswith("body_over_"):
                    result.outcome = "too_large"
                return result
            result.bytes_received = body.received
            data = body.data

        blocked = challenge_reason(resp.status_code, data)
        if blocked:
            result.outcome, result.reason = "blocked", blocked
            return result
        if resp.status_code in (404, 410):
            result.outcome, result.reason = "missing", f"http_{resp.status_code}"
            return result
        if resp.status_code != 200:
            extra = f" after {result.attempts} attempts" if resp.status_code in RETRY_STATUSES else ""
            result.reason = f"http_{resp.status_code}{extra}"
            return result
        result.outcome, result.body, result.size = "fetched", data, len(data)
        result.sha256 = self.store.put(data)
        return result

    # --- politeness ------------------------------------------------------------------

    def _robots_denial(self, url: str, source: Source, allowed, jurisdiction: str) -> FetchResult | None:
        """None when robots.txt lets us fetch ``url``; else the result to record: refused
        by a rule, or failed/refused because robots.txt itself could not be had (RFC 9309
        then forbids everything, but the reason says what really happened)."""
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            entry = self._robots.get(key)
        if entry is None:
            parser = RobotFileParser()
            res = self._remembered_robots(key)
            if res is None:
                res = self._fetch(f"{key}/robots.txt", source, allowed, "robots", jurisdiction,
                                  time.monotonic() + source.politeness.deadline)
                self._record(res, source, role="robots", jurisdiction=jurisdiction, kind=None, title=None)
            if res.ok and res.body is not None:
                parser.parse(res.body.decode("utf-8", "replace").splitlines())
            elif no_robots_txt(res.status):
                parser.allow_all = True  # no robots.txt (or an unreadable one): no rules
            else:
                parser.disallow_all = True  # 401/403/5xx/unreachable: assume everything is off-limits
            entry = (parser, res)
            with self._lock:
                self._robots[key] = entry
        parser, res = entry
        if parser.can_fetch(source.politeness.user_agent, url):
            return None
        if parser.disallow_all and not res.ok and res.status is None:
            # robots.txt never answered: the site is unreachable (or refused), not disallowing
            outcome = "refused" if res.outcome == "refused" else "failed"
            return FetchResult(url, outcome, reason=f"robots_txt_unreachable: {res.reason}")
        return FetchResult(url, "refused", reason="robots_txt_disallow")

    def _remembered_robots(self, site: str) -> FetchResult | None:
        """A robots.txt answer an earlier fetcher of this store recorded for ``site``, while
        it may stand in for a fetch (``robots_cache.reusable``); None: ask the site."""
        answer = self._robots_known.get(origin_key(site, via_mirror=bool(self.mirror_url)))
        if not reusable(answer, max_age=self.robots_max_age):
            return None
        result = FetchResult(f"{site}/robots.txt", answer.outcome, status=answer.status, sha256=answer.sha256)
        if answer.sha256:
            try:
                result.body = self.store.get(answer.sha256)
            except (KeyError, OSError):  # its bytes are gone from the store: ask again
                return None
        return result

    def _wait_turn(self, url: str, pol: Politeness, *, conditional: bool):
        parts = urlsplit(url)
        host = parts.hostname or ""
        with self._lock:
            entry = self._robots.get(f"{parts.scheme}://{parts.netloc}")
        robots = entry[0] if entry is not None else None
        crawl_delay = robots.crawl_delay(pol.user_agent) if robots is not None else None  # the site's own floor
        delays = Delays.for_source(pol.min_delay, getattr(pol, "revalidate_delay", None), self.min_delay_override,
                                   crawl_delay)
        return self._pacer.wait_turn(host, delays, conditional=conditional)

    # --- plumbing --------------------------------------------------------------------

    def _session(self, pol: Politeness, public_only: bool) -> requests.Session:
        session = self._sessions.get((pol, public_only))
        if session is None:
            retry = Retry(
                total=pol.retries,
                connect=pol.retries,
                read=pol.retries,
                status=pol.retries,
                other=0,
                redirect=0,
                status_forcelist=RETRY_STATUSES,
                allowed_methods=frozenset({"GET", "HEAD"}),
                backoff_factor=pol.backoff,
                backoff_max=30,
                raise_on_status=False,
                respect_retry_after_header=True,
            )
            session = requests.Session()
            session.trust_env = False  # never a proxy from the environment: loopback stays loopback
            adapter = PublicOnlyAdapter(max_retries=retry) if public_only else HTTPAdapter(max_retries=retry)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            self._sessions[(pol, public_only)] = session
        return session

    def _route(self, live_url: str) -> tuple[str, dict[str, str]]:
        """Where to connect for a live URL, and the headers that go with it."""
        if not self.mirror_url:
            return live_url, {}
        parts = urlsplit(live_url)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        return self.mirror_url + path, {"Host": parts.netloc}

    def _record(self, r: FetchResult, source: Source, *, role: str, jurisdiction: str, kind, title) -> None:
        if r.ok and r.body is not None and _is_text(r.content_type, r.body):
            try:
                decoded = decode_bytes(r.body, content_type=r.content_type, hint=source.encoding)
                r.text, r.encoding = decoded.text, decoded.encoding
            except Exception as exc:  # undecodable bytes are the parser's problem, not the crawl's
                r.reason = f"undecodable: {_short(exc)}"
        if r.ok and r.sha256 and (r.etag or r.last_modified):
            with self._lock:
                self._validators[r.final_url or r.url] = Validators(r.etag, r.last_modified, r.sha256)
        self.store.append_manifest(
            {
                "run_id": self.run_id,
                "url": mask_url(r.url),  # a URL with credentials is refused, and never written down
                "final_url": mask_url(r.final_url),
                "status": r.status,
                "outcome": r.outcome,
                "reason": r.reason,
                "etag": r.etag,
                "last_modified": r.last_modified,
                "content_type": r.content_type,
                "encoding": r.encoding,
                "sha256": r.sha256,
                "size": r.size,
                "bytes_received": r.bytes_received,
                "attempts": r.attempts,
                "fetched_at": r.fetched_at,
                "source_id": source.id,
                "jurisdiction": jurisdiction,
                "kind": kind,
                "role": role,
                "title": title,
                "via_mirror": bool(self.mirror_url),
            }
        )


def _is_text(content_type: str | None, body: bytes) -> bool:
    if content_type:
        ct = content_type.lower()
        return ct.startswith("text/") or "html" in ct or "xml" in ct
    return body[:512].lstrip().lower().startswith((b"<!doctype", b"<html", b"<?xml"))  # a 304 has no type


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) <= 200 else text[:197] + "..."
