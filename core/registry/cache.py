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
from core.registry.model import ArticleRules, CandidateRule, Jurisdiction, Politeness, Registry

# 2: the rule sets sources share (title rules, exclusions, article rules, politeness) are
# stored once each and named by their index: at 3,200 sources, 8.6 MB became 2.9 MB.
FORMAT = "govwork-registry-cache/2"
_JURISDICTIONS = TypeAdapter(list[Jurisdiction])
_CANDIDATES = TypeAdapter(tuple[CandidateRule, ...])
_PATTERNS = TypeAdapter(tuple[str, ...])
# Source fields whose values are few and shared: stored in tables, read (validated) once.
_SHARED = {
    "candidates": _CANDIDATES,
    "exclude": _PATTERNS,
    "article": TypeAdapter(ArticleRules),
    "politeness": TypeAdapter(Politeness),
}


Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
Identity = tuple[tuple[str, Stamp], tuple[tuple[str, Stamp], ...]]


def files_identity(directory: Path, defaults_path: Path) -> Identity:
    """What a registry is read from, as cheaply as it can be asked once per document: the
    defaults file's and every ``*.yaml`` file's name, size, mtime, ctime and inode. Any edit
    changes it, in place or by replacing the file, even one that keeps the size and sets the
    mtime back (ctime cannot be set back); so does a file added or removed. (As for git, two
    in-place edits of the same size within one tick of the file system's clock look alike.)
    One stat per file, relative to the open directory: no hashing, no path objects."""
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
            tables = {name: [adapter.validate_python(v) for v in data["shared"][name]] for name, adapter in _SHARED.items()}
            for jurisdiction in data["jurisdictions"]:
                for source in jurisdiction["sources"]:
                    for name, table in tables.items():
                        source[name] = _entry(table, source[name])
            return Registry(
                # pydantic takes the tables' validated instances as they are: not validated again
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
        tables = {name: _Table() for name in _SHARED}
        record = {
            "format": FORMAT,
            "key": key,
            "jurisdictions": [_jurisdiction_record(j, tables) for j in registry.jurisdictions],
            "shared": {name: table.values for name, table in tables.items()},
            "candidates": [dataclasses.asdict(c) for c in registry.candidates],
            "exclude": list(registry.exclude),
        }
        try:
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".json")  # mode 0600
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    # dumps, not dump: dump streams through the pure-Python encoder, several times slower
                    fh.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
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


class _Table:
    """The distinct values of one shared source field, each stored once."""

    def __init__(self) -> None:
        self.values: list = []
        self._by_id: dict[int, int] = {}  # the registry holds every value while it is written
        self._by_text: dict[str, int] = {}

    def index(self, value) -> int:
        found = self._by_id.get(id(value))
        if found is None:
            text = repr(value)  # equal values that are distinct objects share an entry too
            found = self._by_text.get(text)
            if found is None:
                found = self._by_text[text] = len(self.values)
                self.values.append(_plain(value))
            self._by_id[id(value)] = found
        return found


def _plain(value):
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _jurisdiction_record(j: Jurisdiction, tables: dict[str, _Table]) -> dict:
    record = {f.name: _plain(getattr(j, f.name)) for f in dataclasses.fields(j) if f.name != "sources"}
    record["sources"] = [
        {f.name: tables[f.name].index(v) if f.name in tables else _plain(v)
         for f in dataclasses.fields(s) for v in (getattr(s, f.name),)}
        for s in j.sources
    ]
    return record


def _entry(table: list, index: object):
    if type(index) is not int or not 0 <= index < len(table):  # bool is an int; -1 would index
        raise ValueError(f"bad shared-table index {index!r}")
    return table[index]


def _private_to_us(st: os.stat_result) -> bool:
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def default_store() -> CacheStore | None:
    """The cache under the current settings, or None when the settings cannot be read
    (the command will report that itself)."""
    try:
        return CacheStore(Settings.from_env().cache_dir / "registry")
    except ConfigError:
        return None
