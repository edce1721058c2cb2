"""What ``read_article`` made of an article page, remembered by the page's text, so a page
the portal answers 304 for (a re-run, a forced run) is not read with BeautifulSoup again
(~10 ms a page here, most of a crawl task's own work when nothing changed).

The key holds everything a reading depends on: the decoded text, the source's article rules,
the page URL (attachment links are made absolute against it), the CMS and a fingerprint of
the reading code (the crawler's, and the normaliser and records it uses: the parse cache's
fingerprint covers those). The fetch itself is never skipped: only the reading of bytes the
portal said are unchanged, or that came before."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from pathlib import Path

from core.fingerprint import fingerprint
from core.registry.model import ArticleRules
from extractors.crawl.article import ArticleInfo
from extractors.parse_cache import ResultCache, code_fingerprint

CRAWL_DIR = Path(__file__).resolve().parent


@functools.cache
def reading_fingerprint() -> str:
    return code_fingerprint() + fingerprint(CRAWL_DIR, (".py", ".yaml"), {"__pycache__"})


class ArticleMemory:
    """``ArticleInfo`` by reading key, in a ``ResultCache`` (one SQLite file under ``root``);
    an unreadable cache is a miss, as for every remembered result."""

    def __init__(self, root: Path):
        self._cache = ResultCache(root)

    @staticmethod
    def key(html_text: str, rules: ArticleRules, page_url: str, cms: str) -> str:
        blob = json.dumps([hashlib.sha256(html_text.encode("utf-8", "surrogatepass")).hexdigest(), page_url, cms,
                           dataclasses.asdict(rules), reading_fingerprint()], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def get(self, key: str) -> ArticleInfo | None:
        found = self._cache.get(key)
        if found is None:
            return None
        try:
            return ArticleInfo(page_meta=dict(found["page_meta"]),
                               attachments=[(title, url) for title, url in found["attachments"]],
                               body_found=bool(found["body_found"]))
        except (KeyError, TypeError, ValueError):  # not a reading of ours: read the page again
            return None

    def put(self, key: str, info: ArticleInfo) -> None:
        self._cache.put(key, dataclasses.asdict(info))
