"""parse_bytes / parse_file / parse_found: sniffing, dispatch, typed errors."""

import json
from pathlib import Path

import pytest

from extractors import parse as parse_mod
from extractors.parse import choose_parser, parse_bytes, parse_file, parse_found, sniff
from extractors.rawstore import RawStore
from core.records import AttachmentRef, FoundDocument
from extractors.source_text import Section, SourceText
from core.errors import ParseError, UnreadableInputError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NOTICE = EXAMPLES / "breakdown" / "gansu-2026-notice.txt"
YISHUI = EXAMPLES / "interpretation" / "yishui-2023.txt"
YISHUI_PAGE = EXAMPLES / "interpretation" / "yishui-2023-page.html"


def test_sniffing_uses_bytes_not_names():
    assert sniff(b"%PDF-1.7\n...") == "pdf"
    assert sniff(b"\xef\xbb\xbf<!DOCTYPE html><html>") == "html"
    assert sniff("各位代表:<b>".encode()) == "text"


def test_html_page_and_text_capture_give_the_same_records():
    text, page = parse_file(YISHUI), parse_file(YISHUI_PAGE)
    assert page.text_sha256 == text.text_sha256
    assert page.meta == text.meta and page.declared_counts == text.declared_counts
    assert [n for n in page.notes if not n.startswith("normalize:")] == [
        n for n in text.notes if not n.startswith("normalize:")]


def test_html_named_txt_is_still_read_as_html(tmp_path):
    renamed = tmp_path / "page.txt"
    renamed.write_bytes(YISHUI_PAGE.read_bytes())
    assert parse_file(renamed, jurisdiction="371323").text_sha256 == parse_file(YISHUI).text_sha256


def test_options_override_hints(tmp_path):
    copy = tmp_path / "notice.txt"
    copy.write_bytes(NOTICE.read_bytes())
    doc = parse_file(copy, jurisdiction="621100", year=2025)
    assert (doc.meta.jurisdiction_code, doc.meta.year) == ("621100", 2025)
    assert parse_file(copy, kind="interpretation").parser == "interpretation"


def test_best_scoring_parser_wins():
    assert parse_file(NOTICE).parser == "notice_breakdown"  # no tasks in the capture
    assert parse_file(EXAMPLES / "breakdown" / "wuhan-2020.txt").parser != "notice_breakdown"


def test_no_parser_scoring_above_zero_is_a_parse_error(monkeypatch):
    monkeypatch.setattr(parse_mod, "parsers_for", lambda kind: [])
    with pytest.raises(ParseError) as err:
        choose_parser(SourceText([Section("body", ["x"])]), "breakdown")
    assert err.value.reason == "no_parser"


def test_a_crashing_parser_becomes_a_parse_error(monkeypatch):
    class Broken:
        name, version, kind = "broken", "0", "breakdown"

        def score(self, src):
            return 5.0

        def parse(self, src):
            raise KeyError("bug")

    monkeypatch.setattr(parse_mod, "parsers_for", lambda kind: [Broken()])
    with pytest.raises(ParseError) as err:
        parse_file(NOTICE)
    assert err.value.reason == "parser_crashed"


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"   \n\n ", "empty"),
    (bytes(range(256)) * 8, "binary"),
    (b"\x00\x01\x02ELF" + b"\x00" * 200, "binary"),
])
def test_unreadable_bytes(data, reason):
    with pytest.raises(UnreadableInputError) as err:
        parse_bytes(data, "junk")
    assert err.value.reason == reason


def test_text_that_says_nothing_about_kind_is_a_parse_error():
    with pytest.raises(ParseError) as err:
        parse_bytes("今天天气很好。".encode(), "x.txt")
    assert err.value.reason == "unknown_kind"


def test_missing_file_and_bad_hints(tmp_path):
    with pytest.raises(UnreadableInputError):
        parse_file(tmp_path / "none.txt")
    doc = tmp_path / "a.txt"
    doc.write_bytes(NOTICE.read_bytes())
    (tmp_path / "a.hints.json").write_text(json.dumps({"jurisdiction": "620000"}))
    with pytest.raises(UnreadableInputError) as err:
        parse_file(doc)
    assert err.value.reason == "bad_hints"


