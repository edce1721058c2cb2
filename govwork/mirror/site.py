"""The snapshot's sites, built in memory from data when the server starts.

Each ``mirror/spec/<host>.yaml`` is one site: how it answers (charset, validators, an
anti-bot challenge, robots.txt), its listing pages and rows, and its articles (which text
file, which lines go into which page region, attachments). ``mirror/templates/`` holds one
template per CMS dialect (Hanweb, TRS, VSB, plain HTML), so a new jurisdiction's pages are
data files only. Texts are the project's fixtures under ``mirror/texts/``; a text written
``shared:PATH`` is read from ``../shared`` at start-up and its page (and listing row) is
simply absent when that file is not there (third-party material is never committed).
"""

from __future__ import annotations

import hashlib
import html
import posixpath
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs

import jinja2
import yaml

from core.config import REPO_ROOT
from core.errors import ConfigError
from govwork.mirror.paths import MIRROR_ROOT, shared_dir

DEFAULT_LAST_MODIFIED = "2026-02-12T08:00:00Z"
HANWEB_PROXY = "/module/web/jpage/dataproxy.jsp"

_CONTENT_TYPES = {
    ".html": "text/html", ".htm": "text/html", ".shtml": "text/html", ".jsp": "text/xml", ".txt": "text/plain",
    ".pdf": "application/pdf", ".doc": "application/msword", ".ceb": "application/octet-stream",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Site:
    host: str
    cms: str
    charset: str | None  # what headers and <meta> declare
    index: str
    last_modified: str  # HTTP date
    last_modified_ts: float
    etag: bool
    challenge: bytes | None = None
    files: dict[str, bytes] = field(default_factory=dict)  # URL path -> bytes as served
    aliases: dict[str, Path] = field(default_factory=dict)  # URL path -> a file of the project
    proxy: dict[str, tuple[list[dict], dict]] = field(default_factory=dict)  # hanweb columnid -> (rows, listing)
    render_proxy: Callable[[dict, list[dict], int], bytes] | None = None  # Hanweb datastore XML
    articles: list[dict] = field(default_factory=list)  # article specs served (texts present), for tests

    def content_type(self, path: str) -> str:
        ctype = _CONTENT_TYPES.get(posixpath.splitext(path)[1].lower(), "application/octet-stream")
        if ctype.startswith("text/") and not path.endswith("robots.txt") and self.charset:
            return f"{ctype}; charset={self.charset}"
        return ctype

    def answer(self, path: str, query: str) -> tuple[bytes, str] | None:
        """(body, content type) for a GET, or None for a 404. Paths never reach the disk
        except through an alias, so nothing outside the snapshot can be served."""
        if path == HANWEB_PROXY and self.proxy:
            q = parse_qs(query)
            column = (q.get("columnid") or [""])[0]
            if column not in self.proxy:
                return None
            try:
                start = max(1, int((q.get("startrecord") or ["1"])[0]))
                end = int((q.get("endrecord") or [str(start + 44)])[0])
            except ValueError:
                return None
            rows, listing = self.proxy[column]
            return self.render_proxy(listing, rows[start - 1:end], len(rows)), "text/xml; charset=utf-8"
        if path == "" or path.endswith("/"):
            path += self.index
        if path in self.files:
            return self.files[path], self.content_type(path)
        if path in self.aliases and self.aliases[path].is_file():
            return self.aliases[path].read_bytes(), self.content_type(path)
        return None


def load_sites(root: Path = MIRROR_ROOT, shared: Path | None = None) -> dict[str, Site]:
    # autoescape off: regions arrive escaped line by line; templates escape the rest with |e
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(root / "templates"), autoescape=False,
                             keep_trailing_newline=True)
    sites = {}
    for spec_file in sorted((root / "spec").glob("*.yaml")):
        try:
            spec = yaml.safe_load(spec_file.read_text(encoding="utf-8"))
            site = _build(spec, root, shared or shared_dir(), env)
        except (OSError, yaml.YAMLError, KeyError, ValueError, jinja2.TemplateError) as exc:
            raise ConfigError(f"mirror spec {spec_file.name}: {type(exc).__name__}: {exc}") from None
        sites[site.host] = site
    return sites


