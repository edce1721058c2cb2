"""Golden inputs copied from the shared seeds must stay byte-for-byte copies."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLES = ROOT / "tests" / "examples"
COPIES = {
    "interpretation/yishui-2023.txt": "001_f3db35dbe1c27f80.txt",
    "breakdown/gansu-2026-notice.txt": "000_d7185299d2cdb861.txt",
}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seeds folder is not beside the checkout")
@pytest.mark.parametrize("example, seed", sorted(COPIES.items()))
def test_example_is_an_unedited_seed(example, seed):
    assert (EXAMPLES / example).read_bytes() == (SEEDS / seed).read_bytes()