def test_parse_found_reads_the_page_from_the_raw_store_and_notes_missing_annexes(tmp_path):
    store = RawStore(tmp_path / "raw")
    sha = store.put(NOTICE.read_bytes())
    junk = store.put(b"%PDF-1.4 truncated")
    found = FoundDocument(
        jurisdiction_code="620000", source_id="gansu-gov", kind="breakdown", year=2026,
        title="甘肃省人民政府关于分解落实《政府工作报告》主要目标和重点工作的通知",
        url="https://www.gansu.gov.cn/gsszf/c100055/202602/1.shtml", outcome="fetched", sha256=sha,
        page_meta={"publish_date": "2026-02-02"},
        attachments=[
            AttachmentRef(url="https://www.gansu.gov.cn/a/fj1.pdf", title="附件1", outcome="missing", reason="404"),
            AttachmentRef(url="https://www.gansu.gov.cn/a/fj2.pdf", title="附件2", outcome="fetched", sha256=junk),
        ],
    )
    doc = parse_found(found, store)
    assert doc.meta.doc_number == "甘政发〔2026〕7号" and doc.meta.year == 2026
    assert doc.provenance[0].raw_sha256 == sha and doc.provenance[0].source_id == "gansu-gov"
    assert doc.provenance[0].attachment_sha256 == []  # the broken PDF was not read
    assert any(n.startswith("attachment 附件1.pdf not available (404)") for n in doc.notes)
    assert any(n.startswith("attachment 附件2.pdf not read") for n in doc.notes)
    assert doc.text_sha256 == parse_file(NOTICE).text_sha256


def test_parse_found_without_raw_bytes(tmp_path):
    found = FoundDocument(jurisdiction_code="620000", source_id="s", kind="breakdown", year=2026, title="t",
                          url="https://x/1.html", outcome="fetched", sha256="0" * 64)
    with pytest.raises(UnreadableInputError):
        parse_found(found, RawStore(tmp_path))


def test_parse_found_reads_a_pdf_annex_as_its_own_section(tmp_path):
    """The notice page without its tables, and the annex tables as a fetched PDF."""
    text = (EXAMPLES / "breakdown" / "gansu-2018.txt").read_text(encoding="utf-8")
    store = RawStore(tmp_path / "raw")
    page = store.put(text[: text.index("附件1")].encode("utf-8"))
    annex = store.put((EXAMPLES / "breakdown" / "gansu-2018-annexes.pdf").read_bytes())
    found = FoundDocument(
        jurisdiction_code="620000", source_id="gansu-gov", kind="breakdown", year=2018, title="",
        url="https://www.gansu.gov.cn/a.html", outcome="fetched", sha256=page,
        attachments=[AttachmentRef(url="https://www.gansu.gov.cn/fj.pdf", title="附件1、2", outcome="fetched",
                                   sha256=annex, content_type="application/pdf")],
    )
    doc = parse_found(found, store)
    assert doc.parser == "table_breakdown" and len(doc.tasks) == 178
    assert {t.span.section for t in doc.tasks} == {"附件1、2.pdf"}
    assert doc.provenance[0].attachment_sha256 == [annex]


def test_parse_found_uses_the_registry_body_selector_and_keeps_page_metadata(tmp_path):
    from core.registry import load_registry
    from govwork import stages

    registry = load_registry()
    source_ids = [s.id for s in registry.find("371323").sources]
    assert "yishui-portal" in source_ids
    store = RawStore(tmp_path / "raw")
    page = YISHUI_PAGE.read_bytes()
    as_on_site = store.put(page.replace(b'id="zoom"', b'id="vsb_content"'))  # the portal's article element
    unmatched = store.put(page)

    def found(sha, source_id="yishui-portal"):
        return FoundDocument(jurisdiction_code="371323", source_id=source_id, kind="interpretation", year=2023,
                             title="", url="http://www.yishui.gov.cn/info/1.htm", outcome="fetched", sha256=sha,
                             content_type="text/html; charset=utf-8")  # a wrong charset, as portals send

    def parse_as_stage(doc_found):  # the parse stage passes the registry source's reading rules
        selectors, encoding = stages.reading_rules(registry, doc_found)
        return parse_found(doc_found, store, body_selectors=selectors, encoding=encoding)

    whole = parse_file(YISHUI_PAGE)
    doc = parse_as_stage(found(as_on_site))
    assert doc.meta == whole.meta  # written/published dates from the metadata block outside the article
    assert doc.declared_counts[0].sentence == whole.declared_counts[0].sentence
    assert doc.text_sha256 != whole.text_sha256  # the article only: no title line
    assert any(n.startswith("decode: declared charset utf-8 was wrong") for n in doc.notes)
    # a selector that matches nothing, or a source the registry does not know: the whole page
    assert parse_as_stage(found(unmatched)).text_sha256 == whole.text_sha256
    assert parse_as_stage(found(unmatched, "no-such-source")).text_sha256 == whole.text_sha256


def test_absurdly_nested_html_is_unreadable_not_a_crash():
    page = b"<html><body>" + b"<div>" * 5000 + "关于印发分解方案的通知".encode() + b"</div>" * 5000
    with pytest.raises(UnreadableInputError) as err:
        parse_bytes(page, "deep.html")
    assert err.value.reason == "too_nested"
