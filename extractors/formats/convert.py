"""Old office formats (.doc, .xls, Kingsoft .wps/.et, OpenDocument) → .docx/.xlsx with
LibreOffice headless, then read like any .docx/.xlsx.

LibreOffice is a Debian package (``libreoffice-writer-nogui``, ``libreoffice-calc-nogui``)
that ``scripts/services`` installs. Where it is absent the file is not silently skipped:
``UnreadableInputError(reason="converter_missing")`` says what to install. Each
conversion runs in a temporary directory with its own LibreOffice profile (so parallel
workers never share one) and a time limit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from core.errors import UnreadableInputError

TIMEOUT_SECONDS = 180
# detected kind -> (extension LibreOffice recognises the input by, the format to convert to)
TARGETS = {
    "ole_word": ("doc", "docx"),
    "ole_excel": ("xls", "xlsx"),
    "odt": ("odt", "docx"),
    "ods": ("ods", "xlsx"),
}


def soffice_path() -> str | None:
    """The LibreOffice binary: ``GOVWORK_SOFFICE`` (empty = none, for tests of its absence),
    else ``soffice``/``libreoffice`` on PATH."""
    if "GOVWORK_SOFFICE" in os.environ:
        return os.environ["GOVWORK_SOFFICE"] or None
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, kind: str, name: str) -> bytes:
    """The bytes of the converted .docx/.xlsx for a ``kind`` of ``TARGETS``."""
    suffix, target = TARGETS[kind]
    soffice = soffice_path()
    if not soffice:
        raise UnreadableInputError(
            f"{name}: a {suffix} file needs LibreOffice to be read, and it is not installed "
            "(Debian: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui; scripts/services does it)",
            reason="converter_missing",
        )
    with tempfile.TemporaryDirectory(prefix="govwork-convert-") as tmp:
        work = Path(tmp)
        source = work / f"input.{suffix}"
        source.write_bytes(data)
        command = [
            soffice, f"-env:UserInstallation=file://{work / 'profile'}", "--headless", "--norestore",
            "--nolockcheck", "--convert-to", target, "--outdir", str(work / "out"), str(source),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False,
                                  stdin=subprocess.DEVNULL)
        except FileNotFoundError as exc:
            raise UnreadableInputError(f"{name}: LibreOffice ({soffice}) cannot be run: {exc}",
                                       reason="converter_missing") from exc
        except subprocess.TimeoutExpired as exc:
            raise UnreadableInputError(f"{name}: LibreOffice did not convert it within {TIMEOUT_SECONDS}s",
                                       reason="conversion_failed") from exc
        result = work / "out" / f"input.{target}"
        if not result.exists():
            said = (done.stderr or done.stdout or b"").decode("utf-8", "replace").strip()[-200:]
            raise UnreadableInputError(f"{name}: LibreOffice could not convert it ({said or 'no output'})",
                                       reason="conversion_failed")
        return result.read_bytes()
