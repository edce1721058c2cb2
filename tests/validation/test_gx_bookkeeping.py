"""GX's kwargs lookups with the configuration built once per lookup return what GX's own do."""

from __future__ import annotations

import great_expectations as gx
import pytest
from great_expectations.expectations.expectation import Expectation
from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

from expectations import gx_bookkeeping
from expectations.validate import load_suites


def _suite_expectations() -> list[Expectation]:
    out = []
    for spec in load_suites().values():
        for exp in spec["expectations"]:
            kwargs = {**exp["kwargs"], "batch_id": f"govwork-{spec['name']}"}  # as the validator adds it
            out.append(ExpectationConfiguration(type=exp["type"], kwargs=kwargs, meta=exp["meta"]).to_domain_obj())
    return out


def test_installed_on_the_checked_release():
    assert gx.__version__ == gx_bookkeeping.CHECKED_GX_VERSION  # an upgrade: check the lookups again, then the pin
    assert gx_bookkeeping.install() is True
    assert gx_bookkeeping.install() is True  # idempotent: the methods are wrapped once
    assert not hasattr(Expectation._get_runtime_kwargs.__wrapped__, "__wrapped__")


def test_another_release_keeps_gx_methods(monkeypatch):
    monkeypatch.setattr(gx, "__version__", "9.9.9")
    assert gx_bookkeeping.install() is False


@pytest.mark.parametrize("runtime", [None, {"result_format": {"result_format": "COMPLETE",
                                                              "unexpected_index_column_names": ["version_key", "row"]}}])
def test_lookups_equal_gx_own(runtime):
    gx_bookkeeping.install()
    expectations = _suite_expectations()
    assert len(expectations) == sum(len(s["expectations"]) for s in load_suites().values())
    for exp in expectations:
        assert exp._get_runtime_kwargs(runtime) == Expectation._get_runtime_kwargs.__wrapped__(exp, runtime)
        assert exp._get_success_kwargs() == Expectation._get_success_kwargs.__wrapped__(exp)
        assert exp.configuration.to_json_dict() == type(exp).configuration.fget(exp).to_json_dict()


def test_a_lookup_builds_the_configuration_once_and_forgets_it(monkeypatch):
    gx_bookkeeping.install()
    exp = _suite_expectations()[0]
    built = []
    original = Expectation.dict

    def counting_dict(self, *args, **kwargs):
        built.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Expectation, "dict", counting_dict)
    exp._get_runtime_kwargs()
    once = len(built)
    built.clear()
    Expectation._get_runtime_kwargs.__wrapped__(exp)
    assert once == 1 and len(built) > 1
    assert not getattr(gx_bookkeeping._pinned, "by_id", {})  # nothing pinned outside a lookup
    monkeypatch.setattr(Expectation, "_get_domain_kwargs", lambda self: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        exp._get_success_kwargs()
    assert not gx_bookkeeping._pinned.by_id


def test_metric_ids_of_plain_kwargs_equal_gx_own():
    from great_expectations.core import id_dict
    from great_expectations.util import convert_to_json_serializable

    gx_bookkeeping.install()
    plain = {"column": "seq", "batch_id": "govwork-tasks", "row_condition": None, "mostly": 1, "strict": True, 3: "x"}
    assert id_dict.convert_to_json_serializable is not convert_to_json_serializable
    assert id_dict.convert_to_json_serializable(plain) == convert_to_json_serializable(dict(plain))
    assert id_dict.IDDict(plain).to_id() == id_dict.IDDict(plain).to_id()
    import numpy as np

    # anything else is GX's conversion: a float may be NaN, numpy numbers become Python ones
    for other in ({"a": float("nan"), "b": None}, {"a": np.int64(3), "b": "x"}, {"a": {"b": None}, "c": [1]}):
        assert id_dict.convert_to_json_serializable(dict(other)) == convert_to_json_serializable(dict(other))
