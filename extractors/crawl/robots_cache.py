"""robots.txt answers remembered across crawls (RFC 9309, section 2.4: a crawler may cache
robots.txt, and should not use a cached copy for more than 24 hours).

Every robots.txt fetch is a manifest row (role ``robots``), so the newest answer per site
is a fold over the manifest, kept in the fetch bookkeeping index beside it
(``extractors.crawl.validators``). A new ``Fetcher`` (one per crawl task) takes a site's
remembered answer instead of asking again while it is younger than ``ROBOTS_MAX_AGE``; an
older one is revalidated (a conditional GET: a 304 when unchanged).

Only answers that say something about the site are reused: a robots.txt read (its bytes in
the raw store), or a 4xx that is no 401/403 (no robots.txt: no rules). A 401/403, a 5xx, an
anti-bot challenge or an unreachable site is asked again by the next crawl, as before. An answer fetched through the snapshot mirror serves mirror crawls only, and a live
one live crawls only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

ROBOTS_MAX_AGE = timedelta(hours=24)


@dataclass(frozen=True)
class RobotsAnswer:
    fetched_at: str  # the manifest row's ISO time (UTC)
    outcome: str
    status: int | None
    sha256: str | None


def origin_key(url: str, *, via_mirror: bool) -> str:
    """The site a robots.txt speaks for (scheme and host with port), and how it was reached."""
    parts = urlsplit(url)
    return f"{'mirror' if via_mirror else 'live'} {parts.scheme}://{parts.netloc}"


def fold_robots(answers: dict[str, RobotsAnswer], row: dict[str, Any]) -> None:
    """The newest robots.txt answer per site: a robots row replaces what was there, kept or not."""
    if row.get("role") != "robots" or not row.get("url"):
        return
    key = origin_key(row["url"], via_mirror=bool(row.get("via_mirror")))
    answers[key] = RobotsAnswer(str(row.get("fetched_at") or ""), str(row.get("outcome") or ""),
                                row.get("status"), row.get("sha256"))


def reusable(answer: RobotsAnswer | None, *, max_age: timedelta, now: datetime | None = None) -> bool:
    """Whether ``answer`` may stand in for a fetch now: young enough, and an answer that
    says something about the site (see the module's docstring)."""
    if answer is None or max_age <= timedelta(0):
        return False
    try:
        fetched = datetime.fromisoformat(answer.fetched_at)
    except ValueError:
        return False
    if fetched.tzinfo is None:
        return False
    age = (now or datetime.now(timezone.utc)) - fetched
    if not timedelta(0) <= age < max_age:  # a clock set back makes an answer stale, not young
        return False
    if answer.outcome in ("fetched", "unchanged"):
        return bool(answer.sha256)
    if answer.outcome == "blocked":  # a challenge page stood in for the file: it said nothing
        return False
    return no_robots_txt(answer.status)


def no_robots_txt(status: int | None) -> bool:
    """Whether a robots.txt request's status says the site has none (a 4xx: no rules), as
    opposed to a refusal (401/403) or an error: the fetcher's reading and this cache's."""
    return isinstance(status, int) and 400 <= status < 500 and status not in (401, 403)
