"""Build the office-format golden examples from one breakdown written here (our own
sentences; unit names are real Dingxi units, leader names invented), so that the same
table exists as a web page, a Word file, an Excel workbook, their 97-2003 forms and a
zip bundle:

    tests/examples/breakdown/office-table.html   the page (rowspan/colspan merges)
    tests/examples/breakdown/office-table.docx   python-docx (gridSpan, vMerge)
    tests/examples/breakdown/office-table.xlsx   openpyxl (merged ranges, a title row)
    tests/examples/breakdown/office-table.doc    LibreOffice from the .docx
    tests/examples/breakdown/office-table.xls    LibreOffice from the .xlsx
    tests/examples/breakdown/office-bundle.zip   the notice (.docx) and its annex (.xlsx)

The binaries are committed; tests never need LibreOffice to read the .docx/.xlsx (they
do for .doc/.xls). Run from the repository root:

    .venv/bin/python tests/tools/build_office_examples.py
"""

from __future__ import annotations

import html
import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "examples" / "breakdown"
NAME = "office-table"

TITLE = "定西市人民政府办公室关于印发2026年市政府工作报告重点工作任务分解方案的通知"
NOTICE = [
    TITLE,
    "定政办发〔2026〕12号",
    "各县区人民政府，市政府各部门：",
    "为抓好市六届人大四次会议审议通过的《政府工作报告》各项任务的落实，现将重点工作任务分解如下，请各牵头单位会同配合单位细化措施、按期办结。",
    "定西市人民政府办公室",
    "2026年2月10日",
]
ANNEX_TITLE = "附件 2026年市政府工作报告重点工作任务分解表"
WIDTHS_CM = (1.2, 6.0, 2.0, 2.4, 2.8, 2.0)
HEADER = ["序号", "重点工作任务", "牵头市领导", "牵头单位", "配合单位", "完成时限"]
# rows: ("heading", text) or (seq, task, leader, lead, cooperating, deadline); None = merged with the cell above
ROWS: list[tuple] = [
    ("heading", "一、扩大有效投资"),
    (1, "全年实施省市列重大项目150个以上，完成投资200亿元。", "王建华", "市发展改革委", "市财政局、市自然资源局", "2026年12月底"),
    (2, "争取中央预算内投资和地方政府专项债券资金40亿元以上。", None, None, "市财政局", "2026年12月底"),
    (3, "开工建设陇中水网配套工程，年内完成投资8亿元。", None, "市水务局", "市发展改革委、市生态环境局", "2026年11月底"),
    ("heading", "二、壮大特色产业"),
    (4, "推进马铃薯全产业链建设，产值突破300亿元。", "李明远", "市农业农村局", "市工信局、市商务局", "2026年12月底"),
    (5, "中药材种植面积稳定在130万亩以上，建设标准化基地20个。", None, None, "市林草局、市市场监管局", "2026年10月底"),
    (6, "新增规模以上工业企业30户，工业增加值增长7%。", "赵立新", "市工信局", "市统计局", "2026年12月底"),
]


