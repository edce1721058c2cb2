"""The PDF reader's two fast paths give what the slow rules they replace give, on every
page of the PDFs in the tests: deduplication through ``_IndexedChars`` equals pdfplumber's
own ``Page.dedupe_chars``, and ``_CellFinder`` finds the characters a scan of the whole
table finds for every cell, in the same order."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pdfplumber
import pytest

from extractors.pdf import _cx, _cy, _CellFinder, _IndexedChars

TESTS = Path(__file__).resolve().parents[1]
PDFS = sorted(p for p in TESTS.rglob("*.pdf") if "encrypted" not in p.name)


def _pages(path: Path):
    with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
        yield from pdf.pages


def test_there_are_table_pages_to_check():
    assert any(page.find_tables() for path in PDFS for page in _pages(path))


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_dedupe_through_indexed_chars_is_pdfplumbers(path):
    from pdfplumber.utils import dedupe_chars

    for page in _pages(path):
        expected = page.dedupe_chars().chars
        got = dedupe_chars(_IndexedChars(page.chars))
        assert [id(c) for c in got] == [id(c) for c in expected]


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
