"""The final warehouse is a function of its inputs, not of the order of runs (issue 14,
item 11): the same text found at two sources is two parsed files, and the version takes its
metadata from the source that ranks first, whichever was parsed or loaded first, and also
after a run that was killed having loaded only one of them."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from core.records import FoundDocument, to_dict
from extractors.normalize import normalize_line
from extractors.parsedstore import ParsedStore
from extractors.rawstore import RawStore
from govwork import stages
from tests.warehouse.helpers import settings_for
from warehouse.db import engine_for

NOTICE = Path(__file__).resolve().parents[1] / "examples" / "breakdown" / "gansu-2026-notice.txt"
# One notice, published by the province and re-posted by a department under its own title.
SOURCES = {
    "a-province": ("https://www.gansu.gov.cn/notice.shtml", "甘肃省人民政府关于印发2026年政府工作报告重点工作分工方案的通知"),
    "b-department": ("https://fzgg.gansu.gov.cn/repost.shtml", "转发：2026年政府工作报告重点工作分工方案"),
}


def _found(store: RawStore, source_id: str) -> dict:
    url, title = SOURCES[source_id]
    data = NOTICE.read_bytes() + (b"\n" if source_id.startswith("b") else b"")  # other bytes, same text
    return to_dict(FoundDocument(jurisdiction_code="620000", source_id=source_id, kind="breakdown", year=2026,
                                 title=title, url=url, outcome="fetched", sha256=store.put(data)))


def _run(settings, source_ids: list[str]) -> None:
    """One pipeline run over the given sources, in that order: parse, validate, load."""
    store = RawStore(settings.raw_dir)
    results = [stages.parse(settings, _found(store, s)) for s in source_ids]
    assert [r["status"] for r in results] == ["parsed"] * len(results), results
    summary = stages.load(settings, results, stages.validate(settings, results))
    assert not [d for d in summary["documents"] if d["action"] == "error"], summary


def _state(url: str) -> dict:
    """What the warehouse says about the notice, ids and times aside."""
    with engine_for(url).connect() as conn:
        return {
            "documents": conn.execute(text("SELECT doc_key, title, status FROM documents")).all(),
            "versions": conn.execute(text(
                "SELECT text_sha256, parser_version, title, doc_number, issuer, published_date, notes_json, "
                "facts_loaded FROM document_versions ORDER BY text_sha256")).all(),
            "provenances": sorted(conn.execute(text("SELECT source_id, url, raw_sha256 FROM provenances")).all()),
            "facts": conn.execute(text("SELECT COUNT(*) FROM declared_counts")).scalar_one(),
        }


def test_the_same_text_from_two_sources_is_two_parsed_files(tmp_path):
    settings = settings_for(tmp_path, f"sqlite:///{tmp_path / 'w.sqlite'}")
    store = RawStore(settings.raw_dir)
    a, b = (stages.parse(settings, _found(store, s)) for s in SOURCES)
    assert a["text_sha256"] == b["text_sha256"] and a["parsed_path"] != b["parsed_path"]
    titles = {ParsedStore.get(r["parsed_path"]).meta.title for r in (a, b)}
    # each file keeps its own source's title, normalised like the body (转发： → 转发:)
    assert titles == {normalize_line(title) for _, title in SOURCES.values()}


def test_the_warehouse_does_not_depend_on_the_order_of_runs(db_url, tmp_path, request):
    histories = {
        "a then b": [["a-province", "b-department"]],
        "b then a": [["b-department", "a-province"]],
        "killed after a, then both": [["a-province"], ["a-province", "b-department"]],
        "killed after b, then both": [["b-department"], ["b-department", "a-province"]],
        "killed after b, then both twice": [["b-department"], ["a-province", "b-department"], ["b-department", "a-province"]],
    }
    states = {}
    for n, (name, runs) in enumerate(histories.items()):
        # a fresh warehouse per history: a SQLite file, or a new PostgreSQL database
        url = (f"sqlite:///{tmp_path / f'w{n}.sqlite'}" if db_url.startswith("sqlite")
               else request.getfixturevalue("make_postgres_url")())
        settings = settings_for(tmp_path / f"h{n}", url)
        for sources in runs:
            _run(settings, sources)
        states[name] = _state(url)
    first = states["a then b"]
    assert {name: s for name, s in states.items() if s != first} == {}  # every history ends the same
    assert first["documents"][0][1] == SOURCES["a-province"][1]  # with the first-ranked source's title
    assert len(first["versions"]) == 1 and first["versions"][0][-1] and len(first["provenances"]) == 2
