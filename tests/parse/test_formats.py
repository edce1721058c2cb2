"""Office formats, bundles and unsupported formats: decided by content, read into the same
table path as HTML, typed errors for everything else, never a crash."""

from __future__ import annotations

import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from core.errors import GovworkError, UnreadableInputError
from extractors.formats import detect
from extractors.formats.archive import MAX_MEMBERS, unpack
from extractors.formats.office import docx_to_html, xlsx_to_html
from extractors.parse import parse_bytes, read_input
from govwork.cli import parse as parse_cli

ROOT = Path(__file__).resolve().parents[2]
BREAKDOWN = ROOT / "tests" / "examples" / "breakdown"
OFFICE = {ext: (BREAKDOWN / f"office-table.{ext}").read_bytes() for ext in ("html", "docx", "xlsx", "doc", "xls")}
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HAS_SOFFICE = bool(shutil.which("soffice") or shutil.which("libreoffice"))
needs_soffice = pytest.mark.skipif(not HAS_SOFFICE and os.environ.get("CI") != "true",
                                   reason="LibreOffice not installed (scripts/services installs it)")


def run_parse(*args: str):
    """``govwork parse`` in-process (typer's runner on an app with only this command)."""
    app = typer.Typer()
    parse_cli.register(app)

    @app.callback()
    def _root() -> None:  # keeps "parse" a sub-command, as in the real app
        pass

    return CliRunner().invoke(app, ["parse", *args])


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(("data", "kind"), [
    (OFFICE["html"], "html"),
    (OFFICE["docx"], "docx"),
    (OFFICE["xlsx"], "xlsx"),
    (OFFICE["doc"], "ole_word"),
    (OFFICE["xls"], "ole_excel"),
    ((BREAKDOWN / "office-bundle.zip").read_bytes(), "zip"),
    ((BREAKDOWN / "gansu-2018-annexes.pdf").read_bytes(), "pdf"),
    (_zip({"OFD.xml": b"<ofd:OFD/>", "Doc_0/Document.xml": b"<x/>"}), "ofd"),
    (_zip({"ppt/presentation.xml": b"<p/>"}), "pptx"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "image"),
    (b"Rar!\x1a\x07\x01\x00" + b"\x00" * 40, "rar"),
    ("各位代表:今年的主要预期目标是".encode("gb18030"), "text"),
    (b"PK\x03\x04 damaged", "other"),
])
def test_format_is_decided_by_content(data, kind):
    assert detect(data) == kind


def test_the_file_name_does_not_decide(tmp_path):
    # a Word file saved as .xls and a web page saved as .doc, as portals serve them
    (tmp_path / "annex.xls").write_bytes(OFFICE["docx"])
    (tmp_path / "annex.doc").write_bytes(OFFICE["html"])
    outputs = []
    for name in ("annex.xls", "annex.doc"):
        run = run_parse(str(tmp_path / name), "--kind", "breakdown", "--jurisdiction", "621100", "--json")
        assert run.exit_code == 0, run.output
        outputs.append(json.loads(run.stdout)["tasks"])
    assert len(outputs[0]) == 6 and outputs[0] == outputs[1]


def _records(ext: str) -> dict:
    """What `govwork parse --json` says about one form of the office table: the records,
    without the spans (line numbers differ: the .xlsx has no notice text above the table)."""
    run = run_parse(str(BREAKDOWN / f"office-table.{ext}"), "--json")
    assert run.exit_code == 0, run.output
    doc = json.loads(run.stdout)
    for record in doc["tasks"] + doc["targets"]:
        record.pop("span")
    return {"tasks": doc["tasks"], "targets": doc["targets"], "parser": doc["parser"]}


@pytest.mark.parametrize("ext", ["docx", "xlsx", pytest.param("doc", marks=needs_soffice),
                                 pytest.param("xls", marks=needs_soffice)])
def test_office_breakdown_gives_the_records_of_the_html_table(ext):
    html = _records("html")
    assert html["parser"] == "table_breakdown" and len(html["tasks"]) == 6
    assert any(u["inherited"] for t in html["tasks"] for u in t["units"])  # merged cells were inherited
    assert _records(ext) == html


def test_docx_merges_become_rowspans_and_colspans():
    page = docx_to_html(OFFICE["docx"], "x.docx")
    assert 'colspan="6">一、扩大有效投资' in page
    assert 'rowspan="3">王建华' in page and 'rowspan="2">市发展改革委' in page


def test_xlsx_title_row_is_a_paragraph_and_merges_are_spans():
    page = xlsx_to_html(OFFICE["xlsx"], "x.xlsx")
    assert page.index("<p>附件 2026年") < page.index("<table>")
    assert 'rowspan="3">王建华' in page


def test_converter_missing_is_a_typed_error(monkeypatch):
    monkeypatch.setenv("GOVWORK_SOFFICE", "")
    with pytest.raises(UnreadableInputError) as err:
        read_input(OFFICE["doc"], "annex.doc")
    assert err.value.reason == "converter_missing" and "LibreOffice" in str(err.value)


@pytest.mark.parametrize(("data", "label"), [
    (_zip({"OFD.xml": b"<ofd:OFD/>"}), "OFD"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "image"),
])
def test_unsupported_formats_are_named(data, label):
    with pytest.raises(UnreadableInputError) as err:
        read_input(data, "通知.ofd")
    assert err.value.reason == "unsupported_format"
    assert "通知.ofd" in str(err.value) and label in str(err.value)


