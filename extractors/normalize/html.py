"""HTML page → raw text lines (and tables), before text normalisation.

With a body selector (from the registry) only that element is read. Without one the
whole ``<body>`` is read after removing elements that are furniture by tag (nav, footer,
aside, script, ...) or by id/class (header, breadcrumb, share, comment, qrcode, footer,
...) — unless such an element holds most of the page's text (then it is the article in a
badly named wrapper). What furniture survives as text is removed line by line later
(``boilerplate.is_chrome``), exactly as for a plain-text capture, so a page and a text
capture of the same document converge on the same lines.

Line model: a ``<p>``, ``<div>``, ``<li>`` or ``<br>`` ends a line; headings, tables, ``<hr>``,
an empty ``<p>`` and ``<br><br>`` are blank lines (paragraph boundaries, never rejoined).
Portals and mirrors put one captured line per ``<p>``, breaks inside sentences included,
so ``<p>`` boundaries stay candidates for ``lines.rejoin_with_origins``, like text lines.
A ``<form>`` is kept: CMSs (VSB) wrap the whole article in one.

Tables become one line per row, cells joined by tabs (so line-based parsers can read
them) and are also returned as rows of cells; a cell covered by a row/colspan from
elsewhere is ``None``.
"""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag

_DROP_TAGS = ["script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
              "nav", "footer", "aside", "button", "input", "select", "textarea", "map"]
_DROP_SET = frozenset(_DROP_TAGS)
_CHROME_ATTR = re.compile(
    r"(^|[-_\s])(nav|navbar|menu|breadcrumbs?|crumbs?|position|location|share|bdshare|jiathis|"
    r"comments?|pinglun|reply|footer|foot|bottom|copyright|login|sidebar|side|qrcode|ewm|erweima|"
    r"print|toolbar|fontsize|font-size|zihao|related|xgwz|pager|topbar|site-header|top-header|top-links|"
    r"toplinks|skip|accessibility|wza)($|[-_\s\d])",
    re.I,
)
# Whole id/class tokens that are furniture only when they stand alone (article-header is not).
_CHROME_TOKENS = {"header", "head", "top", "banner", "logo", "masthead", "gov-header", "ztfw"}
_MAX_CHROME_SHARE = 0.4  # an element with more of the page's text than this is not furniture
_BLOCK = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
          "dl", "dt", "dd", "blockquote", "pre", "center", "address", "figure", "figcaption", "hr", "body",
          "tbody", "thead", "tfoot", "caption"}

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "hr", "caption"}

Table = list[list[str | None]]


def _is_chrome(tag: Tag) -> bool:
    if tag.name in ("html", "body"):
        return False
    tokens = [t for t in [tag.get("id") or "", *(tag.get("class") or [])] if t]
    if any(t.lower() in _CHROME_TOKENS for t in tokens):
        return True
    return bool(tokens and _CHROME_ATTR.search(" ".join(tokens)))


def _cell_text(cell: Tag) -> str:
    parts = []
    for node in cell.descendants:
        if isinstance(node, NavigableString):
            parts.append(str(node))
        elif node.name == "br":
            parts.append(" ")
    return re.sub(r"\s+", " ", "".join(parts)).strip()


_MAX_SPAN = 100  # a colspan="10000" typo must not make a 10000-cell row


def _span(cell: Tag, attr: str) -> int:
    value = str(cell.get(attr, "1")).strip()
    return min(max(int(value), 1), _MAX_SPAN) if value.isdigit() else 1


def _table_rows(table: Tag) -> Table:
    """Rows of cells with row/colspans expanded: covered positions are None."""
    rows: Table = []
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan above
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        row: list[str | None] = []
        col = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while pending.get(col, 0) > 0:
                row.append(None)
                pending[col] -= 1
                col += 1
            row.append(_cell_text(cell))
            span = _span(cell, "rowspan")
            cols = _span(cell, "colspan")
            if span > 1:
                pending[col] = span - 1
            for extra in range(1, cols):
                row.append(None)
                if span > 1:
                    pending[col + extra] = span - 1
            col += cols
        while pending.get(col, 0) > 0:
            row.append(None)
            pending[col] -= 1
            col += 1
        rows.append(row)
    return rows


_LONG_CELL = 300