def build_html(path: Path) -> None:
    spans = _row_spans()
    out = ["<!DOCTYPE html>", '<html><head><meta charset="utf-8"><title>' + html.escape(TITLE) + "</title></head><body>"]
    out += [f"<p>{html.escape(p)}</p>" for p in NOTICE]
    out.append(f"<p>{html.escape(ANNEX_TITLE)}</p>")
    out.append("<table>")
    out.append("<tr>" + "".join(f"<td>{h}</td>" for h in HEADER) + "</tr>")
    for r, row in enumerate(ROWS):
        if row[0] == "heading":
            out.append(f'<tr><td colspan="{len(HEADER)}">{html.escape(row[1])}</td></tr>')
            continue
        cells = []
        for c, value in enumerate(row):
            if value is None:
                continue
            span = spans.get((r, c), 1)
            attr = f' rowspan="{span}"' if span > 1 else ""
            cells.append(f"<td{attr}>{html.escape(str(value))}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table></body></html>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def _row_spans() -> dict[tuple[int, int], int]:
    """(row, column) of a cell written out -> how many rows it covers (itself + the Nones below)."""
    spans = {}
    for r, row in enumerate(ROWS):
        if row[0] == "heading":
            continue
        for c, value in enumerate(row):
            if value is None:
                continue
            n = 1
            while r + n < len(ROWS) and ROWS[r + n][0] != "heading" and ROWS[r + n][c] is None:
                n += 1
            spans[(r, c)] = n
    return spans


def build_docx(path: Path, with_annex: bool = True) -> None:
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    doc.core_properties.author = ""
    for p in NOTICE:
        doc.add_paragraph(p)
    if with_annex:
        doc.add_paragraph(ANNEX_TITLE)
        table = doc.add_table(rows=1 + len(ROWS), cols=len(HEADER))
        table.style = "Table Grid"
        for c, width in enumerate(WIDTHS_CM):  # widths: LibreOffice's .doc export needs them
            for cell in table.columns[c].cells:
                cell.width = Cm(width)
        for c, h in enumerate(HEADER):
            table.cell(0, c).text = h
        spans = _row_spans()
        for r, row in enumerate(ROWS, start=1):
            if row[0] == "heading":
                merged = table.cell(r, 0).merge(table.cell(r, len(HEADER) - 1))  # gridSpan
                merged.text = row[1]
                continue
            for c, value in enumerate(row):
                if value is None:
                    continue
                cell = table.cell(r, c)
                span = spans[(r - 1, c)]
                if span > 1:
                    cell = cell.merge(table.cell(r + span - 1, c))  # vMerge
                cell.text = str(value)
    doc.save(str(path))


def build_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "分解表"
    ws.append([ANNEX_TITLE])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append(HEADER)
    spans = _row_spans()
    for r, row in enumerate(ROWS):
        excel_row = r + 3
        if row[0] == "heading":
            ws.append([row[1]])
            ws.merge_cells(start_row=excel_row, start_column=1, end_row=excel_row, end_column=len(HEADER))
            continue
        ws.append([v if v is not None else None for v in row])
        for c, value in enumerate(row):
            if value is not None and spans[(r, c)] > 1:
                ws.merge_cells(start_row=excel_row, start_column=c + 1, end_row=excel_row + spans[(r, c)] - 1,
                               end_column=c + 1)
    wb.save(str(path))


def soffice_convert(source: Path, target_ext: str, out: Path, via: str | None = None) -> None:
    """LibreOffice conversion; ``via`` an intermediate format (its .doc export of a
    python-docx table is only right from .odt)."""
    soffice = shutil.which("soffice") or "soffice"
    with tempfile.TemporaryDirectory() as tmp:
        for ext in ([via] if via else []) + [target_ext]:
            subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to",
                            ext, "--outdir", f"{tmp}/{ext}", str(source)], check=True, capture_output=True)
            source = Path(tmp) / ext / (source.stem + "." + ext)
        shutil.copy(source, out)


def build_bundle(path: Path) -> None:
    """The notice as a .docx without its table, and the annex as the .xlsx, in one zip."""
    notice = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp:
        build_docx(Path(tmp) / "n.docx", with_annex=False)
        notice.write((Path(tmp) / "n.docx").read_bytes())
    annex = (OUT / f"{NAME}.xlsx").read_bytes()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, data in (("通知.docx", notice.getvalue()), ("附件 重点工作任务分解表.xlsx", annex)):
            info = zipfile.ZipInfo(member, date_time=(2026, 2, 10, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)


def main() -> int:
    build_html(OUT / f"{NAME}.html")
    build_docx(OUT / f"{NAME}.docx")
    build_xlsx(OUT / f"{NAME}.xlsx")
    soffice_convert(OUT / f"{NAME}.docx", "doc", OUT / f"{NAME}.doc", via="odt")
    soffice_convert(OUT / f"{NAME}.xlsx", "xls", OUT / f"{NAME}.xls")
    build_bundle(OUT / "office-bundle.zip")
    return 0


if __name__ == "__main__":
    sys.exit(main())
