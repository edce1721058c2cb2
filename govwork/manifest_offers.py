"""Which rows of the raw store's manifest a load offers the warehouse.

The load copies the manifest into ``fetches`` (idempotent by row hash). The manifest grows
by a row per fetch, run after run, so offering it whole made every load read, hash and
offer every fetch ever made. Instead, beside the manifest (``manifest_offers.json``), each
warehouse (by a hash of its URL) has the mark up to which its last load was offered the
manifest and the ``row_key`` of the last row offered; a load is offered only the rows
appended since. The mark is followed only when the warehouse holds that last row: the
load that was offered it committed (the manifest's rows go in with one transaction), so
every row before it is there too. A warehouse that was dropped, rebuilt or restored from an
older copy does not hold it and is offered the whole manifest again, as is one whose
manifest was replaced, truncated or rewritten (``RawStore.manifest_since``). The file is
derived data: written whole to a temporary file renamed into place, safe to delete.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from core.config import Settings
from extractors.rawstore import ManifestMark, RawStore
from warehouse.counts import fetches_held
from warehouse.db import engine_for
from warehouse.writes import row_key

OFFERS_NAME = "manifest_offers.json"


def offers_path(store: RawStore) -> Path:
    return store.root / OFFERS_NAME


def manifest_to_offer(settings: Settings) -> list[dict]:
    """The manifest rows the warehouse at ``settings.warehouse_url`` may not hold yet (all of
    them when that is not known), and the mark after them kept for the next load."""
    store = RawStore(settings.raw_dir)
    warehouse = hashlib.sha256(settings.warehouse_url.encode()).hexdigest()
    entries = _read(store)
    entry = entries.get(warehouse) if isinstance(entries.get(warehouse), dict) else {}
    mark = ManifestMark.from_dict(entry)
    if mark is not None and not _holds(settings.warehouse_url, entry.get("last_row")):
        mark = None
    read = store.manifest_since(mark)
    if read.mark is not None and read.mark != mark:
        last = row_key(read.rows[-1]) if read.rows else entry.get("last_row")  # as import_manifest keys it
        entries[warehouse] = {**read.mark.as_dict(), "last_row": last}
        _write(store, entries)
    return read.rows


def _holds(warehouse_url: str, last_row: object) -> bool:
    if not isinstance(last_row, str):
        return False
    try:
        return fetches_held(engine_for(warehouse_url), [last_row]) == 1
    except Exception:  # no warehouse, no tables yet: nothing is known, the whole manifest is offered
        return False


def _read(store: RawStore) -> dict:
    try:
        entries = json.loads(offers_path(store).read_bytes())
    except (OSError, ValueError):
        return {}  # missing, or half-written by a crash: every warehouse is offered everything
    return entries if isinstance(entries, dict) else {}


def _write(store: RawStore, entries: dict) -> None:
    # not written (a read-only raw store): the next load is offered the whole manifest again
    store.write_derived(OFFERS_NAME, json.dumps(entries, sort_keys=True).encode("utf-8"))
