"""The registry's YAML reader (core/registry/yamlread.py) gives exactly what PyYAML's safe
loader gives: the same values of the same types, for every bundled file, a generated entry,
and the scalars YAML 1.1 reads in surprising ways."""

from __future__ import annotations

import textwrap

import pytest
import yaml

from bench.jurisdictions import registry_yaml, synthetic_jurisdictions
from core.errors import RegistryError
from core.registry import DEFAULT_DIR
from core.registry.yamlread import read_yaml

SURPRISES = textwrap.dedent(
    """
    decimal: 2026
    zero: 0
    octal: 0755
    underscored: 1_000
    signed: [+12, -7]
    hex: 0x1F
    binary: 0b101
    sexagesimal: 1:30
    float: 6.9
    exponent: 1e3
    infinity: .inf
    flags: [yes, no, on, off, true, False, ~, null]
    date: 2024-02-02
    quoted: ["2026", '0755', "yes"]
    code: "621100"
    fullwidth_digits: ２０２６
    text: 政府工作报告
    empty:
    anchors: {a: &x [1, 2], b: *x}
    merged: {<<: {min_delay: 2, timeout: 30}, timeout: 10}
    """
)


def _both(path, text: str):
    path.write_text(text, encoding="utf-8")
    return read_yaml(path, {}), yaml.load(text, Loader=yaml.SafeLoader)


def _same(a, b) -> bool:
    """Equal, and of the same type all the way down (1 == True == 1.0 would hide a change)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def test_surprising_scalars_read_as_pyyaml_reads_them(tmp_path):
    ours, theirs = _both(tmp_path / "s.yaml", SURPRISES)
    assert _same(ours, theirs)
    assert ours["octal"] == 0o755 and ours["quoted"] == ["2026", "0755", "yes"] and ours["flags"][0] is True


def test_every_bundled_file_and_a_generated_entry_read_as_pyyaml_reads_them(tmp_path):
    resolved: dict = {}  # shared across files, as one registry load shares it
    files = sorted(DEFAULT_DIR.glob("*.yaml"))
    generated = tmp_path / "generated.yaml"
    generated.write_text(registry_yaml(synthetic_jurisdictions(40)[-1]), encoding="utf-8")
    for path in [*files, generated, *files]:
        assert _same(read_yaml(path, resolved), yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader))


def test_bad_yaml_and_a_non_mapping_are_registry_errors(tmp_path):
    (tmp_path / "bad.yaml").write_text("code: [unclosed\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="bad.yaml: not valid YAML"):
        read_yaml(tmp_path / "bad.yaml")
    (tmp_path / "list.yaml").write_text("- 1\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="expected a mapping"):
        read_yaml(tmp_path / "list.yaml")
