"""Word (.docx) and Excel (.xlsx) files → HTML, so that their paragraphs and tables go
through the very path a portal's HTML page takes (``normalize_html``: tables become
rows of cells with ``None`` under a merged cell, then the table-breakdown parser, which
inherits merged values). A .docx or .xlsx breakdown therefore gives the same records as
the same table published as a web page.

- .docx (python-docx's XML): body paragraphs and tables in document order, content
  controls (``w:sdt``) opened. A table cell's horizontal merge (``w:gridSpan``) becomes a
  ``colspan``, a vertical merge (``w:vMerge``: ``restart`` then continuing cells) a
  ``rowspan``; ``w:gridBefore`` an empty leading cell. A cell's paragraphs are joined by
  ``<br>``. Automatic list numbering (``w:numPr``) is written out as the document shows
  it for the common formats (1. 1、 (一) 一、 ①), since the number is not in the text.
- .xlsx (openpyxl, values not formulas): each visible sheet is a table; a merged range is
  a ``rowspan``/``colspan`` on its top-left cell. Rows above the header that hold one text
  only (the sheet's title, 附件1) become paragraphs before the table, as on a web page.

Anything the libraries raise on a damaged file becomes ``UnreadableInputError``.
"""

from __future__ import annotations

import datetime as dt
import html
import io

from core.errors import UnreadableInputError

MAX_ROWS = 20000  # a sheet with a million formatted rows is not a breakdown table
MAX_COLUMNS = 60
MAX_PARAGRAPHS = 200000


# --- .docx -------------------------------------------------------------------------------------


def docx_to_html(data: bytes, name: str) -> str:
    """A .docx file's body as HTML (see the module docstring)."""
    try:
        import docx  # noqa: PLC0415 - python-docx is only needed when a .docx arrives
        from docx.oxml.ns import qn  # noqa: PLC0415

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        numbering = _Numbering(document, qn)
        out: list[str] = []
        _walk_docx(body, qn, numbering, out)
    except UnreadableInputError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx/lxml/zipfile raise anything on a damaged file
        raise UnreadableInputError(f"{name}: unreadable Word file ({type(exc).__name__}: {exc})"[:300],
                                   reason="docx_unreadable") from exc
    return "<html><body>\n" + "\n".join(out) + "\n</body></html>"


def _walk_docx(element, qn, numbering: "_Numbering", out: list[str]) -> None:
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            if len(out) > MAX_PARAGRAPHS:
                raise UnreadableInputError("Word file with too many paragraphs", reason="too_large")
            text = numbering.prefix(child) + _paragraph_text(child, qn)
            out.append(f"<p>{_escape_lines(text)}</p>" if text.strip() else "<p></p>")
        elif child.tag == qn("w:tbl"):
            out.append(_docx_table(child, qn))
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
            _walk_docx(child, qn, numbering, out)


def _paragraph_text(p, qn) -> str:
    parts: list[str] = []
    for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


def _escape_lines(text: str) -> str:
    return "<br>".join(html.escape(line) for line in text.split("\n"))


def _attr(element, path: list[str], qn) -> str | None:
    """The w:val of a nested property (``["w:tcPr", "w:gridSpan"]``), None if absent; ""
    when the element is there without a value (``<w:vMerge/>`` means "continue")."""
    node = element
    for tag in path:
        node = node.find(qn(tag)) if node is not None else None
    if node is None:
        return None
    return node.get(qn("w:val"), "")


def _int(value: str | None, default: int = 1) -> int:
    try:
        return min(max(int(value or default), 1), 100)
    except ValueError:
        return default


def _docx_table(tbl, qn) -> str:
    rows: list[list[dict]] = []
    above: dict[int, dict] = {}  # grid column -> the cell that a vMerge "continue" extends
    for tr in tbl.iterchildren(qn("w:tr")):
        row: list[dict] = []
        col = 0
        before = _attr(tr, ["w:trPr", "w:gridBefore"], qn)
        if before:
            span = _int(before)
            row.append({"text": "", "rowspan": 1, "colspan": span})
            col += span
        for tc in _row_cells(tr, qn):
            span = _int(_attr(tc, ["w:tcPr", "w:gridSpan"], qn))
            merge = _attr(tc, ["w:tcPr", "w:vMerge"], qn)
            origin = above.get(col)
            if merge is not None and merge != "restart" and origin is not None:
                origin["rowspan"] += 1  # covered by the cell above
            else:
                text = "\n".join(_paragraph_text(p, qn) for p in tc.iter(qn("w:p")))
                cell = {"text": text.strip(), "rowspan": 1, "colspan": span}
                row.append(cell)
                for k in range(span):
                    above[col + k] = cell
            col += span
        rows.append(row)
    out = ["<table>"]
    for row in rows:
        cells = "".join(_td(cell) for cell in row)
        out.append(f"<tr>{cells}</tr>")
    out.append("</table>")
    return "\n".join(out)


def _row_cells(tr, qn):
    for child in tr.iterchildren():
        if child.tag == qn("w:tc"):
            yield child
        elif child.tag in (qn("w:sdt"), qn("w:customXml")):  # a cell wrapped in a content control
            yield from (tc for tc in child.iter(qn("w:tc")))


def _td(cell: dict) -> str:
    attrs = ""
    if cell["rowspan"] > 1:
        attrs += f' rowspan="{cell["rowspan"]}"'
    if cell["colspan"] > 1:
        attrs += f' colspan="{cell["colspan"]}"'
    return f"<td{attrs}>{_escape_lines(cell['text'])}</td>"


