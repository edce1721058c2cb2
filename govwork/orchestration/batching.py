"""Spread a run's found documents over mapped parse tasks.

One document per mapped task while the run is small (one log and one retry decision per
document); once a run finds more than ``max_tasks`` documents they are grouped, so a
run never asks for more mapped task instances than Airflow allows (``max_map_length``).
"""

from __future__ import annotations

import math
from typing import Iterable

MAX_PARSE_TASKS = 512  # half of Airflow's default max_map_length (1,024), leaves headroom


def flatten(found_per_jurisdiction: Iterable[list[dict] | None]) -> list[dict]:
    """The crawl tasks' outputs (one list per jurisdiction) as one list, without duplicates
    (the same URL reached from two listing pages)."""
    seen: set[tuple[str, str]] = set()
    out: list[dict] = []
    for found in found_per_jurisdiction:
        for doc in found or []:
            key = (doc.get("source_id") or "", doc["url"])
            if key not in seen:
                seen.add(key)
                out.append(doc)
    return out


def batches(documents: list[dict], max_tasks: int = MAX_PARSE_TASKS) -> list[list[dict]]:
    """``documents`` cut into at most ``max_tasks`` batches of near-equal size, in order."""
    if max_tasks < 1:
        raise ValueError("max_tasks must be at least 1")
    if not documents:
        return []
    size = math.ceil(len(documents) / max_tasks)
    return [documents[i : i + size] for i in range(0, len(documents), size)]
