"""robots.txt remembered across fetchers of one raw store (extractors/crawl/robots_cache.py):
a later crawl task takes a site's answer from the manifest's index while it is younger than
24 hours (RFC 9309, 2.4), honours it as if fetched, and asks the site again once it is older,
or when the answer said nothing about the site (401/403, 5xx, unreachable)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from extractors.crawl.fetch import Fetcher
from extractors.crawl.robots_cache import ROBOTS_MAX_AGE, RobotsAnswer, fold_robots, origin_key, reusable
from extractors.crawl.validators import fetch_memory
from extractors.rawstore import RawStore
from tests.crawl.fault_host import FAULT_HOST
from tests.crawl.faults_registry import fault_registry

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
SHA = "a" * 64


def _answer(age: timedelta, outcome: str = "fetched", status: int | None = 200, sha256: str | None = SHA) -> RobotsAnswer:
    return RobotsAnswer((NOW - age).isoformat(timespec="seconds"), outcome, status, sha256)


@pytest.mark.parametrize("answer, expected", [
    (_answer(timedelta(minutes=5)), True),
    (_answer(timedelta(hours=23, minutes=59)), True),
    (_answer(timedelta(hours=24)), False),  # a day old: ask again
    (_answer(timedelta(minutes=-5)), False),  # from the future (a clock set back): ask again
    (_answer(timedelta(minutes=5), "unchanged", 304), True),
    (_answer(timedelta(minutes=5), "unchanged", 304, None), False),  # no bytes to read the rules from
    (_answer(timedelta(minutes=5), "missing", 404, None), True),  # no robots.txt: no rules
    (_answer(timedelta(minutes=5), "failed", 403, None), False),  # forbidden: ask again next time
    (_answer(timedelta(minutes=5), "blocked", 412, None), False),  # an anti-bot challenge: ask again
    (_answer(timedelta(minutes=5), "failed", 503, None), False),  # the site in trouble: ask again
    (_answer(timedelta(minutes=5), "failed", None, None), False),  # unreachable
    (RobotsAnswer("2026-03-01T11:55:00", "fetched", 200, SHA), False),  # no time zone: no age
    (RobotsAnswer("", "fetched", 200, SHA), False),
    (None, False),
])
def test_which_answers_stand_in_for_a_fetch(answer, expected):
    assert reusable(answer, max_age=ROBOTS_MAX_AGE, now=NOW) is expected


def test_a_max_age_of_zero_reuses_nothing():
    assert not reusable(_answer(timedelta(seconds=1)), max_age=timedelta(0), now=NOW)


def test_the_newest_answer_per_site_and_way_of_reaching_it_wins():
    answers: dict[str, RobotsAnswer] = {}
    rows = [
        {"role": "robots", "url": "http://a.gov.cn/robots.txt", "fetched_at": "t1", "outcome": "fetched",
         "status": 200, "sha256": SHA, "via_mirror": True},
        {"role": "article", "url": "http://a.gov.cn/x.html", "fetched_at": "t2", "outcome": "fetched",
         "status": 200, "sha256": SHA, "via_mirror": True},
        {"role": "robots", "url": "http://a.gov.cn/robots.txt", "fetched_at": "t3", "outcome": "failed",
         "status": 503, "sha256": None, "via_mirror": True},  # newer, though no use: replaces the good one
        {"role": "robots", "url": "https://a.gov.cn/robots.txt", "fetched_at": "t4", "outcome": "missing",
         "status": 404, "sha256": None, "via_mirror": False},
    ]
    for row in rows:
        fold_robots(answers, row)
    assert answers == {
        origin_key("http://a.gov.cn/", via_mirror=True): RobotsAnswer("t3", "failed", 503, None),
        origin_key("https://a.gov.cn/", via_mirror=False): RobotsAnswer("t4", "missing", 404, None),
    }
    assert origin_key("http://a.gov.cn/x", via_mirror=True) != origin_key("http://a.gov.cn/x", via_mirror=False)


def test_later_fetchers_take_the_answer_and_honour_it_until_it_is_too_old(tmp_path, mirror_server):
    registry, prefix = fault_registry(tmp_path, timeout=10)  # a busy machine does not fail a fetch
    source = registry.source("faults")
    store = RawStore(tmp_path / "raw")
    start = len(mirror_server.log)

    def crawl(path: str, **kw) -> str:
        fetcher = Fetcher(store, mirror_url=mirror_server.base_url, min_delay=0, **kw)
        try:
            return fetcher.fetch(f"http://{FAULT_HOST}{path}", source, role="article", jurisdiction="990000").reason or "ok"
        finally:
            fetcher.close()

    def robots_asked() -> list:
        return [r for r in mirror_server.log[start:] if r.host == FAULT_HOST and r.path == "/robots.txt"]

    assert crawl(f"{prefix}doc/a.html") == "ok"
    assert [(r.status, r.conditional) for r in robots_asked()] == [(200, False)]
    # a second crawl task: the answer from the index, the rules as fetched
    assert crawl(f"{prefix}doc/b.html") == "ok"
    assert crawl("/private/doc.html") == "robots_txt_disallow"
    assert len(robots_asked()) == 1
    assert not [r for r in mirror_server.log[start:] if r.path.startswith("/private/")]
    robots_rows = [r for r in store.iter_manifest() if r["role"] == "robots"]
    assert len(robots_rows) == 1  # no row for an answer not asked for
    # too old (here: any age is): revalidated, a 304, and the rules still hold
    assert crawl("/private/doc.html", robots_max_age=timedelta(0)) == "robots_txt_disallow"
    assert [(r.status, r.conditional) for r in robots_asked()] == [(200, False), (304, True)]
    assert [r["outcome"] for r in store.iter_manifest() if r["role"] == "robots"] == ["fetched", "unchanged"]
    # a live crawl of the same store does not take the mirror's answer
    key = origin_key(f"http://{FAULT_HOST}/", via_mirror=False)
    assert key not in fetch_memory(store).robots
