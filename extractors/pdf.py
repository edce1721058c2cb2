"""PDF attachments → a ``Section``: text lines in reading order, and tables as rows of cells.

What a parser gets from a PDF (``pdf_section``):

- ``lines``: page by page, top to bottom, the text outside tables — a paragraph's
  wrapped lines rejoined into one line — and one line per table row with its cells
  joined by tabs (the same shape as a tab-separated capture of the table, so a table
  parser reads a PDF annex and a text capture alike). Page numbers in the top or
  bottom margin (``— 3 —``, ``第3页``) are left out.
- ``tables``: each table as rows of cells, the header row first. A table that goes on
  over several pages is one table:
  * the header row the PDF repeats at the top of each page is kept once;
  * a row split by a page break is merged back into one row (its continuation starts
    the next page with an empty first cell, the 序号);
  * a cell merged over several rows gives its text in the first row and ``None`` in the
    rows below, so a parser can tell "continues the cell above" from an empty cell;
  * cell text has the PDF's line wraps rejoined without adding anything: the text is
    the characters the PDF draws, spaces and ideographic spaces included. (Whitespace
    a renderer leaves undrawn at a wrap — LibreOffice drops the part of ``　　`` that
    overflows the cell — is not in the PDF, so names can come out run together, as
    they already are in many sources: splitting them is the parser's job.)
  * a page that starts inside a merged cell draws it empty; when that cell spans more
    than one row there, its first row is given as ``None`` too (a one-row remainder
    cannot be told from an empty cell and stays ``""``).
- ``table_lines``: per table, per row, the 1-based line of ``lines`` holding that row.

Text is taken from the characters' positions, never with spaces guessed between CJK
characters (pdfplumber's gap-based spacing turns ``2018年`` into ``2018 年``).

Bytes that are not a readable PDF raise ``UnreadableInputError``; an encrypted PDF or one
without a text layer raises ``ParseError``. Nothing from pdfminer/pdfplumber escapes.
"""

from __future__ import annotations

import io
import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from statistics import median

from extractors.source_text import Row, Section, Table
from core.errors import GovworkError, ParseError, UnreadableInputError

PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024  # the header may follow some junk, as readers allow
PAGE_NUMBER = re.compile(r"^\s*(?:[—–\-－~·]*\s*\d{1,4}\s*[—–\-－~·]*|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?)\s*$")
MARGIN_SHARE = 0.08  # page numbers live in the top/bottom 8% of the page


def pdf_section(data: bytes, name: str) -> Section:
    """Read a PDF's text lines and tables (see the module docstring)."""
    if not isinstance(data, (bytes, bytearray)) or PDF_MAGIC not in bytes(data[:MAGIC_WINDOW]):
        raise UnreadableInputError(f"{name}: not a PDF (no %PDF- header)", reason="not_pdf")
    try:
        pages = _read_pages(bytes(data))
    except GovworkError:
        raise
    except _NoPageTree as exc:
        raise UnreadableInputError(f"{name}: unreadable PDF (no page tree)", reason="pdf_unreadable") from exc
    except Exception as exc:  # pdfminer raises anything at all on malformed files
        if _is_encryption_error(exc):
            raise ParseError(f"{name}: the PDF is encrypted and cannot be opened", reason="pdf_encrypted") from exc
        raise UnreadableInputError(f"{name}: unreadable PDF ({type(exc).__name__}: {exc})"[:300], reason="pdf_unreadable") from exc
    if not pages:
        raise ParseError(f"{name}: the PDF has no pages", reason="pdf_empty")
    section = _assemble(pages, name)
    if not any(line.strip() for line in section.lines):
        raise ParseError(f"{name}: the PDF has no text layer (scanned?)", reason="pdf_no_text")
    return section


def _is_encryption_error(exc: BaseException) -> bool:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, (PDFEncryptionError, PDFPasswordIncorrect)):
            return True
        e = e.__cause__ or e.__context__
    return False


# --- one page: text lines and table segments, top to bottom ------------------------------


@dataclass
class _Segment:
    """The part of a table drawn on one page."""

    rows: list[Row]
    ncols: int


@dataclass
class _Line:
    """One visual line of text outside tables, with where it sits on the page."""

    text: str
    top: float
    x0: float
    x1: float
    size: float


@dataclass
class _Page:
    items: list[tuple[float, _Line | _Segment]] = field(default_factory=list)  # (top, item)


class _NoPageTree(Exception):
    """The catalog has no page tree: a broken file, not an empty document."""


def _read_pages(data: bytes) -> list[_Page]:
    import pdfplumber
    from pdfminer.pdftypes import resolve1

    out = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if not isinstance(resolve1(pdf.doc.catalog.get("Pages")), dict):
            raise _NoPageTree()
        for page in pdf.pages:
            out.append(_read_page(page))
            page.close()  # drop the page's cached objects; annexes can be long
    return out


