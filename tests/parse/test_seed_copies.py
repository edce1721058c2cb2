"""The five seeds live in the project as fixtures (mirror/texts/seeds/); golden inputs
copied from them must stay byte-for-byte copies, and the project's copies must equal the
shared originals wherever ../shared is there (always under CI=true)."""

from pathlib import Path

import pytest

from tests.shared_inputs import require_shared

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "mirror" / "texts" / "seeds"
EXAMPLES = ROOT / "tests" / "examples"
COPIES = {
    "interpretation/yishui-2023.txt": "001_f3db35dbe1c27f80.txt",
    "breakdown/gansu-2026-notice.txt": "000_d7185299d2cdb861.txt",
}


@pytest.mark.parametrize("example, seed", sorted(COPIES.items()))
def test_example_is_an_unedited_seed(example, seed):
    assert (EXAMPLES / example).read_bytes() == (SEEDS / seed).read_bytes()


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_the_projects_seeds_are_the_shared_seeds(seed):
    assert (SEEDS / seed).read_bytes() == require_shared(f"seeds/{seed}").read_bytes()


def test_all_five_seeds_are_in_the_project():
    assert len(list(SEEDS.glob("*.txt"))) == 5
