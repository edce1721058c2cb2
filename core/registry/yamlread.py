"""Reading registry YAML files: PyYAML's safe loader, with its per-node Python work cut.

With libyaml, PyYAML scans and parses in C, but it resolves every plain scalar's tag (a
regex per candidate type) and builds every value in Python; for 3,200 entries (~240,000
nodes, a third of them years) that is most of a cold registry load. ``RegistryLoader`` gives
the same values as ``yaml.CSafeLoader`` (tests/crawl/test_registry_yaml.py compares them):

- a plain scalar's tag depends only on its text and how it was written (the safe loader has
  no path resolvers), so it is resolved once per distinct text per registry load;
- strings and plain decimal integers, nearly every scalar, are built directly; any other
  node goes through PyYAML's own constructors (octal, sexagesimal, floats, merge keys ...).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.nodes import ScalarNode

from core.errors import RegistryError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"


class RegistryLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    def __init__(self, stream, resolved: dict | None = None):
        super().__init__(stream)
        self._resolved = {} if resolved is None else resolved

    def resolve(self, kind, value, implicit):
        if kind is not ScalarNode:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = self._resolved.get(key)
        if tag is None:
            tag = self._resolved[key] = super().resolve(kind, value, implicit)
        return tag

    def construct_object(self, node, deep=False):
        if node.__class__ is ScalarNode:
            if node.tag == _STR:
                return node.value
            if node.tag == _INT:
                value = node.value
                # YAML 1.1: a leading 0 is octal, and _ + - 0x 0b : have meanings of their own
                if value.isascii() and value.isdigit() and (value[0] != "0" or value == "0"):
                    return int(value)
        return super().construct_object(node, deep)


def read_yaml(file: Path, resolved: dict | None = None) -> dict:
    """One registry file's mapping; ``resolved`` is shared by the files of one load."""
    try:
        loader = RegistryLoader(file.read_text(encoding="utf-8"), resolved)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise RegistryError(f"{file.name}: not valid YAML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{file.name}: cannot read: {exc}") from None
    if not isinstance(data, dict):
        raise RegistryError(f"{file.name}: expected a mapping at the top level")
    return data
