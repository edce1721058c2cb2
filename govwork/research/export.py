"""Tidy exports written to files: one file per table (CSV or Parquet) plus a data dictionary.

What the tables hold is ``warehouse.exports``'s business; this module writes them. CSV is
plain UTF-8 by default (what pandas, R and every script expect); ``excel=True`` puts a
byte-order mark in front so Excel on Windows opens the Chinese text ungarbled.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from core.errors import GovworkError
from warehouse.exports import data_dictionary, tidy_frames

FORMATS = ("csv", "parquet")


class ExportError(GovworkError):
    reason = "export_failed"
    exit_code = 3


def export(engine: Engine, out_dir: str | Path, fmt: str = "csv", *, excel: bool = False) -> list[Path]:
    """Write every tidy table and ``data_dictionary`` to ``out_dir`` as ``fmt`` (csv or parquet).

    CSV files are UTF-8 with a header row (``excel``: with a BOM); empty cells are NULLs.
    Returns the paths written, the data dictionary last.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    if excel and fmt != "csv":
        raise ExportError("--excel is for CSV only (a byte-order mark means nothing to Parquet)")
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create the output directory {out}: {exc.strerror}") from exc
    frames = tidy_frames(engine)
    frames["data_dictionary"] = data_dictionary(frames)
    written = []
    for name, frame in frames.items():
        path = out / f"{name}.{fmt}"
        tmp = path.with_name(path.name + ".tmp")
        try:
            if fmt == "csv":
                frame.to_csv(tmp, index=False, encoding="utf-8-sig" if excel else "utf-8")
            else:
                frame.to_parquet(tmp, index=False, engine="pyarrow")
            tmp.replace(path)  # a reader never sees half a file
        except OSError as exc:
            raise ExportError(f"cannot write {path}: {exc.strerror}") from exc
        written.append(path)
    return written
