"""Great Expectations' per-expectation bookkeeping made cheaper, with the same results: what a
small batch's validation time mostly is (GX's work per expectation, not per row).

Kwargs lookups build an expectation's configuration once per lookup. GX 1.x rebuilds
``Expectation.configuration`` (a pydantic ``dict()``, a regex on the class name and a new
``ExpectationConfiguration``) on every read, and ``_get_runtime_kwargs`` /
``_get_success_kwargs`` read it once per domain, success and runtime key: ~15 builds a
lookup, ~160 per expectation a batch, 4,600 a batch of our 8 suites, about a third of GX's
CPU time for a small batch. Here each lookup builds it once and its reads share that build.
Nothing changes the expectation during one lookup, so every read would build an equal
configuration: the lookups return what GX's own return (``tests/validation`` compares them).

Metric ids of plain kwargs skip GX's JSON conversion. A ``MetricConfiguration`` is named by
an md5 of its kwargs made JSON-able by ``convert_to_json_serializable``, which tries some
twenty types (numpy's among them) before it reaches ``None``: ~1,600 metric configurations
a batch, ~12 % of GX's CPU time under the profiler. A dict of str, int, bool and None
values converts to itself with its keys as str, which is what ``_plain_json`` returns for
it; any other value goes through GX's conversion.

Applied only to the GX release it was checked against (pyproject pins it); any other
release keeps GX's own methods.
"""

from __future__ import annotations

import functools
import threading

CHECKED_GX_VERSION = "1.24.1"

_pinned = threading.local()  # id(expectation) -> its configuration, while a lookup runs


def install() -> bool:
    """Make the lookups build the configuration once and plain metric ids cheap; True if
    installed (idempotent)."""
    import great_expectations as gx
    from great_expectations.core import id_dict
    from great_expectations.expectations.expectation import Expectation

    if gx.__version__ != CHECKED_GX_VERSION:
        return False
    if getattr(Expectation, "_govwork_configuration_pinned", False):
        return True
    build = Expectation.configuration.fget

    def configuration(self):
        pinned = getattr(_pinned, "by_id", None)
        if pinned:
            found = pinned.get(id(self))
            if found is not None:
                return found
        return build(self)

    configuration.__doc__ = build.__doc__
    Expectation.configuration = property(configuration)
    for name in ("_get_runtime_kwargs", "_get_success_kwargs"):
        setattr(Expectation, name, _building_configuration_once(getattr(Expectation, name), build))
    Expectation._govwork_configuration_pinned = True
    id_dict.convert_to_json_serializable = _plain_json(id_dict.convert_to_json_serializable)
    return True


_PLAIN_TYPES = (str, int, bool, type(None))  # exact types: GX returns these values unchanged


def _plain_json(convert):
    @functools.wraps(convert)
    def plain_json(data):
        if type(data) is dict and all(type(v) in _PLAIN_TYPES for v in data.values()):
            return {str(k): v for k, v in data.items()}
        return convert(data)

    return plain_json


def _building_configuration_once(lookup, build):
    @functools.wraps(lookup)
    def once(self, *args, **kwargs):
        pinned = _pinned.__dict__.setdefault("by_id", {})
        if id(self) in pinned:  # a lookup inside a lookup of the same expectation
            return lookup(self, *args, **kwargs)
        pinned[id(self)] = build(self)
        try:
            return lookup(self, *args, **kwargs)
        finally:
            del pinned[id(self)]

    return once
