"""Per-host politeness shared by every fetcher crawling into one raw store, and cheap
revalidation: real HTTP against the mirror's fault host, gaps read from the mirror's log."""

from __future__ import annotations

import dataclasses
import threading

from extractors.crawl.fetch import Fetcher
from extractors.crawl.politeness import Delays
from extractors.rawstore import RawStore
from tests.crawl.fault_host import FAULT_HOST
from tests.crawl.faults_registry import fault_registry


def _times(server, paths: list[str]) -> list[float]:
    return sorted(r.at for r in server.log if r.host == FAULT_HOST and r.path in paths)


def _gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in zip(times, times[1:])]


def test_two_fetchers_on_one_raw_store_share_the_host_delay(tmp_path, mirror_server):
    """Two workers (two Fetchers, nothing shared in memory) crawling one host at once are
    spaced as one: the delay holds between all their requests, not within each."""
    registry, prefix = fault_registry(tmp_path)
    source = registry.source("faults")
    store_dir = tmp_path / "raw"
    paths = {w: [f"{prefix}doc/shared-{w}-{i}.html" for i in range(3)] for w in ("a", "b")}
    outcomes: list[str] = []

    def worker(name: str) -> None:
        fetcher = Fetcher(RawStore(store_dir), mirror_url=mirror_server.base_url, min_delay=0.3)
        for p in paths[name]:
            outcomes.append(fetcher.fetch(f"http://{FAULT_HOST}{p}", source, role="article", jurisdiction="990000").outcome)

    threads = [threading.Thread(target=worker, args=(w,)) for w in paths]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes == ["fetched"] * 6
    gaps = _gaps(_times(mirror_server, paths["a"] + paths["b"]))
    assert len(gaps) == 5 and all(g >= 0.28 for g in gaps), gaps


def test_revalidations_after_a_304_wait_the_revalidation_delay_first_fetches_the_full_one(tmp_path, mirror_server):
    registry, prefix = fault_registry(tmp_path)
    base = registry.source("faults")
    source = dataclasses.replace(base, politeness=dataclasses.replace(base.politeness, min_delay=0.5, revalidate_delay=0.05))
    paths = [f"{prefix}doc/reval-{i}.html" for i in range(4)]
    urls = [f"http://{FAULT_HOST}{p}" for p in paths]
    store = RawStore(tmp_path / "raw")

    first = Fetcher(store, mirror_url=mirror_server.base_url)
    assert [first.fetch(u, source, role="article", jurisdiction="990000").outcome for u in urls] == ["fetched"] * 4
    first_gaps = _gaps(_times(mirror_server, paths))
    assert all(g >= 0.48 for g in first_gaps), first_gaps

    again = Fetcher(store, mirror_url=mirror_server.base_url)  # a re-run: validators from the manifest
    assert [again.fetch(u, source, role="article", jurisdiction="990000").outcome for u in urls] == ["unchanged"] * 4
    second = _times(mirror_server, paths)[4:]
    gaps = _gaps(second)
    # the first revalidation follows a full fetch (full delay); the ones after a 304 do not wait it
    assert all(g < 0.3 for g in gaps[1:]), gaps


def test_delays_take_the_override_and_never_go_below_robots_crawl_delay():
    assert Delays.for_source(1.0, 0.2, None, None) == Delays(1.0, 0.2)
    assert Delays.for_source(1.0, None, None, None) == Delays(1.0, 1.0)  # not allowed: revalidations wait too
    assert Delays.for_source(1.0, 0.2, 0.0, None) == Delays(0.0, 0.0)  # GOVWORK_MIN_DELAY=0
    assert Delays.for_source(1.0, 0.2, None, 0.5) == Delays(1.0, 0.5)  # robots.txt Crawl-delay: 0.5
    assert Delays.for_source(1.0, 0.2, None, 3) == Delays(1.0, 1.0)
