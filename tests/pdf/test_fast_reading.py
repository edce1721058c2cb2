"""The PDF reader's two fast paths give what the slow rules they replace give, on every
page of the PDFs in the tests: ``_unique_chars`` equals pdfplumber's own
``Page.dedupe_chars`` (and its ``dedupe_chars`` on shuffled characters), and ``_CellFinder`` finds the characters a scan of the whole
table finds for every cell, in the same order."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pdfplumber
import pytest

from extractors.pdf import _cx, _cy, _CellFinder, _unique_chars

TESTS = Path(__file__).resolve().parents[1]
PDFS = sorted(p for p in TESTS.rglob("*.pdf") if "encrypted" not in p.name)


def _pages(path: Path):
    with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
        yield from pdf.pages


def test_there_are_table_pages_to_check():
    assert any(page.find_tables() for path in PDFS for page in _pages(path))


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_unique_chars_are_pdfplumbers_dedupe(path):
    from pdfplumber.utils import dedupe_chars

    dropped = 0
    for page in _pages(path):
        expected = page.dedupe_chars().chars
        assert [id(c) for c in _unique_chars(page.chars)] == [id(c) for c in expected]
        # The test PDFs draw no character twice: add copies, some within the 1 pt tolerance
        # (dropped), some beyond it (kept), some exact, in any order.
        shaken = random.Random(15)
        chars = list(page.chars)
        for c in page.chars[::3]:
            shift = shaken.choice([0.0, 0.4, -0.9, 1.5, 3.0])
            chars.append({**c, "x0": c["x0"] + shift, "doctop": c["doctop"] + shaken.choice([0.0, 0.6, 2.0])})
        shaken.shuffle(chars)
        got = _unique_chars(chars)
        assert [id(c) for c in got] == [id(c) for c in dedupe_chars(chars)]
        dropped += len(chars) - len(got)
    assert dropped


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_cell_finder_finds_what_a_scan_finds(path):
    checked = 0
    for page in _pages(path):
        chars = list(page.chars)
        random.Random(15).shuffle(chars)  # any input order is kept, not only page order
        for table in page.find_tables():
            finder = _CellFinder(chars)
            for row in table.rows:
                for cell in row.cells:
                    if cell is None:
                        continue
                    x0, top, x1, bottom = cell
                    scan = [c for c in chars if x0 <= _cx(c) <= x1 and top <= _cy(c) <= bottom]
                    assert [id(c) for c in finder(cell)] == [id(c) for c in scan]
                    checked += 1
    assert checked or not any(page.find_tables() for page in _pages(path))
