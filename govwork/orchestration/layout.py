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
index (code, name, level, has sources) cached as JSON and rebuilt from the registry only
when a registry file changed (checked by name, size and mtime).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
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


def _fingerprint(directory: Path) -> str:
    digest = hashlib.sha256(str(directory.resolve()).encode())
    for entry in sorted(os.scandir(directory), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            st = entry.stat()
            digest.update(f"{entry.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
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


def registry_index(directory: Path | None = None) -> list[dict]:
    """``index_of`` the registry in ``directory``, from the cache when no file changed."""
    directory = Path(directory or registry_dir())
    fingerprint = _fingerprint(directory)
    cache = _index_cache_file(directory)
    try:
        cached = json.loads(cache.read_text(encoding="utf-8"))
        if cached.get("fingerprint") == fingerprint:
            return cached["jurisdictions"]
    except (OSError, ValueError, KeyError):
        pass
    from core.registry import load_registry  # DAG parsing reads the cached index; YAML only when it is stale

    index = index_of(load_registry(directory))
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"fingerprint": fingerprint, "jurisdictions": index}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(cache)  # atomic: parallel parsers never read half an index
    except OSError:
        pass  # a read-only cache location only costs speed
    return index


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
