"""The registry loader's on-disk cache: a validated registry as JSON, one file per key.

Safe by construction rather than by care:

- JSON only: reading it builds dataclasses through a pydantic ``TypeAdapter``; nothing in
  the file can name a class or a function to call (a pickle can);
- under the settings' cache directory (``$GOVWORK_HOME/cache/registry``), never in a
  shared temp directory whose file names any local user can compute;
- the directory and the file must belong to this user and be writable by nobody else, and
  the file must be a regular file opened without following a symlink; otherwise the cache
  is not used (the registry is read from YAML), which only costs time.

A file that does not parse, has another key or version, or fails validation is ignored
and rewritten.

``files_identity`` is what both this cache and the loader's in-process memo are keyed by.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
import tempfile
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from core.config import Settings
from core.errors import ConfigError
from core.registry.model import CandidateRule, Jurisdiction, Registry

FORMAT = "govwork-registry-cache/1"
_JURISDICTIONS = TypeAdapter(list[Jurisdiction])
_CANDIDATES = TypeAdapter(tuple[CandidateRule, ...])
_PATTERNS = TypeAdapter(tuple[str, ...])


Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
Identity = tuple[tuple[str, Stamp], tuple[tuple[str, Stamp], ...]]


def files_identity(directory: Path, defaults_path: Path) -> Identity:
    """What a registry is read from, as cheaply as it can be asked once per document: the
    defaults file's and every ``*.yaml`` file's name, size, mtime, ctime and inode. Any edit
    changes it, in place or by replacing the file, even one that keeps the size and sets the
    mtime back (ctime cannot be set back); so does a file added or removed. One stat per
    file, relative to the open directory: no hashing, no path objects (~3,200 files)."""
    names = sorted(name for name in os.listdir(directory) if name.endswith(".yaml"))
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        files = tuple((name, _stamp(os.stat(name, dir_fd=fd))) for name in names)
    finally:
        os.close(fd)
    return (str(defaults_path), _stamp(os.stat(defaults_path))), files


def _stamp(st: os.stat_result) -> Stamp:
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def key_for(identity: Identity, version: str, directory: Path) -> str:
    """The cache file's name for a registry: its directory and every file's identity."""
    return hashlib.sha256(f"{version}\0{directory.resolve()}\0{identity!r}".encode()).hexdigest()[:32]


class CacheStore:
    def __init__(self, directory: Path):
        self.directory = directory

    def path_for(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def read(self, key: str) -> Registry | None:
        if not self._directory_is_ours(create=False):
            return None
        try:
            fd = os.open(self.path_for(key), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            return None
        try:
            st = os.fstat(fd)
            if not _private_to_us(st) or not stat.S_ISREG(st.st_mode):
                return None
            with os.fdopen(fd, "rb", closefd=False) as fh:
                data = json.loads(fh.read())
            if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
                return None
            return Registry(
                _JURISDICTIONS.validate_python(data["jurisdictions"]),
                candidates=_CANDIDATES.validate_python(data["candidates"]),
                exclude=_PATTERNS.validate_python(data["exclude"]),
            )
        except (OSError, ValueError, KeyError, TypeError, ValidationError):
            return None
        finally:
            os.close(fd)

    def write(self, key: str, registry: Registry) -> None:
        if not self._directory_is_ours(create=True):
            return
        record = {
            "format": FORMAT,
            "key": key,
            "jurisdictions": [dataclasses.asdict(j) for j in registry.jurisdictions],
            "candidates": [dataclasses.asdict(c) for c in registry.candidates],
            "exclude": list(registry.exclude),
        }
        try:
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".json")  # mode 0600
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(record, fh, ensure_ascii=False)
                os.replace(tmp, self.path_for(key))
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            pass  # a read-only cache directory only costs speed

    def _directory_is_ours(self, *, create: bool) -> bool:
        try:
            if create:
                self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            st = os.lstat(self.directory)
        except OSError:
            return False
        return stat.S_ISDIR(st.st_mode) and _private_to_us(st)


def _private_to_us(st: os.stat_result) -> bool:
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def default_store() -> CacheStore | None:
    """The cache under the current settings, or None when the settings cannot be read
    (the command will report that itself)."""
    try:
        return CacheStore(Settings.from_env().cache_dir / "registry")
    except ConfigError:
        return None
