"""Fixtures of the breakdown tests: the golden example inputs, read as they are."""

from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "breakdown"


def example_lines(name: str) -> list[str]:
    return (EXAMPLES / name).read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="session")
def gansu_lines() -> list[str]:
    return example_lines("gansu-2018.txt")


@pytest.fixture(scope="session")
def wuhan_lines() -> list[str]:
    return example_lines("wuhan-2020.txt")


@pytest.fixture(scope="session")
def gansu_rows(gansu_lines) -> list[list[str]]:
    """The numbered rows of both Gansu 2018 tables as cells; a row the capture broke over
    two lines (task 19) is joined back with a line break inside the cell."""
    rows: list[list[str]] = []
    for line in gansu_lines:
        if "\t" not in line:
            continue
        cells = line.split("\t")
        if cells[0].strip().isdigit():
            rows.append(cells)
        elif rows and len(rows[-1]) < 6 and not cells[0].startswith("序号"):
            rows[-1][-1] += "\n" + cells[0]
            rows[-1].extend(cells[1:])
    return rows