def _build(spec: dict, root: Path, shared: Path, env: jinja2.Environment) -> Site:
    lm = datetime.fromisoformat(str(spec.get("last_modified", DEFAULT_LAST_MODIFIED)).replace("Z", "+00:00"))
    charset = spec.get("charset")
    encoding = spec.get("encoding") or charset or "utf-8"
    site = Site(
        host=spec["host"], cms=spec.get("cms", "html"), charset=charset, index=spec.get("index", "index.html"),
        last_modified=format_datetime(lm, usegmt=True), last_modified_ts=lm.timestamp(),
        etag="etag" in spec.get("validators", ["etag", "last_modified"]),
    )
    if spec.get("challenge"):
        site.challenge = (root / "templates" / spec["challenge"]).read_bytes()
        return site
    info = spec.get("site") or {}
    if spec.get("robots"):
        site.files["/robots.txt"] = spec["robots"].encode("ascii")
    site.aliases = {p: REPO_ROOT / f for p, f in (spec.get("files") or {}).items()}
    served: set[str] = set()
    for art in spec.get("articles") or []:
        lines = _text_lines(art["text"], root, shared)
        if lines is None:
            continue  # third-party text absent: no page, and no listing row pointing at it
        regions = {name: _region(lines, r, art.get("links") or {}) for name, r in art["regions"].items()}
        template = env.get_template(f"{art.get('template', site.cms)}_article.html.j2")
        page = {"fields": {}, "attachments": [], **art}
        text = template.render(page=page, r=regions, site=info, charset=charset or encoding)
        site.files[art["path"]] = text.encode(encoding)
        site.articles.append(art)
        served.add(art["path"])
    unavailable = {a["path"] for a in spec.get("articles") or []} - served
    for listing in spec.get("listings") or []:
        rows = [_row(r) for r in listing["rows"]]
        rows = [r for r in rows if r["href"] not in unavailable]
        _render_listing(site, env, info, listing, rows, charset or encoding, encoding)
    return site


def _render_listing(site: Site, env, info: dict, listing: dict, rows: list[dict], charset: str, encoding: str) -> None:
    cms = listing.get("template", site.cms)
    template = env.get_template(f"{cms}_list.html.j2")
    path = listing["path"]
    if cms == "hanweb":
        store = env.get_template("hanweb_datastore.xml.j2")
        first = rows[: listing.get("first_page", len(rows))]
        datastore = store.render(listing=listing, rows=first, total=len(rows), site=info)
        site.files[path] = template.render(listing=listing, datastore=datastore, site=info, charset=charset).encode(encoding)
        site.proxy[str(listing["column"])] = (rows, listing)
        site.render_proxy = lambda lst, part, total: (
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<datastore>\n"
            + store.render(listing=lst, rows=part, total=total, site=info) + "\n</datastore>\n"
        ).encode("utf-8")
        return
    per = listing.get("per_page") or max(1, len(rows))
    chunks = [rows[i:i + per] for i in range(0, len(rows), per)] or [[]]
    paths = _page_paths(cms, path, len(chunks))
    stem, ext = posixpath.splitext(posixpath.basename(path))
    listing = {"page_name": stem, "page_ext": ext.lstrip("."), **listing}
    for i, chunk in enumerate(chunks):
        here = paths[i]
        rel = lambda target: posixpath.relpath(target, posixpath.dirname(here)) if target else None  # noqa: E731
        for r in chunk:
            r["rel_href"] = r["href"] if cms == "hanweb" else ("./" + rel(r["href"]) if cms == "trs" else rel(r["href"]))
        text = template.render(
            listing=listing, rows=chunk, site=info, charset=charset, pages=len(chunks), page_index=i, page_no=i + 1,
            total=len(rows), prev=rel(paths[i - 1]) if i else None, next=rel(paths[i + 1]) if i + 1 < len(chunks) else None,
        )
        site.files[here] = text.encode(encoding)


def _page_paths(cms: str, path: str, n: int) -> list[str]:
    """Each dialect's URLs of pages 1..n: TRS index_1 is page 2; VSB counts down in a folder
    named after the list (wzjd/5.htm ... wzjd/1.htm); plain sites index_2, index_3 ..."""
    stem, ext = posixpath.splitext(path)
    if cms == "trs":
        return [path] + [f"{stem}_{k}{ext}" for k in range(1, n)]
    if cms == "vsb":
        return [path] + [f"{stem}/{n - k + 1}{ext}" for k in range(2, n + 1)]
    return [path] + [f"{stem}_{k}{ext}" for k in range(2, n + 1)]


def _row(r) -> dict:
    """A listing row: ``[date, title, href]`` or a mapping with those keys (and more)."""
    if isinstance(r, list):
        r = {"date": r[0], "title": r[1], "href": r[2]}
    return {**r, "date": str(r["date"])}


def _text_lines(ref: str, root: Path, shared: Path) -> list[str] | None:
    if ref.startswith("shared:"):
        path = shared / ref.removeprefix("shared:")
        if not path.is_file():
            return None
    else:
        path = root / "texts" / ref
    return path.read_text(encoding="utf-8").split("\n")


def _region(lines: list[str], spec, links: dict) -> str:
    """Lines first..last (1-based), one element each, HTML-escaped and otherwise unchanged;
    a link wraps the part of a line ``links`` names."""
    if isinstance(spec, list):
        spec = {"lines": spec}
    first, last = spec["lines"]
    tag = spec.get("tag", "p")
    out = []
    for number in range(first, last + 1):
        line = lines[number - 1]
        link = links.get(number)
        if link:
            text, href = link
            before, found, after = line.partition(text)
            if not found:
                raise ValueError(f"line {number} does not contain {text!r}")
            inner = f'{_esc(before)}<a href="{html.escape(href)}" target="_blank">{_esc(text)}</a>{_esc(after)}'
        else:
            inner = _esc(line)
        out.append(f"<{tag}>{inner}</{tag}>" if tag else inner)
    return "\n".join(out)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
