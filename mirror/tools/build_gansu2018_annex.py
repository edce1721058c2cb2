"""Build the PDF rendering of the Gansu 2018 annex tables that the snapshot mirror serves.

The Gansu 2018 breakdown notice (seed 003) carries its two annexes — 附件1 (11 main
indicators) and 附件2 (178 key tasks) — as tab-separated rows. The portal published such
annexes as PDFs made from office documents, so this script rebuilds one the same way:

1. read the real rows from the seed (cell text exactly as captured);
2. write a DOCX (python-docx) with both annexes as tables: a header row that repeats on
   every page, leader and lead-unit cells merged vertically where the seed leaves both
   empty because the row continues the one above, rows allowed to break across pages;
3. convert it with LibreOffice headless to PDF.

Outputs (commit them; tests read only the PDF):
``gansu-2018-annexes.docx`` and ``gansu-2018-annexes.pdf`` in the output folder.

    python mirror/tools/build_gansu2018_annex.py [SEED] [--out DIR] [--soffice PATH]

Needs python-docx and LibreOffice (``apt-get install libreoffice-writer-nogui``) with the
Noto CJK fonts (``fonts-noto-cjk``).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SEED = REPO / "mirror" / "texts" / "seeds" / "003_4af362a320864ba1.txt"
DEFAULT_OUT = REPO / "mirror" / "build" / "gansu2018_annex"
STEM = "gansu-2018-annexes"

COLUMNS = 6  # 序号, 指标/任务, 省政府牵头领导, 牵头单位, 配合单位, 实施单位
LEADER, LEAD_UNIT = 2, 3
ROW_START = re.compile(r"^\d+\t")


@dataclass
class Annex:
    label: str  # 附件1
    title: str  # 2018年全省经济社会发展主要指标分解表
    header: list[str]
    rows: list[list[str]]


def read_annexes(seed_text: str) -> list[Annex]:
    """The annex tables of the seed: a ``附件N`` line, the title line, the header row
    (starts with 序号 and a tab), then numbered tab-separated rows up to a blank line.

    One row of the capture is broken over two lines (row 19: its 配合单位 cell runs on
    after a line break); a line that does not start a new numbered row continues the
    cell it breaks, and the break is kept as a line break inside that cell."""
    lines = seed_text.split("\n")
    annexes: list[Annex] = []
    i = 0
    while i < len(lines):
        label = lines[i].strip().replace("\u3000", "")
        if re.fullmatch(r"附件\d+", label) and i + 2 < len(lines) and lines[i + 2].startswith("序号\t"):
            title = lines[i + 1].strip().replace("\u3000", "")
            header = lines[i + 2].split("\t")
            rows: list[list[str]] = []
            i += 3
            while i < len(lines) and lines[i].strip():
                if ROW_START.match(lines[i]) or not rows:
                    rows.append(lines[i].split("\t"))
                else:  # the capture broke this row's last cell over a line
                    more = lines[i].split("\t")
                    rows[-1][-1] += "\n" + more[0]
                    rows[-1].extend(more[1:])
                i += 1
            for row in rows:
                if len(row) != COLUMNS:
                    raise SystemExit(f"{label} row {row[0]}: {len(row)} cells, expected {COLUMNS}")
            annexes.append(Annex(label, title, header, rows))
        else:
            i += 1
    if [a.label for a in annexes] != ["附件1", "附件2"]:
        raise SystemExit(f"expected 附件1 and 附件2 in the seed, found {[a.label for a in annexes]}")
    return annexes


def continues_above(row: list[str]) -> bool:
    """A row whose leader and lead-unit cells are both empty belongs to the merged
    leader / lead-unit cells of the row above (Gansu 2018 rows 16, 18, 39, ...)."""
    return row[LEADER] == "" and row[LEAD_UNIT] == ""


# --- DOCX --------------------------------------------------------------------------------

FONT = "Noto Serif CJK SC"  # fonts-noto-cjk; a 宋体-like serif (LibreOffice substitutes if absent)
WIDTHS_CM = [1.3, 6.0, 2.4, 2.7, 2.6, 2.0]  # A4 portrait, 2 cm margins: 17 cm of table


def build_docx(annexes: list[Annex], path: Path) -> None:
    doc = Document()
    doc.core_properties.author = ""  # not "python-docx": LibreOffice copies it into the PDF
    doc.core_properties.title = "；".join(f"{a.label} {a.title}" for a in annexes)
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.0)
    sec.top_margin = sec.bottom_margin = Cm(2.2)

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)  # 五号
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    _page_number_footer(sec)

    for n, annex in enumerate(annexes):
        label = doc.add_paragraph()
        if n:
            label.paragraph_format.page_break_before = True
        run = label.add_run(annex.label)
        run.font.size = Pt(14)
        title = doc.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.space_before = Pt(6)
        title.paragraph_format.space_after = Pt(10)
        run = title.add_run(annex.title)
        run.bold = True
        run.font.size = Pt(16)

        table = doc.add_table(rows=1 + len(annex.rows), cols=COLUMNS)
        table.style = doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for c, width in enumerate(WIDTHS_CM):  # LibreOffice reads the grid, Word the cells
            table.columns[c].width = Cm(width)
        for r, cells in enumerate([annex.header, *annex.rows]):
            tr = table.rows[r]
            if r == 0:  # header row repeated at the top of every page
                tr._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            for c, text in enumerate(cells):
                cell = tr.cells[c]
                cell.width = Cm(WIDTHS_CM[c])
                _write_cell(cell, text, header=r == 0, centred=c == 0)
        _merge_continued_rows(table, annex.rows)
    doc.save(str(path))


def _write_cell(cell, text: str, *, header: bool, centred: bool) -> None:
    # Only the 序号 column is centred: a centred line drops the spaces it wraps at, and
    # the cell text must keep the seed's spacing (黄 强\u3000\u3000张世珍).
    para = cell.paragraphs[0]
    if centred:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for k, piece in enumerate(text.split("\n")):
        if k:
            para.add_run().add_break(WD_BREAK.LINE)
        run = para.add_run(piece)
        run.bold = header


def _merge_continued_rows(table, rows: list[list[str]]) -> None:
    """Merge the leader and lead-unit cells of each run of continuing rows into the
    cell of the row that starts the run (table row 0 is the header)."""
    r = 0
    while r < len(rows):
        end = r
        while end + 1 < len(rows) and continues_above(rows[end + 1]):
            end += 1
        if end > r:
            for col in (LEADER, LEAD_UNIT):
                top = table.cell(1 + r, col)
                top.merge(table.cell(1 + end, col))
                _drop_empty_paragraphs(top)
        r = end + 1


def _drop_empty_paragraphs(cell) -> None:
    """``merge`` keeps the covered cells' empty paragraphs; keep only the first one and
    any paragraph that has text, so the merged cell shows just the top row's text."""
    paras = cell.paragraphs
    for p in paras[1:]:
        if not p.text:
            p._p.getparent().remove(p._p)