def test_bundle_members_become_sections_and_bad_members_are_notes():
    bundle = _zip({
        "通知.docx": OFFICE["docx"],
        "附件2.ceb": b"CEB\x00\x01\x02" * 30,
        "../../etc/passwd": b"root",
        "inner.zip": _zip({"a.txt": b"x"}),
    })
    doc = parse_bytes(bundle, "bundle.zip")
    assert doc.parser == "table_breakdown" and len(doc.tasks) == 6
    notes = "\n".join(doc.notes)
    assert "附件2.ceb not read" in notes and "[binary]" in notes
    assert "'../../etc/passwd' refused" in notes
    assert "inner.zip not read" in notes and "[nested_bundle]" in notes


def test_bundle_limits():
    many = _zip({f"{i}.txt": b"x" for i in range(MAX_MEMBERS + 5)})
    unpacked = unpack(many, "zip", "many.zip")
    assert len(unpacked.members) == MAX_MEMBERS
    assert any("more than" in n for n in unpacked.notes)
    with pytest.raises(UnreadableInputError) as err:
        parse_bytes(_zip({"x.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 10}), "scans.zip")
    assert err.value.reason == "empty_bundle"


def test_gbk_member_names_are_decoded():
    # Windows' Chinese zip tools write GBK names without the UTF-8 flag: swap an ASCII
    # placeholder for the GBK bytes of the same length (headers and directory alike).
    gbk = "附件一.txt".encode("gbk")
    placeholder = b"n" * len(gbk)
    raw = _zip({placeholder.decode(): b"x"}).replace(placeholder, gbk)
    assert [m.name for m in unpack(raw, "zip", "gbk.zip").members] == ["附件一.txt"]


# --- never a crash -------------------------------------------------------------------------


def _mutations(seed: bytes):
    return st.tuples(st.integers(0, len(seed) - 1), st.binary(min_size=1, max_size=32)).map(
        lambda p: seed[: p[0]] + p[1] + seed[p[0] + len(p[1]):]
    )


@SLOW
@given(st.one_of(_mutations(OFFICE["docx"]), _mutations(OFFICE["xlsx"]), st.binary(max_size=600).map(lambda b: b"PK\x03\x04" + b)))
def test_damaged_office_files_give_typed_errors(data):
    try:
        read_input(data, "annex")
    except GovworkError:
        pass


@SLOW
@given(st.dictionaries(st.text(st.characters(blacklist_characters="\x00/", blacklist_categories=("Cs",)), min_size=1, max_size=12), st.one_of(st.binary(max_size=200), st.sampled_from([OFFICE["docx"], OFFICE["html"]])), max_size=6))
def test_any_bundle_gives_records_or_a_typed_error(members):
    try:
        parse_bytes(_zip(members), "bundle.zip")
    except GovworkError:
        pass


@needs_soffice
def test_a_damaged_word_97_file_is_a_typed_conversion_error():
    damaged = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "WordDocument".encode("utf-16-le") + b"\x13" * 400
    with pytest.raises(UnreadableInputError) as err:
        read_input(damaged, "损坏的附件.doc")
    assert err.value.reason in ("conversion_failed", "docx_unreadable", "empty")
    assert "损坏的附件.doc" in str(err.value)


def test_crawled_notice_with_office_and_bundled_annexes(tmp_path):
    """A crawled page whose annexes are an .xlsx (served as .xls), a zip and an OFD: the
    workbook's table is read, the bundle's members become sections, the OFD is a note."""
    from core.records import AttachmentRef, FoundDocument
    from extractors.parse import parse_found
    from extractors.rawstore import RawStore

    store = RawStore(tmp_path / "raw")
    page = store.put("<html><body><p>关于印发2026年重点工作任务分解方案的通知</p><p>附件:任务分解表</p></body></html>".encode())
    xlsx = store.put(OFFICE["xlsx"])
    bundle = store.put(_zip({"说明.txt": "分解表说明:各牵头单位按季度报送进展。".encode()}))
    ofd = store.put(_zip({"OFD.xml": b"<ofd:OFD/>"}))
    found = FoundDocument(
        jurisdiction_code="621100", source_id="dingxi", kind="breakdown", year=2026, title="",
        url="https://www.dingxi.gov.cn/a.html", outcome="fetched", sha256=page,
        attachments=[AttachmentRef(url="https://www.dingxi.gov.cn/fj1.xls", title="附件1", outcome="fetched", sha256=xlsx),
                     AttachmentRef(url="https://www.dingxi.gov.cn/fj2.zip", title="附件2", outcome="fetched", sha256=bundle),
                     AttachmentRef(url="https://www.dingxi.gov.cn/fj3.ofd", title="附件3", outcome="fetched", sha256=ofd)],
    )
    doc = parse_found(found, store)
    assert doc.parser == "table_breakdown" and len(doc.tasks) == 6
    assert {t.span.section for t in doc.tasks} == {"附件1.xls"}
    assert any(n.startswith("attachment 附件3.ofd not read") and "[unsupported_format]" in n for n in doc.notes)
    assert doc.provenance[0].attachment_sha256 == [xlsx, bundle]
