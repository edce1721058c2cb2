"""The parse stage never lets one document stop the others: a typed failure and even an
unexpected crash come back as a ``failed`` result with a reason."""

from __future__ import annotations

from govwork import parsing, stages
from core.config import Settings


def _found(sha: str) -> dict:
    return {"jurisdiction_code": "420100", "source_id": "wuhan-portal", "kind": "breakdown", "year": 2020,
            "title": "t", "url": "http://www.wuhan.gov.cn/x.shtml", "outcome": "fetched", "sha256": sha}


def test_bytes_missing_from_the_raw_store_are_a_typed_failure(tmp_path):
    settings = Settings.from_env({"GOVWORK_HOME": str(tmp_path)}).ensure_dirs()
    result = stages.parse(settings, _found("0" * 64))
    assert (result["status"], result["error_type"]) == ("failed", "UnreadableInputError")


def test_a_crash_is_recorded_and_tried_again_next_time(tmp_path, monkeypatch):
    settings = Settings.from_env({"GOVWORK_HOME": str(tmp_path)}).ensure_dirs()
    calls = []

    def crash(*args, **kwargs):  # fault injection: a bug somewhere below the stage
        calls.append(1)
        raise RuntimeError("boom")

    monkeypatch.setattr(parsing, "parse_found", crash)
    for _ in range(2):
        result = stages.parse(settings, _found("1" * 64))
        assert (result["status"], result["reason"], result["error_type"]) == ("failed", "crash", "RuntimeError")
        assert result["message"] == "boom"
    assert len(calls) == 2  # not remembered as a result
