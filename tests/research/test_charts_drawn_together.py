"""Charts drawn together (half by a helper process) are the charts drawn one by one, and a
spec the helper cannot draw still fails with vl-convert's own error."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from govwork.research import charts


def _bars(n: int) -> alt.Chart:
    frame = pd.DataFrame({"category": [f"c{i}" for i in range(n)], "value": list(range(n))})
    return alt.Chart(frame).mark_bar().encode(y="category:N", x="value:Q")


def test_drawn_together_gives_the_svgs_drawn_one_by_one():
    alone = [charts.to_svg(_bars(n)) for n in range(1, 6)]
    with charts.drawn_together():
        pending = [charts.to_svg(_bars(n)) for n in range(1, 6)]
    assert [charts.drawn(p) for p in pending] == alone


def test_a_spec_that_cannot_be_drawn_fails_as_it_does_alone():
    bad = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    bad.mark = "nonsense"  # not a Vega-Lite mark: vl-convert rejects it
    with pytest.raises(ValueError) as alone:
        charts.to_svg(bad)
    with pytest.raises(ValueError) as together:
        with charts.drawn_together():
            charts.to_svg(bad)
            charts.to_svg(_bars(2))
    assert str(together.value) == str(alone.value)