_CN_DIGITS = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _chinese(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def _format_number(fmt: str, n: int) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "chineseLegalSimplified",
               "taiwaneseCounting", "ideographDigital", "japaneseCounting"):
        return _chinese(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class _Numbering:
    """Word's automatic list numbers: the text a numbered paragraph shows before its own
    (``%1.`` with a decimal format → ``3.``). Counters per list and level; a level
    restarts when a higher level advances."""

    def __init__(self, document, qn) -> None:
        self.qn = qn
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) -> (format, text, start)
        self.counters: dict[str, list[int]] = {}
        try:
            part = document.part.numbering_part
        except Exception:  # noqa: BLE001 - no numbering part: nothing is numbered
            return
        root = part.element
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.iterchildren(qn("w:abstractNum")):
            levels = {}
            for lvl in an.iterchildren(qn("w:lvl")):
                raw_level = lvl.get(qn("w:ilvl")) or "0"
                ilvl = int(raw_level) if raw_level.isdigit() and int(raw_level) < 9 else 0
                levels[ilvl] = (
                    _attr(lvl, ["w:numFmt"], qn) or "decimal",
                    _attr(lvl, ["w:lvlText"], qn) or "",
                    _int(_attr(lvl, ["w:start"], qn), 1),
                )
            abstract[an.get(qn("w:abstractNumId"))] = levels
        for num in root.iterchildren(qn("w:num")):
            ref = _attr(num, ["w:abstractNumId"], qn)
            for ilvl, level in abstract.get(ref or "", {}).items():
                self.levels[(num.get(qn("w:numId")), ilvl)] = level

    def prefix(self, p) -> str:
        qn = self.qn
        num_id = _attr(p, ["w:pPr", "w:numPr", "w:numId"], qn)
        if not num_id or num_id == "0":
            return ""
        ilvl_text = _attr(p, ["w:pPr", "w:numPr", "w:ilvl"], qn)
        ilvl = int(ilvl_text) if ilvl_text and ilvl_text.isdigit() and int(ilvl_text) < 9 else 0
        if (num_id, ilvl) not in self.levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        text = self.levels[(num_id, ilvl)][1]
        for level in range(ilvl + 1):
            fmt, _, start = self.levels.get((num_id, level), ("decimal", "", 1))
            value = counters[level] + start - 1 if counters[level] else start
            text = text.replace(f"%{level + 1}", _format_number(fmt, value))
        return text


# --- .xlsx -------------------------------------------------------------------------------------


def xlsx_to_html(data: bytes, name: str) -> str:
    """An .xlsx workbook's visible sheets as HTML tables (see the module docstring)."""
    try:
        import openpyxl  # noqa: PLC0415 - only needed when a workbook arrives

        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        parts = [_sheet_html(ws) for ws in workbook.worksheets if ws.sheet_state == "visible"]
    except UnreadableInputError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl/zipfile raise anything on a damaged file
        raise UnreadableInputError(f"{name}: unreadable Excel file ({type(exc).__name__}: {exc})"[:300],
                                   reason="xlsx_unreadable") from exc
    return "<html><body>\n" + "\n".join(p for p in parts if p) + "\n</body></html>"


def _value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _sheet_html(ws) -> str:
    n_rows = min(ws.max_row or 0, MAX_ROWS)
    n_cols = min(ws.max_column or 0, MAX_COLUMNS)
    if not n_rows or not n_cols:
        return ""
    grid = [[_value(c) for c in row[:n_cols]] for row in ws.iter_rows(min_row=1, max_row=n_rows, values_only=True)]
    spans: dict[tuple[int, int], tuple[int, int]] = {}  # top-left (row, col) -> (rowspan, colspan)
    covered: set[tuple[int, int]] = set()
    for rng in ws.merged_cells.ranges:
        r0, c0 = rng.min_row - 1, rng.min_col - 1
        if r0 >= n_rows or c0 >= n_cols:
            continue
        r1, c1 = min(rng.max_row, n_rows), min(rng.max_col, n_cols)
        spans[(r0, c0)] = (r1 - r0, c1 - c0)
        covered.update((r, c) for r in range(r0, r1) for c in range(c0, c1) if (r, c) != (r0, c0))
    # trailing rows and columns that hold nothing (formatting only)
    used_rows = [r for r in range(n_rows) if any(grid[r][c] for c in range(len(grid[r])))]
    used_cols = [c for r in range(n_rows) for c in range(len(grid[r])) if grid[r][c]]
    if not used_rows:
        return ""
    last_row, last_col = max(used_rows), max(used_cols)
    first = used_rows[0]
    out: list[str] = []
    # title rows above the table: one text, not part of a vertical merge into the table
    while first <= last_row:
        texts = [grid[first][c] for c in range(last_col + 1) if grid[first][c]]
        tall = any(spans.get((first, c), (1, 1))[0] > 1 for c in range(last_col + 1))
        if len(texts) == 1 and not tall:
            out.append(f"<p>{_escape_lines(texts[0])}</p>")
            first += 1
            continue
        if not texts:
            first += 1
            continue
        break
    if first > last_row:
        return "\n".join(out)
    out.append("<table>")
    for r in range(first, last_row + 1):
        cells = []
        for c in range(last_col + 1):
            if (r, c) in covered:
                continue
            rowspan, colspan = spans.get((r, c), (1, 1))
            colspan = min(colspan, last_col + 1 - c)
            rowspan = min(rowspan, last_row + 1 - r)
            cells.append(_td({"text": grid[r][c], "rowspan": rowspan, "colspan": colspan}))
        out.append(f"<tr>{''.join(cells)}</tr>")
    out.append("</table>")
    return "\n".join(out)
