"""The parse stage as the CLI and the DAGs call it: one document in, a result dict out,
a bad document a recorded failure rather than an exception."""

from pathlib import Path

from extractors.parsedstore import ParsedStore
from extractors.rawstore import RawStore
from core.records import FoundDocument, to_dict
from govwork import stages
from core.config import Settings

NOTICE = Path(__file__).resolve().parents[1] / "examples" / "breakdown" / "gansu-2026-notice.txt"


def test_stage_parses_writes_and_records_failures(tmp_path):
    settings = Settings.from_env({"GOVWORK_HOME": str(tmp_path)}).ensure_dirs()
    store = RawStore(settings.raw_dir)

    def found(data: bytes) -> dict:
        return to_dict(FoundDocument(jurisdiction_code="620000", source_id="gansu-portal", kind="breakdown",
                                     year=2026, title="", url="https://www.gansu.gov.cn/x.shtml",
                                     outcome="fetched", sha256=store.put(data)))

    ok = stages.parse(settings, found(NOTICE.read_bytes()))
    assert ok["status"] == "parsed" and ok["doc_key"] == "620000:breakdown:2026"
    doc = ParsedStore.get(ok["parsed_path"])
    assert doc.meta.doc_number == "甘政发〔2026〕7号" and doc.text_sha256 == ok["text_sha256"]

    bad = stages.parse(settings, found(b"\x00\x01\x02 not a page" * 20))
    assert (bad["status"], bad["error_type"], bad["reason"]) == ("failed", "UnreadableInputError", "binary")


def test_a_batch_reads_the_registry_once_and_parses_as_one_by_one(tmp_path, monkeypatch):
    """``parse_each`` (the DAG's parse task, ``govwork reparse``) gives what ``parse`` gives per
    document, asking the registry once for the batch and not at all when every result is
    remembered: at 3,200 jurisdictions each ask stats 3,200 files."""
    settings = Settings.from_env({"GOVWORK_HOME": str(tmp_path / "one")}).ensure_dirs()
    batch_settings = Settings.from_env({"GOVWORK_HOME": str(tmp_path / "batch")}).ensure_dirs()
    bodies = [NOTICE.read_bytes(), NOTICE.read_bytes().replace(b"2026", b"2025"), b"\x00\x01 not a page" * 20]

    def found(store: RawStore, data: bytes, n: int) -> dict:
        return to_dict(FoundDocument(jurisdiction_code="620000", source_id="gansu-portal", kind="breakdown",
                                     year=2026, title="", url=f"https://www.gansu.gov.cn/{n}.shtml",
                                     outcome="fetched", sha256=store.put(data)))

    one_by_one = [stages.parse(settings, found(RawStore(settings.raw_dir), b, n)) for n, b in enumerate(bodies)]
    asked = []
    real = stages.load_registry
    monkeypatch.setattr(stages, "load_registry", lambda: asked.append(1) or real())
    batch = [found(RawStore(batch_settings.raw_dir), b, n) for n, b in enumerate(bodies)]
    results = list(stages.parse_each(batch_settings, batch))
    assert len(asked) == 1
    assert [(r["status"], r.get("doc_key"), r.get("reason"), r["raw_sha256"]) for r in results] == \
        [(r["status"], r.get("doc_key"), r.get("reason"), r["raw_sha256"]) for r in one_by_one]
    assert results[0]["text_sha256"] == one_by_one[0]["text_sha256"]

    assert list(stages.parse_each(batch_settings, batch)) == results  # remembered
    assert len(asked) == 1