def is_layout_table(table: Tag) -> bool:
    """A table used for page layout (the article sits in a cell) rather than data: it holds
    another table, has a single column, or a cell with long text in several paragraphs.
    Word-exported data tables wrap each cell's text in one <p>; that stays a data table."""
    if table.find("table") is not None:
        return True
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    widths = [len(tr.find_all(["td", "th"], recursive=False)) for tr in rows]
    if not rows or max(widths, default=0) <= 1:
        return True
    for cell in table.find_all(["td", "th"]):
        blocks = cell.find_all(["p", "div", "br"])
        if len(blocks) > 2 and len(cell.get_text(strip=True)) > _LONG_CELL:
            return True
    return False


def _hidden(tag: Tag) -> bool:
    style = (tag.get("style") or "").replace(" ", "").lower()
    return tag.has_attr("hidden") or "display:none" in style or "visibility:hidden" in style


class _Walker:
    def __init__(self) -> None:
        self.lines: list[str | None] = []
        self.current: list[str] = []
        self.tables: list[Table] = []
        self.table_lines: list[list[int]] = []  # index into self.lines, fixed up later

    def blank(self) -> None:
        if self.lines and self.lines[-1] is not None:
            self.lines.append(None)

    def flush(self, blank: bool = False) -> None:
        """End the current line; <br><br> (an empty piece between pieces) is a blank line."""
        pieces = "".join(self.current).split("\n")
        self.current = []
        for i, piece in enumerate(pieces):
            if piece.strip():
                self.lines.append(piece)
            elif 0 < i < len(pieces) - 1:
                self.blank()
        if blank:
            self.blank()

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if child.__class__.__name__ in ("Comment", "Doctype", "Declaration", "ProcessingInstruction"):
                    continue
                self.current.append(re.sub(r"[\r\n]+", " ", str(child)))
                continue
            if not isinstance(child, Tag):
                continue
            if child.name == "br":
                self.current.append("\n")
            elif child.name == "table" and is_layout_table(child):
                self.flush(blank=True)
                self.walk(child)  # cells read as blocks, like divs
                self.flush(blank=True)
            elif child.name in ("tr", "td", "th") and child.find_parent("table") is not None:
                self.flush(blank=True)  # a layout cell is a block of its own (title cell, meta cell)
                self.walk(child)
                self.flush(blank=True)
            elif child.name == "table":
                self.flush(blank=True)
                rows = _table_rows(child)
                indexes = []
                for row in rows:
                    if any(c for c in row):
                        indexes.append(len(self.lines))
                        self.lines.append("\t".join(c or "" for c in row))
                    else:
                        indexes.append(-1)
                self.tables.append(rows)
                self.table_lines.append(indexes)
                self.lines.append(None)
            elif child.name in _HEADINGS:
                self.flush(blank=True)
                self.walk(child)
                self.flush(blank=True)
            elif child.name in _BLOCK:
                self.flush()
                before = len(self.lines)
                self.walk(child)
                self.flush()
                if child.name == "p" and len(self.lines) == before:
                    self.blank()  # <p></p>, <p>&nbsp;</p>: a paragraph break
            else:
                self.walk(child)


def parse_html(html: str | bytes, body_selector: str | None = None) -> tuple[BeautifulSoup, Tag | None]:
    """The soup and the element to read: the selector's first match (None if it matches
    nothing or is not valid CSS), else ``<body>``."""
    with warnings.catch_warnings():
        # We only ever pass a page, never a file name: a short page that looks like one is still a page.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "lxml")
    if body_selector:
        try:
            return soup, soup.select_one(body_selector)
        except Exception:  # noqa: BLE001 - soupsieve's SelectorSyntaxError and friends
            return soup, None
    return soup, soup.body or soup


def html_to_raw_lines(
    html: str, body_selector: str | None = None
) -> tuple[list[str | None], list[Table], list[list[int]], str | None]:
    """Raw lines (None = paragraph break), tables, each table row's index into the lines
    (-1 for an empty row), and the page <title>."""
    soup, root = parse_html(html, body_selector)
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    if root is None:
        return [], [], [], title
    # root.descendants filtered here is what find_all gives, without bs4's matching machinery
    for tag in [t for t in root.descendants if isinstance(t, Tag) and t.name in _DROP_SET]:
        tag.decompose()
    for tag in [t for t in root.descendants if isinstance(t, Tag) and _hidden(t)]:
        if not tag.decomposed:
            tag.decompose()
    if not body_selector:
        total = len(root.get_text(strip=True)) or 1
        for tag in [t for t in root.descendants if isinstance(t, Tag) and _is_chrome(t)]:
            if not tag.decomposed and len(tag.get_text(strip=True)) <= _MAX_CHROME_SHARE * total:
                tag.decompose()
    walker = _Walker()
    walker.walk(root)
    walker.flush()
    return walker.lines, walker.tables, walker.table_lines, title