def _unique_chars(chars: list[dict]) -> list[dict]:
    """pdfplumber's ``dedupe_chars`` (the default: a character drawn again with the same text,
    upright, font and size within 1 pt is dropped, the first in (doctop, x0) order kept),
    in page order. Its own version clusters every group of equal characters and every line
    of each, most of them a single character (on the Gansu 2018 annex ~19,600 clusterings
    for ~15,400 characters, a tenth of reading the PDF), and puts the result back in page
    order with a linear ``list.index`` per character; here a lone character is kept as it
    is (~1,000 clusterings left), and the order
    comes from a table of positions (by identity: the first of equal dicts, as
    ``list.index`` finds it)."""
    from pdfplumber.utils.clustering import cluster_objects  # imported with pdfplumber, on first PDF

    key = itemgetter("upright", "text", "fontname", "size")
    position = itemgetter("doctop", "x0")
    kept = []
    for _, group in groupby(sorted(chars, key=key), key=key):
        group = list(group)
        if len(group) == 1:
            kept.append(group[0])
            continue
        for y_cluster in cluster_objects(group, itemgetter("doctop"), 1):
            if len(y_cluster) == 1:  # the same character on another line: nothing to cluster
                kept.append(y_cluster[0])
                continue
            for x_cluster in cluster_objects(y_cluster, itemgetter("x0"), 1):
                kept.append(min(x_cluster, key=position))  # sorted(...)[0]: the first of the least
    order: dict[int, int] = {}
    for n, c in enumerate(chars):
        order.setdefault(id(c), n)
    return sorted(kept, key=lambda c: order[id(c)])


def _read_page(page) -> _Page:
    chars = [c for c in _unique_chars(page.chars) if c.get("upright", True)]
    result = _Page()
    in_table: set[int] = set()
    for table in page.find_tables():
        x0, top, x1, bottom = table.bbox
        inside = [c for c in chars if x0 <= _cx(c) <= x1 and top <= _cy(c) <= bottom]
        in_table.update(id(c) for c in inside)
        in_cell = _CellFinder(inside)
        rows: list[Row] = []
        for row in table.rows:
            cells: Row = []
            for cell in row.cells:
                if cell is None:
                    cells.append(None)
                    continue
                cells.append("".join(line.text for line in _visual_lines(in_cell(cell))))  # wraps rejoined
            rows.append(cells)
        if rows:
            result.items.append((top, _Segment(rows, max(len(r) for r in rows))))
    free = [c for c in chars if id(c) not in in_table]
    height = float(page.height)
    for line in _visual_lines(free):
        in_margin = line.top < height * MARGIN_SHARE or line.top > height * (1 - MARGIN_SHARE)
        if in_margin and PAGE_NUMBER.match(line.text):
            continue
        result.items.append((line.top, line))
    result.items.sort(key=lambda item: item[0])
    return result


class _CellFinder:
    """The characters whose centre lies in a cell, in the order given: found through the
    characters sorted by vertical centre (a row's band) instead of a scan of the whole
    table per cell."""

    def __init__(self, chars: list[dict]):
        self._chars = chars
        order = sorted(range(len(chars)), key=lambda n: _cy(chars[n]))
        self._cys = [_cy(chars[n]) for n in order]
        self._cxs = [_cx(c) for c in chars]  # once per character, not once per cell in its band
        self._order = order

    def __call__(self, cell) -> list[dict]:
        cx0, ctop, cx1, cbottom = cell
        band = self._order[bisect_left(self._cys, ctop):bisect_right(self._cys, cbottom)]
        cxs = self._cxs
        return [self._chars[n] for n in sorted(band) if cx0 <= cxs[n] <= cx1]


def _cx(c) -> float:
    return (c["x0"] + c["x1"]) / 2


def _cy(c) -> float:
    return (c["top"] + c["bottom"]) / 2


def _visual_lines(chars) -> list[_Line]:
    """Group characters into visual lines (by vertical position), each read left to right."""
    groups: list[list] = []
    # The last group's tops and heights kept sorted, so each character compares with their
    # medians without sorting the group again (statistics.median per character was a third
    # of this function on the Gansu 2018 annex). Tops arrive in order; heights are inserted.
    tops: list[float] = []
    sizes: list[float] = []
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if groups and abs(c["top"] - _sorted_median(tops)) <= max(1.0, 0.5 * _sorted_median(sizes)):
            groups[-1].append(c)
            tops.append(c["top"])
            insort(sizes, c["bottom"] - c["top"])
            continue
        groups.append([c])
        tops, sizes = [c["top"]], [c["bottom"] - c["top"]]
    out = []
    for group in groups:
        group.sort(key=lambda c: c["x0"])
        text = _join_chars(group)
        if text.strip():
            drawn = [c for c in group if not c["text"].isspace()] or group
            out.append(_Line(text, min(c["top"] for c in group), min(c["x0"] for c in drawn),
                             max(c["x1"] for c in drawn), median(c["bottom"] - c["top"] for c in group)))
    return out


def _sorted_median(values: list[float]) -> float:
    """``statistics.median`` of a list already sorted: the same value, without the sort."""
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def _is_wide(ch: str) -> bool:
    """CJK ideographs, kana, CJK and full-width punctuation: no spaces between these."""
    return ord(ch) >= 0x2E80


