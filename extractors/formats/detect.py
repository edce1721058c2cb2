"""What a file is, decided by its bytes (magic numbers, zip members, OLE streams), never by
its name: portals serve ``.doc`` files that are HTML, ``.xls`` files that are xlsx, and
attachments named ``下载.do``.

``detect(data)`` answers one of:

=============  =====================================================================
``pdf``        ``%PDF-`` in the first KiB
``html``       markup at the start
``text``       anything else that is not binary (decided later by decoding)
``docx``       a zip with ``word/document.xml``
``xlsx``       a zip with ``xl/workbook.xml``
``odt``/``ods``  an OpenDocument zip (``mimetype`` member)
``ofd``        a zip with ``OFD.xml`` (China's fixed-layout format)
``ole_word``   an OLE2 compound file with a ``WordDocument`` stream (.doc, Kingsoft .wps)
``ole_excel``  an OLE2 compound file with a ``Workbook``/``Book`` stream (.xls, Kingsoft .et)
``zip``        any other zip: a bundle of annexes
``rar``        a RAR archive: a bundle of annexes
``image``      PNG, JPEG, GIF, TIFF, BMP (a scan)
``pptx``, ``7z``, ``gzip``  formats recognised but not read
``other``      binary data no reader here knows (a damaged zip, …)
=============  =====================================================================

``ofd``, ``image``, ``pptx``, ``7z`` and ``gzip`` are ``UNSUPPORTED_KINDS``: recognised, named
in the error (``unsupported_format``), never read as text.
"""

from __future__ import annotations

import io
import re
import zipfile

_HTML_SNIFF = re.compile(r"<(!doctype\s+html|html|head|body|meta|title|div|p|table|article)\b", re.I)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
RAR_MAGICS = (b"Rar!\x1a\x07\x00", b"Rar!\x1a\x07\x01\x00")
# OLE directory entries are UTF-16LE names; the streams that say what the file holds
_OLE_WORD = "WordDocument".encode("utf-16-le")
_OLE_EXCEL = ("Workbook".encode("utf-16-le"), "Book\x00".encode("utf-16-le"))

_MAGICS = (
    (b"\x89PNG\r\n\x1a\n", "image"), (b"\xff\xd8\xff", "image"), (b"GIF8", "image"),
    (b"II*\x00", "image"), (b"MM\x00*", "image"), (b"BM", None),  # BM alone is too short to trust
    (b"7z\xbc\xaf\x27\x1c", "7z"), (b"\x1f\x8b\x08", "gzip"),
)

OFFICE_KINDS = ("docx", "xlsx", "odt", "ods", "ole_word", "ole_excel")
BUNDLE_KINDS = ("zip", "rar")
UNSUPPORTED_KINDS = ("ofd", "image", "pptx", "7z", "gzip")

# names for messages: what a kind usually arrives as
KIND_LABELS = {
    "docx": "Word (.docx)", "xlsx": "Excel (.xlsx)", "odt": "OpenDocument text (.odt)",
    "ods": "OpenDocument spreadsheet (.ods)", "ole_word": "Word 97-2003 or WPS (.doc/.wps)",
    "ole_excel": "Excel 97-2003 or WPS spreadsheet (.xls/.et)", "ofd": "OFD", "zip": "zip archive",
    "rar": "RAR archive", "image": "image (a scan, no text)", "pptx": "PowerPoint (.pptx)",
    "7z": "7z archive", "gzip": "gzip data", "other": "binary data",
}


def detect(data: bytes) -> str:
    """The kind of a file's bytes (see the module docstring). Never raises."""
    if not data:
        return "text"
    head = bytes(data[:1024])
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(data)
    if head.startswith(OLE_MAGIC):
        return _ole_kind(data)
    if head.startswith(RAR_MAGICS):
        return "rar"
    for magic, kind in _MAGICS:
        if kind and head.startswith(magic):
            return kind
    text_head = bytes(data[:2048]).lstrip(b"\xef\xbb\xbf \t\r\n")
    if text_head.startswith(b"<") and _HTML_SNIFF.search(text_head.decode("latin-1")):
        return "html"
    return "text"


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "OFD.xml" in names:
                return "ofd"
            if "mimetype" in names:
                mimetype = zf.read("mimetype")[:100]
                if b"opendocument.text" in mimetype:
                    return "odt"
                if b"opendocument.spreadsheet" in mimetype:
                    return "ods"
            if "ppt/presentation.xml" in names:
                return "pptx"
            return "zip"
    except Exception:  # noqa: BLE001 - a damaged zip is just data no reader here knows
        return "other"


def _ole_kind(data: bytes) -> str:
    # The directory sits anywhere in the file; its entry names are enough to tell.
    if _OLE_WORD in data:
        return "ole_word"
    if any(name in data for name in _OLE_EXCEL):
        return "ole_excel"
    return "other"