def _page_number_footer(section) -> None:
    """Footer ``— N —`` with a PAGE field, as the printed annexes have."""
    para = section.footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.add_run("— ")
    run = para.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)
    para.add_run(" —")


# --- PDF ---------------------------------------------------------------------------------


def docx_to_pdf(docx: Path, out_dir: Path, soffice: str, export_options: str = "") -> Path:
    """Convert with a throwaway LibreOffice profile; ``export_options`` is the PDF export
    filter's JSON options (e.g. a document-open password)."""
    target = "pdf:writer_pdf_Export" + (f":{export_options}" if export_options else "")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", target, "--outdir", str(out_dir), str(docx)],
            check=True, capture_output=True, timeout=300,
        )
    pdf = out_dir / (docx.stem + ".pdf")
    if not pdf.exists():
        raise SystemExit(f"LibreOffice wrote no PDF for {docx}")
    return pdf


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("seed", nargs="?", type=Path, default=DEFAULT_SEED)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--soffice", default=shutil.which("soffice") or "soffice")
    args = ap.parse_args(argv)

    annexes = read_annexes(args.seed.read_text(encoding="utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    docx = args.out / f"{STEM}.docx"
    build_docx(annexes, docx)
    pdf = docx_to_pdf(docx, args.out, args.soffice)
    merged = sum(continues_above(r) for a in annexes for r in a.rows)
    print(f"{pdf}: " + ", ".join(f"{a.label} {len(a.rows)} rows" for a in annexes)
          + f", {merged} rows continuing merged cells")
    return 0


if __name__ == "__main__":
    sys.exit(main())
