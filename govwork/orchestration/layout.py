"""Which DAGs the registry gives: one per province, holding that province's jurisdictions.

Why per province and not per jurisdiction: at full size (~3,200 jurisdictions) one DAG
per jurisdiction means 3,200 DAGs for the scheduler and the dag-processor to keep in
the metadata DB and re-check, each with one small run a week. Per province it is ~31
DAGs; each run maps its crawl over the province's jurisdictions (at most ~210 for the
largest province) and its parse over the documents found, well under Airflow's
``max_map_length`` (1,024 by default; ``batching`` keeps parse under a lower cap).

The province of a jurisdiction is its GB/T 2260 code's first two digits + ``0000``, so a
county whose parents are not (yet) in the registry still lands in the right DAG.

Parsing a DAG file must stay cheap (the dag-processor re-parses it every 30 s), but
loading the full registry validates every source's rules. So the DAG files read a small
index (code, name, level, has sources) cached as JSON, an entry per file, re-read only for
a file that changed (checked by size, mtime, ctime and inode). An entry is read from the
file's head (the scalar keys before ``sources:``) and whether ``sources`` has an entry, not
the sources themselves: building every source's YAML objects is what made a cold parse with 3,200
jurisdictions take seconds. A file in another shape is read whole. The index does not
validate: a bad registry entry fails the tasks that load the registry (the crawl), with
the loader's error, instead of making every province DAG an import error.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

DAG_ID_PREFIX = "govwork_province_"
VIEWS_DAG_ID = "govwork_warehouse_views"


@dataclass(frozen=True)
class JurisdictionRef:
    code: str
    name: str
    level: str


@dataclass(frozen=True)
class ProvinceDag:
    province_code: str
    province_name: str | None  # None when the province itself is not in the registry
    jurisdictions: tuple[JurisdictionRef, ...]

    @property
    def dag_id(self) -> str:
        return province_dag_id(self.province_code)

    @property
    def codes(self) -> list[str]:
        return [j.code for j in self.jurisdictions]


def province_code_of(code: str) -> str:
    code = str(code)
    if len(code) != 6 or not code.isdigit():
        raise ValueError(f"not a GB/T 2260 code: {code!r}")
    return code[:2] + "0000"


def province_dag_id(province_code: str) -> str:
    return f"{DAG_ID_PREFIX}{province_code}"


def _jurisdictions_of(registry: Any) -> Iterable[Any]:
    items = registry.jurisdictions
    return items.values() if isinstance(items, dict) else items


def registry_dir() -> Path:
    """The registry directory: ``GOVWORK_REGISTRY_DIR`` (a generated registry, e.g. the
    benchmark's) or the bundled one."""
    given = os.environ.get("GOVWORK_REGISTRY_DIR")
    if given:
        return Path(given)
    # core.registry.loader.DEFAULT_DIR, found without importing the loader (and with it
    # yaml and the record types) when the cached index is all a DAG file needs.
    spec = importlib.util.find_spec("core.registry")
    return Path(next(iter(spec.submodule_search_locations))) / "jurisdictions"


def _stamps(directory: Path) -> dict[str, list[int]]:
    """Every ``*.yaml`` file's size, mtime, ctime and inode, by name."""
    out = {}
    for entry in os.scandir(directory):
        if entry.name.endswith(".yaml"):
            st = entry.stat()
            out[entry.name] = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
    return out


def _fingerprint(directory: Path, stamps: dict[str, list[int]] | None = None) -> str:
    """The registry directory's files by name, size and mtime (the unchanged-run ledger's key)."""
    stamps = _stamps(directory) if stamps is None else stamps
    digest = hashlib.sha256(str(directory.resolve()).encode())
    for name in sorted(stamps):
        digest.update(f"{name}\0{stamps[name][0]}\0{stamps[name][1]}\n".encode())
    return digest.hexdigest()


def _index_cache_file(directory: Path) -> Path:
    cache_root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    key = hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:16]
    return cache_root / "govwork" / f"registry-index-{key}.json"


def index_of(registry: Any) -> list[dict]:
    """The fields the DAG layout needs, one dict per jurisdiction."""
    return [
        {"code": str(j.code), "name": j.name, "level": str(getattr(j, "level", "")), "crawled": bool(getattr(j, "sources", None))}
        for j in _jurisdictions_of(registry)
    ]


_SOURCES_KEY = re.compile(r"^sources:[ \t]*(.*)$", re.M)
_TOP_LEVEL_KEY = re.compile(r"^[A-Za-z_][\w-]*:", re.M)
_NO_SOURCES = {"", "[]", "null", "~"}
# A head key with a scalar YAML reads the same way as its text: quoted without escapes, or
# plain without YAML's special characters; anything else goes to the YAML parser.
_SCALAR_LINE = re.compile(
    r"""^(code|name|level):[ \t]+(?:"([^"\\]*)"|'([^']*)'|([^\s#'"\[\]{}&*!|>%@`,?:-][^#\n]*?))[ \t]*(?:#.*)?$""",
    re.M,
)
_YAML_SPECIAL = re.compile(r"(?i)(true|false|yes|no|on|off|null|~|[-+]?(\.\d|\d[\d_]*\.).*|0[0-7xob].*)")