def _join_chars(line) -> str:
    """The characters of one visual line. A space is added only between two narrow
    (Latin) characters drawn a word-gap apart, for PDFs that position words instead of
    drawing spaces; spaces the PDF draws are kept as they are."""
    parts = [line[0]["text"]]
    for prev, c in zip(line, line[1:]):
        gap = c["x0"] - prev["x1"]
        size = max(c.get("size") or 0.0, 1.0)
        a, b = prev["text"][-1:], c["text"][:1]
        if (gap > 0.25 * size and a and b and not a.isspace() and not b.isspace()
                and not _is_wide(a) and not _is_wide(b)):
            parts.append(" ")
        parts.append(c["text"])
    return "".join(parts)


# --- pages → section: tables joined over page breaks -------------------------------------


def _assemble(pages: list[_Page], name: str) -> Section:
    entries: list[_Line | tuple[int, int]] = []  # a text line, or (table index, row index)
    tables: list[Table] = []
    open_table: int | None = None  # the table the next page may continue
    for page in pages:
        for n, (_, item) in enumerate(page.items):
            if isinstance(item, _Line):
                entries.append(item)
                open_table = None
                continue
            continues = (n == 0 and open_table is not None
                         and _width(tables[open_table]) == item.ncols)
            if continues:
                first_new = _append_continuation(tables[open_table], item.rows)
                entries.extend((open_table, r) for r in range(first_new, len(tables[open_table])))
            else:
                tables.append([list(r) for r in item.rows])
                open_table = len(tables) - 1
                entries.extend((open_table, r) for r in range(len(item.rows)))
    entries = _join_wrapped_lines(entries)
    lines: list[str] = []
    table_lines: list[list[int]] = [[0] * len(t) for t in tables]
    for entry in entries:
        if isinstance(entry, _Line):
            lines.append(entry.text)
        else:
            t, r = entry
            lines.append("\t".join(cell or "" for cell in tables[t][r]))
            table_lines[t][r] = len(lines)
    return Section(name=name, lines=lines, tables=tables, table_lines=table_lines)


def _join_wrapped_lines(entries: list) -> list:
    """Rejoin the visual lines of a paragraph: a line that runs (nearly) to the right margin is
    continued by the next one when that starts at the left margin (no indent) in the
    same size; on the same page the next line must also follow closely. Nothing is put
    between CJK characters; a space goes between two Latin words."""
    text_lines = [e for e in entries if isinstance(e, _Line)]
    if not text_lines:
        return entries
    left = min(line.x0 for line in text_lines)
    right = max(line.x1 for line in text_lines)
    out: list = []
    for entry in entries:
        prev = out[-1] if out else None
        if (isinstance(entry, _Line) and isinstance(prev, _Line)
                and prev.x1 >= right - 2.2 * prev.size  # kinsoku may push one character down
                and entry.x0 <= left + 0.5 * entry.size
                and abs(entry.size - prev.size) < 0.5
                and (entry.top <= prev.top or entry.top - prev.top <= 2.2 * prev.size)):
            a, b = prev.text[-1:], entry.text[:1]
            glue = " " if a.isascii() and a.isalnum() and b.isascii() and b.isalnum() else ""
            out[-1] = _Line(prev.text + glue + entry.text, entry.top, prev.x0, entry.x1, entry.size)
        else:
            out.append(entry)
    return out


def _width(table: Table) -> int:
    return max(len(r) for r in table)


def _append_continuation(table: Table, rows: list[Row]) -> int:
    """Add the rows a new page draws of ``table``; return the index of the first row
    added as a new row (rows before it were folded into existing ones)."""
    rows = [list(r) for r in rows]
    if rows and len(table) > 0 and _same_text(rows[0], table[0]):
        rows = rows[1:]  # the header row repeated on this page
    first_new = len(table)
    if rows and rows[0] and rows[0][0] == "" and len(table) > 1:
        _fold_into(table[-1], rows.pop(0))  # a row split by the page break
        first_new = len(table)
    elif rows and len(rows) > 1:
        _mark_continued_spans(rows)
    table.extend(rows)
    return first_new


def _same_text(a: Row, b: Row) -> bool:
    return [c or "" for c in a] == [c or "" for c in b]


def _fold_into(row: Row, tail: Row) -> None:
    for i, piece in enumerate(tail):
        if i >= len(row):
            row.append(piece)
        elif piece:  # "" or None add nothing; a merged (None) cell stays None
            row[i] = (row[i] or "") + piece


def _mark_continued_spans(rows: list[Row]) -> None:
    """A page that starts with a new row may still be inside a merged cell that began
    on the page before: that cell is drawn empty over several rows. Mark its first row
    None as well (an empty cell spanning one row only cannot be told apart)."""
    first, second = rows[0], rows[1]
    for i, cell in enumerate(first):
        if cell == "" and i < len(second) and second[i] is None and i > 0:
            first[i] = None
