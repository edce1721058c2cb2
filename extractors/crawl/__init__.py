"""The crawler (extract stage): listing pages → candidate documents → raw store.

Modules: ``fetch`` (the polite HTTP fetcher), ``antibot`` (challenge pages), ``listing``
(walk listings, pick candidates), ``article`` (read an article page), ``inbox`` (files
dropped by hand), ``run`` (``run_crawl``, the stage itself).
"""

from extractors.crawl.run import COUNT_KEYS, CrawlReport, run_crawl

__all__ = ["COUNT_KEYS", "CrawlReport", "run_crawl"]
