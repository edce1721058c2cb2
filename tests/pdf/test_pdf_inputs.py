"""``pdf_section`` on inputs other than the annex tables: a text-only PDF, an encrypted
one, empty ones, and junk — which must give only the typed errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.pdf import pdf_section
from extractors.source_text import Section
from core.errors import ParseError, UnreadableInputError

DATA = Path(__file__).resolve().parent / "data"
NOTICE = DATA / "gansu-2018-notice.pdf"
ENCRYPTED = DATA / "gansu-2018-notice-encrypted.pdf"
SEED = Path(__file__).resolve().parents[2] / "mirror" / "texts" / "seeds" / "003_4af362a320864ba1.txt"


def _seed_notice_paragraphs() -> list[str]:
    if not SEED.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"seed {SEED} is missing; under CI=true ../shared/seeds must exist")
        pytest.skip(f"seed folder {SEED.parent} is absent (it sits at ../shared/seeds beside the repo)")
    lines = SEED.read_text(encoding="utf-8").split("\n")
    end = next(i for i, line in enumerate(lines) if line.strip("\u3000 ").startswith("附件"))
    return [line for line in lines[:end] if line.strip()]


def _pdf(objects: list[bytes]) -> bytes:
    """A well-formed PDF from numbered object bodies (object 1 is the catalog)."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


BLANK_PAGE = _pdf([
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
])
NO_PAGES = _pdf([
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [] /Count 0 >>",
])


def test_text_only_pdf_gives_the_notice_paragraphs():
    section = pdf_section(NOTICE.read_bytes(), NOTICE.name)
    assert section.name == NOTICE.name
    assert section.tables == [] and section.table_lines == []
    # wrapped lines rejoined into the seed's paragraphs, indentation kept, nothing added
    assert section.lines == _seed_notice_paragraphs()


def test_encrypted_pdf_is_a_parse_error():
    with pytest.raises(ParseError) as caught:
        pdf_section(ENCRYPTED.read_bytes(), ENCRYPTED.name)
    assert not isinstance(caught.value, UnreadableInputError)
    assert caught.value.reason == "pdf_encrypted"


@pytest.mark.parametrize("data, reason", [(BLANK_PAGE, "pdf_no_text"), (NO_PAGES, "pdf_empty")])
def test_pdf_without_text_is_a_parse_error(data, reason):
    with pytest.raises(ParseError) as caught:
        pdf_section(data, "blank.pdf")
    assert caught.value.reason == reason


@pytest.mark.parametrize("junk", [
    b"",
    b"hello, this is not a PDF",
    b"<html><body>\xe9\x99\x84\xe4\xbb\xb6</body></html>",
    b"%PDF-1.4\n",
    b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF",
])
def test_junk_is_unreadable_input(junk):
    with pytest.raises(UnreadableInputError):
        pdf_section(junk, "junk.pdf")


def test_truncated_annex_pdf_is_unreadable_input():
    annex = (Path(__file__).resolve().parents[2] / "tests" / "examples" / "breakdown" / "gansu-2018-annexes.pdf")
    with pytest.raises(UnreadableInputError):
        pdf_section(annex.read_bytes()[:5000], "truncated.pdf")


def _only_typed_errors(data: bytes) -> None:
    try:
        result = pdf_section(data, "fuzz.pdf")
    except ParseError:  # UnreadableInputError is a ParseError
        return
    assert isinstance(result, Section)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_give_only_typed_errors(data):
    _only_typed_errors(data)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2048))
def test_bytes_behind_a_pdf_header_give_only_typed_errors(data):
    _only_typed_errors(b"%PDF-1.4\n" + data)


NOTICE_BYTES = NOTICE.read_bytes()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_pdf_gives_only_typed_errors(data):
    """A real PDF cut short, or with bytes overwritten or removed."""
    raw = bytearray(NOTICE_BYTES)
    size = len(raw)
    how = data.draw(st.sampled_from(["cut", "overwrite", "remove"]))
    at = data.draw(st.integers(0, size - 1))
    if how == "cut":
        raw = raw[:at]
    elif how == "overwrite":
        patch = data.draw(st.binary(min_size=1, max_size=64))
        raw[at:at + len(patch)] = patch
    else:
        del raw[at:at + data.draw(st.integers(1, 4096))]
    _only_typed_errors(bytes(raw))
