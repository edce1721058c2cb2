"""Build the two small PDFs the PDF extractor tests read besides the annex PDF:

- ``gansu-2018-notice.pdf``: the body of the Gansu 2018 breakdown notice (seed 003, the
  real text up to its date line) as plain paragraphs — a PDF with text and no table;
- ``gansu-2018-notice-encrypted.pdf``: the same, exported with a document-open password
  (``govwork``), which a reader without the password cannot open.

Made with python-docx and LibreOffice like the annex PDF; both files are committed so
tests need neither. Run from the repository root:

    python tests/pdf/data/build_fixtures.py [SEED]
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(REPO / "mirror" / "tools"))

from build_gansu2018_annex import DEFAULT_SEED, FONT, docx_to_pdf  # noqa: E402

PASSWORD = "govwork"


def notice_paragraphs(seed_text: str) -> list[str]:
    """The notice text before the annexes: every non-blank line up to the first 附件 line."""
    out = []
    for line in seed_text.split("\n"):
        if line.strip().replace("\u3000", "").startswith("附件"):
            break
        if line.strip():
            out.append(line)
    return out


def build_docx(paragraphs: list[str], path: Path) -> None:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.author = ""
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for text in paragraphs:
        doc.add_paragraph(text)
    doc.save(str(path))


def main(argv: list[str]) -> int:
    seed = Path(argv[0]) if argv else DEFAULT_SEED
    soffice = shutil.which("soffice") or "soffice"
    paragraphs = notice_paragraphs(seed.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / "gansu-2018-notice.docx"
        build_docx(paragraphs, docx)
        shutil.copy(docx_to_pdf(docx, Path(tmp), soffice), HERE / "gansu-2018-notice.pdf")
        locked = Path(tmp) / "locked"
        locked.mkdir()
        options = json.dumps({
            "EncryptFile": {"type": "boolean", "value": "true"},
            "DocumentOpenPassword": {"type": "string", "value": PASSWORD},
        })
        shutil.copy(docx_to_pdf(docx, locked, soffice, options), HERE / "gansu-2018-notice-encrypted.pdf")
    print(f"wrote {HERE / 'gansu-2018-notice.pdf'} and the encrypted copy ({len(paragraphs)} paragraphs)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
