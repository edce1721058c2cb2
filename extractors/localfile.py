"""Reading a local file someone handed us (``govwork parse FILE``, the manual inbox).

Only regular files are read, and never more than a size cap: ``/dev/zero`` would fill the
memory and a FIFO would block forever. The file is opened first (non-blocking, so a FIFO
cannot hang the open) and checked on the open descriptor, so what is checked is what is
read. Failures are ``UnreadableInputError`` with a reason (exit code 3 on the CLI).
"""

from __future__ import annotations

import os
import re
import stat
import time
from pathlib import Path

from core.errors import UnreadableInputError

# Far above any real report or notice (the largest PDFs seen are a few MB), far below memory.
MAX_DOCUMENT_BYTES = 200 * 1024 * 1024


def read_regular_file(path: str | Path, *, max_bytes: int = MAX_DOCUMENT_BYTES, follow_symlinks: bool = True) -> bytes:
    """The bytes of the regular file at ``path``; ``UnreadableInputError`` otherwise."""
    path = Path(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= os.O_NOFOLLOW
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        reason = "symlink_not_followed" if not follow_symlinks and path.is_symlink() else "no_file"
        raise UnreadableInputError(f"{path}: cannot read the file ({exc.strerror or exc})", reason=reason) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnreadableInputError(f"{path}: not a regular file ({_kind(st.st_mode)}); only files are read",
                                       reason="not_a_regular_file")
        if st.st_size > max_bytes:
            raise UnreadableInputError(f"{path}: {st.st_size} bytes, over the cap of {max_bytes}", reason="too_large")
        os.set_blocking(fd, True)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1024 * 1024, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:  # the file grew while we read it
                raise UnreadableInputError(f"{path}: over the cap of {max_bytes} bytes", reason="too_large")
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableInputError(f"{path}: cannot read the file ({exc.strerror or exc})", reason="no_file") from None
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a special file"


# Names of the temporary files our atomic writes use (tempfile.mkstemp(prefix=".tmp-"),
# path.with_suffix(".tmp")): what a write killed half-way leaves behind.
_TEMP_NAME = re.compile(r"^\.tmp-|\.tmp$")


def sweep_stale_temp(directory: Path, *, older_than: float = 3600.0) -> int:
    """Delete temp files of killed writes under ``directory``; return how many. Only files
    untouched for ``older_than`` seconds go, so a write in progress keeps its file."""
    if not directory.is_dir():
        return 0
    cutoff, removed = time.time() - older_than, 0
    for path in directory.rglob("*"):
        try:
            if _TEMP_NAME.search(path.name) and path.is_file() and not path.is_symlink() \
                    and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except OSError:
            continue  # gone already, or not ours to delete
    return removed
