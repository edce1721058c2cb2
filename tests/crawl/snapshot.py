"""What the snapshot mirror holds, derived from its spec files and the registry (never a
hand-kept list): the documents a crawl must find, the rows it must leave alone, and
whether the third-party reference text is here to be served."""

from __future__ import annotations

from core.registry import Registry, load_registry
from govwork.mirror.site import Site, load_sites
from tests.shared_inputs import require_shared

REFERENCE = "reference/gansu-2026-work-report.txt"


def sites() -> dict[str, Site]:
    return load_sites()


def source_of(registry: Registry, host: str):
    """(jurisdiction, source) whose allowed hosts include ``host``."""
    for j in registry.jurisdictions:
        for s in j.sources:
            if host.lower() in s.allowed_hosts:
                return j, s
    raise LookupError(f"no registry source serves {host}")


def expected_documents(registry: Registry | None = None) -> set[tuple[str, str, int, str]]:
    """(jurisdiction, kind, year, source id) of every document page the mirror serves."""
    registry = registry or load_registry()
    out = set()
    for host, site in sites().items():
        for art in site.articles:
            if art.get("document"):
                j, s = source_of(registry, host)
                out.add((j.code, art["document"]["kind"], art["document"]["year"], s.id))
    return out


def distractor_paths() -> set[tuple[str, str]]:
    """(host, path) of listing rows that are no document of the snapshot."""
    import yaml

    from govwork.mirror.site import MIRROR_ROOT

    out = set()
    for f in (MIRROR_ROOT / "spec").glob("*.yaml"):
        spec = yaml.safe_load(f.read_text(encoding="utf-8"))
        documents = {a["path"] for a in spec.get("articles") or [] if a.get("document")}
        for listing in spec.get("listings") or []:
            for row in listing["rows"]:
                href = row[2] if isinstance(row, list) else row["href"]
                if href not in documents:
                    out.add((spec["host"], href))
    return out


def require_reference() -> None:
    """Skip (with the reason) when the third-party reference text is not beside the
    checkout; under CI=true it must be there, so a missing file fails instead."""
    require_shared(REFERENCE)
