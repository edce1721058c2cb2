"""Bundles of annexes (.zip, .rar) → their members' bytes, in memory, with limits.

Nothing is written to disk, so a member named ``../../etc/passwd`` cannot escape
anywhere; such names (absolute, with ``..``) are still refused and noted, because a
bundle that carries them is not a portal's annex bundle. Limits: ``MAX_MEMBERS``
members, ``MAX_MEMBER_BYTES`` per member, ``MAX_TOTAL_BYTES`` all together (a zip bomb
stops there), and bundles inside bundles are not opened (noted). Zip member names
written in GBK without the UTF-8 flag (Windows' Chinese zip tools) are decoded as GBK.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from core.errors import UnreadableInputError

MAX_MEMBERS = 50
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
_SKIP_NAMES = ("__MACOSX/", ".DS_Store", "Thumbs.db")


@dataclass
class Member:
    name: str
    data: bytes


@dataclass
class Unpacked:
    members: list[Member] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _zip_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _unsafe(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or (len(name) > 1 and name[1] == ":")


def unpack(data: bytes, kind: str, name: str) -> Unpacked:
    """The members of a zip or rar bundle (see the module docstring)."""
    try:
        if kind == "zip":
            archive = zipfile.ZipFile(io.BytesIO(data))
            entries = [(i, _zip_name(i), i.file_size, i.is_dir()) for i in archive.infolist()]
        else:
            import rarfile  # noqa: PLC0415 - only needed when a rar arrives

            archive = rarfile.RarFile(io.BytesIO(data))
            entries = [(i, i.filename, i.file_size, i.is_dir()) for i in archive.infolist()]
    except Exception as exc:  # noqa: BLE001 - a damaged bundle
        raise UnreadableInputError(f"{name}: unreadable {kind} archive ({type(exc).__name__}: {exc})"[:300],
                                   reason="archive_unreadable") from exc
    out = Unpacked()
    total = 0
    with archive:
        for info, member_name, size, is_dir in entries:
            if is_dir or member_name.startswith(_SKIP_NAMES) or member_name.rsplit("/", 1)[-1] in _SKIP_NAMES:
                continue
            if _unsafe(member_name):
                out.notes.append(f"{name}: member {member_name!r} refused (path outside the bundle)")
                continue
            if len(out.members) >= MAX_MEMBERS:
                out.notes.append(f"{name}: more than {MAX_MEMBERS} members; the rest not read")
                break
            if size > MAX_MEMBER_BYTES or total + size > MAX_TOTAL_BYTES:
                out.notes.append(f"{name}: member {member_name} too large ({size} bytes) not read")
                continue
            try:
                with archive.open(info) as fh:
                    content = fh.read(MAX_MEMBER_BYTES + 1)
            except Exception as exc:  # noqa: BLE001 - encrypted, damaged, no unrar tool
                reason = "converter_missing" if type(exc).__name__ == "RarCannotExec" else "unreadable"
                out.notes.append(f"{name}: member {member_name} not read ({reason}: {type(exc).__name__})")
                continue
            if len(content) > MAX_MEMBER_BYTES:
                out.notes.append(f"{name}: member {member_name} larger than it declared; not read")
                continue
            total += len(content)
            out.members.append(Member(member_name.rsplit("/", 1)[-1] or member_name, content))
    return out
