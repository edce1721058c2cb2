"""Golden tests: every input under tests/examples/ is parsed and compared with the
hand-checked ``<name>.compare.json`` beside it (the full ``to_dict(ParsedDocument)``).

An input without a compare file fails, so nobody adds an example and forgets to check it.
A folder's ``README.md`` (how its examples were checked) is documentation, not an input.
A ``<name>.hints.json`` beside an input gives what the crawler would have known
(jurisdiction, kind, year); ``parse_file`` reads it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.parse import parse_file, sidecar_for
from core.records import to_dict
from tests.shared_inputs import example_input, input_name

EXAMPLES = Path(__file__).parent / "examples"
SIDECARS = (".compare.json", ".hints.json")
MAX_SHOWN = 15


def example_inputs() -> list[Path]:
    return sorted(
        p for p in EXAMPLES.rglob("*")
        if p.is_file() and not p.name.endswith(SIDECARS) and not p.name.startswith(".") and p.name != "README.md"
    )


def differences(expected, actual, path: str = "$") -> list[str]:
    """Paths where two JSON values differ, depth first, in document order."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = []
        for key in list(expected) + [k for k in actual if k not in expected]:
            if key not in actual:
                out.append(f"{path}.{key}: missing (expected {_short(expected[key])})")
            elif key not in expected:
                out.append(f"{path}.{key}: unexpected {_short(actual[key])}")
            else:
                out.extend(differences(expected[key], actual[key], f"{path}.{key}"))
        return out
    if isinstance(expected, list) and isinstance(actual, list):
        out = []
        for i, (e, a) in enumerate(zip(expected, actual)):
            out.extend(differences(e, a, f"{path}[{i}]"))
        if len(expected) != len(actual):
            out.append(f"{path}: {len(expected)} items expected, {len(actual)} parsed")
        return out
    if expected != actual:
        return [f"{path}: expected {_short(expected)}, parsed {_short(actual)}"]
    return []


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 160 else text[:157] + "..."


def test_there_are_examples():
    assert len(example_inputs()) >= 3


@pytest.mark.parametrize("path", example_inputs(), ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_example(path: Path):
    compare = sidecar_for(input_name(path), ".compare.json")  # NAME.shared: third-party text, see tests/shared_inputs.py
    assert compare is not None, (
        f"{path.relative_to(EXAMPLES)} has no compare file: write {path.stem}.compare.json beside it "
        "and check every value by hand against the document"
    )
    expected = json.loads(compare.read_text(encoding="utf-8"))
    actual = json.loads(json.dumps(to_dict(parse_file(example_input(path))), ensure_ascii=False))
    diffs = differences(expected, actual)
    if diffs:
        shown = "\n  ".join(diffs[:MAX_SHOWN])
        more = f"\n  … and {len(diffs) - MAX_SHOWN} more" if len(diffs) > MAX_SHOWN else ""
        pytest.fail(f"{path.relative_to(EXAMPLES)} differs from {compare.name}:\n  {shown}{more}", pytrace=False)
