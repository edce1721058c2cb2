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