def _yaml_load(text: str) -> Any:
    import yaml  # only when the index is rebuilt; a warm DAG parse never needs it

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _has_entries(block: str) -> bool:
    """Whether a block-style ``sources:`` value (the lines after the key) holds an item."""
    for line in block.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return line[0] in " \t-"
    return False


def _simple_head(head: str) -> dict | None:
    """code, name and level when each is a simple scalar line (what YAML would read)."""
    values = {}
    for match in _SCALAR_LINE.finditer(head):
        key, double, single, plain = match.groups()
        if plain is not None and _YAML_SPECIAL.fullmatch(plain):
            return None
        values.setdefault(key, double if double is not None else single if single is not None else plain)
    if len(values) < 3 or head.count("\ncode:") + head.startswith("code:") != 1:
        return None
    return values


def index_entry(text: str) -> dict:
    """One registry file's index entry, read from its head when its shape allows."""
    found = _SOURCES_KEY.search(text)
    if found is not None:
        inline = found.group(1).split(" #")[0].strip()
        tail = text[found.end():]
        if (not inline or inline in _NO_SOURCES) and not _TOP_LEVEL_KEY.search(tail):
            head = _simple_head(text[: found.start()]) or _yaml_load(text[: found.start()]) or {}
            if isinstance(head, dict) and "code" in head and "name" in head:
                crawled = inline not in _NO_SOURCES or (not inline and _has_entries(tail))
                return {"code": str(head["code"]), "name": head["name"], "level": str(head.get("level", "")),
                        "crawled": crawled}
    data = _yaml_load(text) or {}
    return {"code": str(data.get("code")), "name": data.get("name"), "level": str(data.get("level", "")),
            "crawled": bool(data.get("sources"))}


def _jurisdiction_files(stamps: dict[str, list[int]]) -> list[str]:
    return sorted(name for name in stamps if not name.startswith("_"))  # _*.yaml are defaults


def _read_entry(directory: Path, name: str) -> dict:
    with open(os.path.join(directory, name), encoding="utf-8") as f:
        return index_entry(f.read())


def read_index(directory: Path) -> list[dict]:
    """``index_entry`` of every jurisdiction file in ``directory``."""
    return [_read_entry(directory, name) for name in _jurisdiction_files(_stamps(directory))]


_INDEX_FORMAT = 2  # 2: an entry per file with its stamp, so an edit re-reads only that file


def _cached_entries(cache: Path) -> dict[str, dict]:
    try:
        cached = json.loads(cache.read_text(encoding="utf-8"))
        files = cached["files"] if cached.get("format") == _INDEX_FORMAT else {}
        return files if isinstance(files, dict) else {}
    except (OSError, ValueError, KeyError, AttributeError):
        return {}


def registry_index(directory: Path | None = None) -> list[dict]:
    """The index of the registry in ``directory``. Cached per file, by its stamp: when no file
    changed it is read from the cache alone; after an edit only the changed files are read."""
    directory = Path(directory or registry_dir())
    stamps = _stamps(directory)
    names = _jurisdiction_files(stamps)
    cache = _index_cache_file(directory)
    known = _cached_entries(cache)

    def current(name: str) -> bool:
        item = known.get(name)
        return isinstance(item, dict) and item.get("stamp") == stamps[name] and isinstance(item.get("entry"), dict)

    if len(known) == len(names) and all(current(name) for name in names):
        return [known[name]["entry"] for name in names]
    files = {n: known[n] if current(n) else {"stamp": stamps[n], "entry": _read_entry(directory, n)} for n in names}
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"format": _INDEX_FORMAT, "files": files}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(cache)  # atomic: parallel parsers never read half an index
    except OSError:
        pass  # a read-only cache location only costs speed
    return [files[name]["entry"] for name in names]


def province_dags(registry: Any | None = None) -> list[ProvinceDag]:
    """The province DAGs for ``registry`` (default: the cached index of ``registry_dir()``),
    sorted by code.

    Only jurisdictions with at least one source are crawled; a province without any such
    jurisdiction gets no DAG.
    """
    index = registry_index() if registry is None else index_of(registry)
    names: dict[str, str] = {}
    members: dict[str, list[JurisdictionRef]] = {}
    for j in index:
        names[j["code"]] = j["name"]
        if j["crawled"]:
            ref = JurisdictionRef(code=j["code"], name=j["name"], level=j["level"])
            members.setdefault(province_code_of(j["code"]), []).append(ref)
    return [
        ProvinceDag(
            province_code=prov,
            province_name=names.get(prov),
            jurisdictions=tuple(sorted(refs, key=lambda r: r.code)),
        )
        for prov, refs in sorted(members.items())
    ]


def province_dag_for(jurisdiction_code: str, registry: Any | None = None) -> ProvinceDag:
    """The DAG that crawls ``jurisdiction_code``; ``LookupError`` if none does."""
    prov = province_code_of(jurisdiction_code)
    for pd in province_dags(registry):
        if pd.province_code == prov and jurisdiction_code in pd.codes:
            return pd
    raise LookupError(f"no source in the registry for jurisdiction {jurisdiction_code}")
