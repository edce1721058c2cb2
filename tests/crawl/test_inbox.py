"""The manual inbox: files dropped by hand with a sidecar enter the pipeline like crawled ones."""

from __future__ import annotations

import hashlib
import json

from extractors.crawl import run_crawl
from extractors.rawstore import RawStore
from core.config import REPO_ROOT
from core.registry import load_registry
from tests.crawl.faults_registry import settings_for

SEED_000 = REPO_ROOT / "mirror" / "texts" / "seeds" / "000_d7185299d2cdb861.txt"


def _drop(inbox, name: str, data: bytes, sidecar: dict | str | None):
    inbox.mkdir(parents=True, exist_ok=True)
    (inbox / name).write_bytes(data)
    if sidecar is not None:
        text = sidecar if isinstance(sidecar, str) else json.dumps(sidecar, ensure_ascii=False)
        (inbox / f"{name}.json").write_text(text, encoding="utf-8")


def test_inbox_files_enter_as_found_documents(tmp_path):
    # no mirror: an empty registry directory means no source is crawled, only the inbox is read
    settings = settings_for(tmp_path, None)
    data = SEED_000.read_bytes()
    _drop(settings.inbox_dir, "gansu-2026-notice.txt", data, {
        "url": "https://www.gansu.gov.cn/gsszf/c100054/202602/1758243.shtml",
        "jurisdiction": "620000", "kind": "breakdown", "year": 2026,
        "title": "甘肃省人民政府关于分解落实《政府工作报告》主要目标和重点工作的通知",
    })
    _drop(settings.inbox_dir, "wuhan.txt", b"x", {"url": "https://www.wuhan.gov.cn/a.shtml", "jurisdiction": "420100",
                                                  "title": "2020年市《政府工作报告》确定的主要目标任务责任分解方案"})
    report = run_crawl(settings, _no_sources(tmp_path), jurisdiction=None)
    docs = {d.url: d for d in report.documents}
    gansu = docs["https://www.gansu.gov.cn/gsszf/c100054/202602/1758243.shtml"]
    assert gansu.outcome == "inbox" and gansu.source_id == "inbox"
    assert (gansu.jurisdiction_code, gansu.kind, gansu.year) == ("620000", "breakdown", 2026)
    assert gansu.sha256 == hashlib.sha256(data).hexdigest()
    assert RawStore(settings.raw_dir).get(gansu.sha256) == data
    assert docs["https://www.wuhan.gov.cn/a.shtml"].kind == "breakdown"  # kind read from the title
    rows = RawStore(settings.raw_dir).manifest()
    assert {r["outcome"] for r in rows} == {"inbox"} and len(rows) == 2
    assert report.summary["620000"]["inbox"] == 1 and report.ok


def test_inbox_filters_follow_the_crawl_filters(tmp_path):
    settings = settings_for(tmp_path, None)
    _drop(settings.inbox_dir, "a.txt", b"a", {"url": "https://a.cn/1", "jurisdiction": "620000", "kind": "breakdown", "year": 2026})
    _drop(settings.inbox_dir, "b.txt", b"b", {"url": "https://a.cn/2", "jurisdiction": "420100", "kind": "breakdown", "year": 2020})
    report = run_crawl(settings, _no_sources(tmp_path), jurisdiction="420100")
    assert [d.url for d in report.documents] == ["https://a.cn/2"]


def test_bad_inbox_entries_are_reported_and_do_not_stop_the_others(tmp_path):
    settings = settings_for(tmp_path, None)
    _drop(settings.inbox_dir, "no-sidecar.pdf", b"%PDF", None)
    _drop(settings.inbox_dir, "bad-json.txt", b"x", "{not json")
    _drop(settings.inbox_dir, "bad-code.txt", b"x", {"url": "https://a.cn/x", "jurisdiction": "999999", "kind": "breakdown"})
    _drop(settings.inbox_dir, "bad-url.txt", b"x", {"url": "file:///etc/passwd", "jurisdiction": "620000", "kind": "breakdown"})
    _drop(settings.inbox_dir, "no-kind.txt", b"x", {"url": "https://a.cn/y", "jurisdiction": "620000", "title": "春节通知"})
    _drop(settings.inbox_dir, "good.txt", b"good", {"url": "https://a.cn/z", "jurisdiction": "621100", "kind": "work_report"})
    (settings.inbox_dir / "orphan.pdf.json").write_text("{}", encoding="utf-8")
    report = run_crawl(settings, _no_sources(tmp_path))
    assert [d.url for d in report.documents] == ["https://a.cn/z"]
    reasons = {p.file: p.reason for p in report.inbox_problems}
    assert reasons == {
        "no-sidecar.pdf": "inbox_no_sidecar",
        "bad-json.txt": "inbox_invalid",
        "bad-code.txt": "inbox_invalid",
        "bad-url.txt": "inbox_invalid",
        "no-kind.txt": "inbox_invalid",
        "orphan.pdf.json": "inbox_orphan_sidecar",
    }
    messages = " ".join(p.message for p in report.inbox_problems)
    assert "'999999' is not in the registry" in messages and "'kind' must be one of" in messages
    assert not report.ok


def _no_sources(tmp_path):
    """The bundled jurisdictions without their sources: the inbox alone."""
    d = tmp_path / "registry-no-sources"
    d.mkdir()
    for j in load_registry().jurisdictions:
        parent = f'"{j.parent_code}"' if j.parent_code else "null"
        (d / f"{j.code}.yaml").write_text(
            f'code: "{j.code}"\nname: {j.name}\nlevel: {j.level}\nparent: {parent}\nsources: []\n', encoding="utf-8"
        )
    return load_registry(d)
