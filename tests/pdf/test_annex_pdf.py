"""The Gansu 2018 annex PDF (LibreOffice rendering of seed 003's annex tables) read by
``extractors.pdf.pdf_section``, checked cell by cell against the seed's own tab rows.

The seed is read here directly (not with the build script's reader): each annex is the
header line starting ``序号<TAB>`` and the numbered tab rows below it up to a blank line;
a line that is not a numbered row continues the row above (the capture broke 附件2 row
19 inside its 配合单位 cell).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pdfplumber
import pytest

from extractors.pdf import pdf_section

REPO = Path(__file__).resolve().parents[2]
PDF = REPO / "mirror" / "build" / "gansu2018_annex" / "gansu-2018-annexes.pdf"
GOLDEN = REPO / "tests" / "examples" / "breakdown" / "gansu-2018-annexes.pdf"
SEED = REPO / "mirror" / "texts" / "seeds" / "003_4af362a320864ba1.txt"  # the project's copy of the seed
LEADER, LEAD = 2, 3
WS = re.compile(r"\s")


def _seed_tables() -> list[list[list[str]]]:
    if not SEED.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"seed {SEED} is missing; under CI=true ../shared/seeds must exist")
        pytest.skip(f"seed folder {SEED.parent} is absent (it sits at ../shared/seeds beside the repo)")
    tables: list[list[list[str]]] = []
    current: list[list[str]] | None = None
    for line in SEED.read_text(encoding="utf-8").split("\n"):
        if line.startswith("序号\t"):
            current = [line.split("\t")]
            tables.append(current)
        elif current is not None and re.match(r"\d+\t", line):
            current.append(line.split("\t"))
        elif current is not None and line.strip():
            # the capture's line break sits inside a cell; the PDF draws it as a wrap
            head, *rest = line.split("\t")
            current[-1][-1] += head
            current[-1].extend(rest)
        else:
            current = None
    return tables


@pytest.fixture(scope="module")
def seed_tables():
    return _seed_tables()


@pytest.fixture(scope="module")
def section():
    return pdf_section(PDF.read_bytes(), PDF.name)


def _whitespace_deleted_only(got: str, expected: str) -> bool:
    """``got`` is ``expected`` with some whitespace characters left out (nothing else)."""
    i = 0
    for ch in expected:
        if i < len(got) and got[i] == ch:
            i += 1
        elif not ch.isspace():
            return False
    return i == len(got)


def test_golden_example_is_the_built_pdf():
    assert GOLDEN.read_bytes() == PDF.read_bytes()


def test_two_tables_with_all_rows_in_order(section, seed_tables):
    assert [len(t) for t in section.tables] == [len(t) for t in seed_tables] == [1 + 11, 1 + 178]
    for table in section.tables:
        assert [int(row[0]) for row in table[1:]] == list(range(1, len(table)))


def test_header_row_once_per_table(section, seed_tables):
    for table, seed in zip(section.tables, seed_tables):
        header = table[0]
        assert WS.sub("", "".join(header)) == WS.sub("", "".join(seed[0]))
        assert all(row != header for row in table[1:])
        assert not any(row[0] == "序号" for row in table[1:])


def test_cells_match_the_seed(section, seed_tables):
    """Every cell: the seed's text, or the seed's text minus whitespace the PDF does not
    draw at a line wrap. Merged cells are None exactly on the rows whose leader and lead
    unit the seed leaves empty."""
    merged_rows = []
    for t, (table, seed) in enumerate(zip(section.tables, seed_tables)):
        for r, (got_row, seed_row) in enumerate(zip(table, seed)):
            assert len(got_row) == len(seed_row) == 6, (t, r)
            continues = r > 0 and seed_row[LEADER] == "" and seed_row[LEAD] == ""
            if continues:
                merged_rows.append(int(seed_row[0]))
            for c, (got, expected) in enumerate(zip(got_row, seed_row)):
                where = f"table {t} row {seed_row[0]} column {c}"
                if continues and c in (LEADER, LEAD):
                    assert got is None, where
                    continue
                assert got is not None, where
                assert "\n" not in got, where
                assert WS.sub("", got) == WS.sub("", expected), where
                assert _whitespace_deleted_only(got, expected), f"{where}: {got!r} vs {expected!r}"
    assert merged_rows == [16, 18, 39, 61, 78, 81, 82, 97, 114, 115, 121, 125, 144, 152, 164, 171, 173]


def _single_line_cells() -> dict[tuple[str, int, int], int]:
    """Straight from pdfplumber: (table header's 2nd cell, 序号, column) → number of
    visual lines the cell is drawn on, for rows not split by a page break."""
    lines: dict[tuple[str, int, int], int] = {}
    split: set[tuple[str, int]] = set()
    kind, last_seq = None, None  # carried over page breaks
    with pdfplumber.open(PDF) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                for row in table.rows:
                    texts, tops = [], []
                    for cell in row.cells:
                        chars = [] if cell is None else [
                            ch for ch in page.chars
                            if cell[0] <= (ch["x0"] + ch["x1"]) / 2 <= cell[2] and cell[1] <= ch["top"] <= cell[3]
                        ]
                        texts.append("".join(ch["text"] for ch in chars))
                        tops.append({round(ch["top"]) for ch in chars if not ch["text"].isspace()})
                    if texts[0] == "序号":
                        kind = texts[1]
                        continue
                    if not texts[0].strip():  # a row's continuation after a page break
                        split.add((kind, last_seq))
                        continue
                    last_seq = int(texts[0])
                    for c, t in enumerate(tops):
                        lines[(kind, last_seq, c)] = len(t)
    return {k: n for k, n in lines.items() if (k[0], k[1]) not in split}


def test_cells_drawn_on_one_line_are_exact(section, seed_tables):
    """Where the PDF draws a cell on one line, no wrap can eat whitespace: the cell must
    equal the seed's text exactly, spaces and ideographic spaces included."""
    drawn = _single_line_cells()
    exact_with_spaces = 0
    checked = 0
    for table, seed in zip(section.tables, seed_tables):
        kind = seed[0][1]
        for got_row, seed_row in zip(table[1:], seed[1:]):
            for c, (got, expected) in enumerate(zip(got_row, seed_row)):
                if got is None or drawn.get((kind, int(seed_row[0]), c)) != 1:
                    continue
                checked += 1
                assert got == expected, f"row {seed_row[0]} column {c}: {got!r} vs {expected!r}"
                exact_with_spaces += bool(WS.search(expected))
    print(f"{checked} one-line cells, {exact_with_spaces} of them with spaces")
    assert checked > 300
    assert exact_with_spaces > 20  # e.g. 黄 强, 省委农工办 省扶贫办


def test_the_pdf_splits_rows_and_repeats_headers():
    """The PDF itself (read with pdfplumber directly) has what the extractor undoes."""
    pages_with_header = pages_starting_mid_row = 0
    with pdfplumber.open(PDF) as pdf:
        for page in pdf.pages:
            tables = page.find_tables()
            if not tables:
                continue
            rows = tables[0].extract()
            if rows[0][0] == "序号":
                pages_with_header += 1
                if len(rows) > 1 and rows[1][0] == "":
                    pages_starting_mid_row += 1
    assert pages_with_header >= 10
    assert pages_starting_mid_row >= 5


def test_table_lines_point_at_the_row_lines(section):
    assert [len(t) for t in section.table_lines] == [len(t) for t in section.tables]
    for table, numbers in zip(section.tables, section.table_lines):
        assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
        for row, number in zip(table, numbers):
            assert section.lines[number - 1] == "\t".join(cell or "" for cell in row)
    # each annex's label and title come before its table
    first_rows = [numbers[0] for numbers in section.table_lines]
    assert section.lines.index("附件1") < section.lines.index("2018年全省经济社会发展主要指标分解表") < first_rows[0]
    assert first_rows[0] < section.lines.index("附件2") < first_rows[1]


def test_no_page_numbers_or_broken_lines(section):
    assert not any(re.fullmatch(r"[—\s\d]+", line) for line in section.lines)
    # one line per row: 2 labels + 2 titles + 12 + 179 rows
    assert len(section.lines) == 4 + 12 + 179
