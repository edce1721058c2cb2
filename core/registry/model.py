"""The registry's record types: jurisdictions and the sources their documents come from.

Plain frozen dataclasses, built once by ``core.registry.loader`` from YAML and then
only read (by the crawler, the warehouse's jurisdiction dimension, the DAG generator).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from core.errors import RegistryError

Level = Literal["province", "city", "county"]
LEVELS: tuple[str, ...] = ("province", "city", "county")


@dataclass(frozen=True)
class Politeness:
    min_delay: float  # seconds between two requests to one host
    timeout: float  # connect and read timeout, seconds
    max_bytes: int  # size cap of one response body
    user_agent: str
    retries: int  # extra attempts on 5xx and connection errors
    backoff: float  # urllib3 backoff factor: sleeps backoff * 2**(n-1)
    deadline: float = 120.0  # a whole fetch (redirects, retries, a trickling body) ends by then, seconds


@dataclass(frozen=True)
class Pagination:
    """How to reach page 2.. of a listing: a URL pattern (``list_{n}.shtml``, numbered from
    ``first``) and/or the text of a "next page" link. ``page_count`` is a regex whose
    first group is the number of pages the listing declares (TRS ``createPageHTML(3,...``)."""

    pattern: str | None = None
    first: int = 2
    next_text: tuple[str, ...] = ()
    page_count: str | None = None
    max_pages: int = 5


@dataclass(frozen=True)
class Listing:
    url: str
    kinds: tuple[str, ...]  # document kinds this listing may hold
    item_selector: str = "a[href]"  # CSS selector of the candidate links
    pagination: Pagination | None = None


@dataclass(frozen=True)
class CandidateRule:
    """A link whose (normalised) title matches any pattern is a candidate of ``kind``.
    Rules are tried in order, so 解读 is checked before 分解 before 政府工作报告."""

    kind: str
    patterns: tuple[str, ...]


def classify_title(title: str, candidates: tuple[CandidateRule, ...], exclude: tuple[str, ...]) -> str | None:
    """The kind of document a (normalised) link title announces under these rules, or None:
    an exclusion wins, then the first candidate rule with a matching pattern."""
    if any(re.search(p, title) for p in exclude):
        return None
    for rule in candidates:
        if any(re.search(p, title) for p in rule.patterns):
            return rule.kind
    return None


@dataclass(frozen=True)
class ArticleRules:
    """How to read an article page. Selectors are CSS, tried in order; ``fields`` maps
    publish_date / written_date / issuer / doc_number to regexes whose first group is the
    value, tried on the metadata block, then the title, then the head of the body."""

    title: tuple[str, ...]
    body: tuple[str, ...]
    meta: tuple[str, ...]
    fields: dict[str, tuple[str, ...]]
    attachment_selector: str
    attachment_href: str  # regex on the link's path: what counts as an attachment


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    base_url: str
    allowed_hosts: tuple[str, ...]
    listings: tuple[Listing, ...]
    candidates: tuple[CandidateRule, ...]
    exclude: tuple[str, ...]  # title patterns that are never candidates (图解, 视频, ...)
    article: ArticleRules
    politeness: Politeness
    encoding: str | None = None  # hint when a page declares nothing usable
    years: tuple[int, ...] = ()  # years this source is known to cover (coverage view)
    note: str | None = None
    # Live crawls refuse private, loopback and link-local addresses unless this is set
    # (an intranet portal, a staging copy given with --base-url).
    allow_private_addresses: bool = False

    def classify(self, title: str) -> str | None:
        """The kind of document a (normalised) link title announces, or None."""
        return classify_title(title, self.candidates, self.exclude)


@dataclass(frozen=True)
class Jurisdiction:
    code: str  # GB/T 2260
    name: str
    short_name: str
    level: Level
    parent_code: str | None
    sources: tuple[Source, ...] = ()


@dataclass
class Registry:
    jurisdictions: list[Jurisdiction]
    # The default title rules (``_defaults.yaml``), for documents that come without a source
    # (the manual inbox).
    candidates: tuple[CandidateRule, ...] = ()
    exclude: tuple[str, ...] = ()
    _by_code: dict[str, Jurisdiction] = field(default_factory=dict, repr=False)
    _by_source: dict[str, tuple[Jurisdiction, Source]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_code = {j.code: j for j in self.jurisdictions}
        self._by_source = {s.id: (j, s) for j in self.jurisdictions for s in j.sources}

    def classify(self, title: str) -> str | None:
        """The kind a (normalised) title announces under the default rules, or None."""
        return classify_title(title, self.candidates, self.exclude)

    def find(self, code: str) -> Jurisdiction | None:
        return self._by_code.get(code)

    def get(self, code: str) -> Jurisdiction:
        j = self._by_code.get(code)
        if j is None:
            raise RegistryError(f"unknown jurisdiction {code!r}: no registry entry with that code")
        return j

    def sources_for(self, code: str) -> list[Source]:
        return list(self.get(code).sources)

    def source(self, source_id: str) -> Source:
        try:
            return self._by_source[source_id][1]
        except KeyError:
            raise RegistryError(f"unknown source {source_id!r}") from None

    def children(self, code: str) -> list[Jurisdiction]:
        return [j for j in self.jurisdictions if j.parent_code == code]

    def ancestors(self, code: str) -> list[Jurisdiction]:
        """Parent, grandparent, ... of a jurisdiction (nearest first)."""
        out, j = [], self.get(code)
        while j.parent_code:
            j = self.get(j.parent_code)
            out.append(j)
        return out

    def province_of(self, code: str) -> Jurisdiction:
        j = self.get(code)
        return ([j] + self.ancestors(code))[-1]

    def coverage(self) -> list[tuple[str, str, int]]:
        """(jurisdiction code, source id, year) for every year a source says it covers."""
        return [(j.code, s.id, y) for j in self.jurisdictions for s in j.sources for y in s.years]
