"""Read the registry: one YAML file per jurisdiction, plus ``_defaults.yaml`` that every
source inherits from (candidate title patterns, article-page rules, politeness).

Every entry is checked while it is read (``core.registry.entries``); a bad one raises
``RegistryError`` naming the file, the source and the field, because a typo in a registry
entry should stop a crawl before it starts rather than silently crawl nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

from core.errors import RegistryError
from core.registry import cache as registry_cache
from core.registry.entries import Defaults, jurisdiction
from core.registry.model import Jurisdiction, Registry
from core.registry.yamlread import read_yaml

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_DIR = PACKAGE_DIR / "jurisdictions"
DEFAULTS_FILE = "_defaults.yaml"

# Bump when the model or the checks change, so an old cache is never read.
_CACHE_VERSION = "4"
# The registry this process last loaded from each directory, with the identity of the files
# it was read from (``registry_cache.files_identity``): the parse stage asks once per document.
_LOADED: dict[str, tuple[registry_cache.Identity, Registry]] = {}


def load_registry(path: str | Path | None = None, *, cache: bool = True) -> Registry:
    """Load every ``*.yaml`` jurisdiction file of a directory (``GOVWORK_REGISTRY_DIR``, else
    the bundled one, by default).

    ``_defaults.yaml`` is taken from the directory when it has one, else from the bundled
    registry, so a test or benchmark can point at a directory of jurisdiction files only.

    Each call checks the files (one stat each) and returns the registry this process already
    read from them when none changed, so asking once per document is cheap and a
    long-running process still sees every edit at its next call.

    Parsing thousands of YAML files takes seconds, so a validated registry is also kept as
    JSON under the settings' cache directory (``$GOVWORK_HOME/cache/registry``), keyed by the
    same identity of every file: any edit is a new key. JSON, because a cache must never be
    able to run code (a pickle in a shared temp directory once could); and the cache is only
    read from a directory and a file this user owns that nobody else can write
    (``registry_cache``).
    """
    # GOVWORK_REGISTRY_DIR: the same override the DAG layout reads (a generated registry)
    directory = Path(path or os.environ.get("GOVWORK_REGISTRY_DIR") or DEFAULT_DIR)
    if not directory.is_dir():
        raise RegistryError(f"registry directory not found: {directory}")
    defaults_path = directory / DEFAULTS_FILE
    if not defaults_path.exists():
        defaults_path = DEFAULT_DIR / DEFAULTS_FILE
    if not cache:
        return _load(directory, defaults_path)
    identity = _identity(directory, defaults_path)
    where = str(directory.resolve())
    loaded = _LOADED.get(where)
    if loaded is not None and loaded[0] == identity:
        return loaded[1]
    key = registry_cache.key_for(identity, _CACHE_VERSION, directory)
    store = registry_cache.default_store()
    registry = store.read(key) if store else None
    if registry is None:
        registry = _load(directory, defaults_path)
        if store:
            store.write(key, registry)
    _LOADED[where] = (identity, registry)
    return registry


def _identity(directory: Path, defaults_path: Path) -> registry_cache.Identity:
    try:
        return registry_cache.files_identity(directory, defaults_path)
    except OSError as exc:  # removed or made unreadable between the checks above and here
        raise RegistryError(f"registry directory cannot be read: {directory}: {exc}") from None


def _cache_key(directory: Path, defaults_path: Path) -> str:
    """The JSON cache's key for the registry in ``directory`` as its files are now."""
    return registry_cache.key_for(_identity(directory, defaults_path), _CACHE_VERSION, directory)


def _load(directory: Path, defaults_path: Path) -> Registry:
    resolved: dict = {}  # YAML tags of plain scalars, shared by this load's files (yamlread)
    defaults = Defaults(read_yaml(defaults_path, resolved), defaults_path)

    jurisdictions: list[Jurisdiction] = []
    seen_codes: dict[str, Path] = {}
    seen_sources: dict[str, Path] = {}
    for file in sorted(directory.glob("*.yaml")):
        if file.name.startswith("_"):
            continue
        j = jurisdiction(read_yaml(file, resolved), file, defaults)
        if j.code in seen_codes:
            raise RegistryError(f"{file.name}: jurisdiction {j.code} is also defined in {seen_codes[j.code].name}")
        seen_codes[j.code] = file
        for s in j.sources:
            if s.id in seen_sources:
                raise RegistryError(f"{file.name}: source id {s.id!r} is also used in {seen_sources[s.id].name}")
            seen_sources[s.id] = file
        jurisdictions.append(j)

    for j in jurisdictions:
        if j.parent_code is not None and j.parent_code not in seen_codes:
            raise RegistryError(
                f"{seen_codes[j.code].name}: parent {j.parent_code} of {j.code} has no registry entry"
            )
    return Registry(jurisdictions, candidates=defaults.candidates, exclude=defaults.exclude)
