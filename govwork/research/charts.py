"""The report's charts: Vega-Lite specs built with Altair, rendered to SVG by vl-convert (no
browser, no network), so the report inlines finished SVG and needs no script to show them.

Every mark carries a ``description`` (the SVG's ``aria-label``): what a reader would hover for
is also what a screen reader and the tests read. Time is a numeric axis (years at their true
distance) and a series' line breaks where a year has no data.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, ParamSpec, Sequence, TypeVar

import altair as alt
import pandas as pd
import vl_convert
from altair.utils import schemapi

from govwork.research.label_fit import label_limit, number_labels_fit

# vl-convert measures text with this font; the report's CSS draws the SVG text in a CJK font
# (CSS wins over SVG presentation attributes). Naming the CJK font here costs ~0.3 s a chart.
FONT = "sans-serif"
WIDTH = 400
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f",
           "#bcbd22")
ROLE_SHAPES = {"target": "circle", "actual": "diamond"}
LEGEND_LABEL_LIMIT = 220
AXIS_LABEL_LIMIT = 180  # Vega's default
LEGEND_TITLE_LIMIT = 180  # Vega's default


CONFIG = {"font": FONT, "view": {"stroke": "#ddd"}, "axis": {"labelFontSize": 11, "titleFontSize": 11},
          "legend": {"labelFontSize": 11, "titleFontSize": 11, "labelLimit": LEGEND_LABEL_LIMIT},
          "title": {"fontSize": 14, "anchor": "start"}}


# Where rendered charts are kept (``svg_cache``): vl-convert takes ~0.1 s a chart, and a
# report over an unchanged warehouse draws the same specs again.
_SVG_CACHE: ContextVar[Path | None] = ContextVar("svg_cache", default=None)


@contextmanager
def svg_cache(directory: Path) -> Iterator[None]:
    """Inside this block, ``to_svg`` keeps each rendered chart in ``directory`` under the hash
    of its spec and vl-convert's version, and reuses it for the same spec."""
    token = _SVG_CACHE.set(directory)
    try:
        yield
    finally:
        _SVG_CACHE.reset(token)


def to_svg(chart: alt.TopLevelMixin) -> str:
    """The chart as one ``<svg>`` element (vl-convert; no network). The config is set on the
    spec and Altair's schema validation skipped: Altair copies the whole chart for every
    ``configure_*`` call and validates it in ``to_dict``, which took most of the report's time;
    vl-convert rejects a bad spec anyway."""
    spec = chart.to_dict(validate=False)
    spec["config"] = CONFIG
    directory = _SVG_CACHE.get()
    if directory is None:
        return vl_convert.vegalite_to_svg(spec)
    blob = json.dumps(spec, sort_keys=True, ensure_ascii=False, default=str) + vl_convert.__version__
    path = directory / f"{hashlib.sha256(blob.encode('utf-8')).hexdigest()}.svg"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    svg = vl_convert.vegalite_to_svg(spec)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-")
    except OSError:  # a cache that cannot be written only costs the next report time
        return svg
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(svg)
        os.replace(tmp, path)  # a reader never sees half a chart
    except OSError:
        Path(tmp).unlink(missing_ok=True)
    return svg


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _unchecked(build: Callable[_P, _R]) -> Callable[_P, _R]:
    """Build without Altair's debug mode, which validates every Axis, Scale, Legend and
    transform against the schema as it is made (270 validations a report, ~0.1 s CPU);
    the finished spec is the same, and vl-convert rejects a bad one anyway."""
    @functools.wraps(build)
    def unchecked(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with schemapi.debug_mode(False):
            return build(*args, **kwargs)

    return unchecked


def _numeric_axis(values: Iterable[float]) -> Any:
    """The default axis of a numeric field over ``values``, without its label limit when no
    tick label can reach it (``label_fit``)."""
    return alt.Axis(labelLimit=0) if number_labels_fit(values, AXIS_LABEL_LIMIT) else alt.Undefined


# --- targets over time --------------------------------------------------------------------------


@_unchecked
def colours(names: Sequence[str]) -> alt.Scale:
    """One colour per jurisdiction, the same in every chart of the report."""
    ordered = list(dict.fromkeys(names))
    return alt.Scale(domain=ordered, range=[PALETTE[i % len(PALETTE)] for i in range(len(ordered))])


@_unchecked
def series_chart(title: str, unit: str | None, points: pd.DataFrame, palette: alt.Scale | None = None) -> str:
    """Targets and actuals of one indicator over the years, a colour per jurisdiction.

    ``points`` columns: jurisdiction, year, role (target | actual), low, high, label (the
    value as written: ≈5.5, ≥5, 7.5–7.8), description, segment (consecutive years share one:
    the line is drawn within a segment only, never across a year without data).
    A range is a thick bar from low to high; the label beside every mark says its qualifier.
    """
    first, last = int(points["year"].min()), int(points["year"].max())
    step = max(1, (last - first + 1) // 10)  # at most ~10 labelled years
    years = list(range(first, last + 1, step))
    x = alt.X("year:Q", title="year", scale=alt.Scale(domain=[first - 0.5, last + 0.5], nice=False, zero=False),
              axis=alt.Axis(format="d", values=years, grid=False,
                            labelLimit=label_limit(map(str, years), AXIS_LABEL_LIMIT)))
    y_title = unit or "value"
    names = palette.domain if palette is not None else points["jurisdiction"].unique()
    colour = alt.Color("jurisdiction:N", title="jurisdiction", scale=palette or alt.Undefined,
                       legend=alt.Legend(orient="bottom", columns=4,
                                         labelLimit=label_limit(names, LEGEND_LABEL_LIMIT),
                                         titleLimit=label_limit(["jurisdiction"], LEGEND_TITLE_LIMIT)))
    base = alt.Chart().encode(x=x, color=colour,
                              description=alt.Description("description:N"))  # data: once, on the layer
    targets = base.transform_filter(alt.datum.role == "target")
    line = targets.mark_line(strokeWidth=1.5, opacity=0.6).encode(
        y=alt.Y("mid:Q", title=y_title, scale=alt.Scale(zero=False, padding=12),
                axis=_numeric_axis([*points["low"], *points["high"]])),
        detail=alt.Detail("segment:N"))
    bar = targets.transform_filter(alt.datum.high != alt.datum.low).mark_rule(strokeWidth=8, opacity=0.45).encode(
        y=alt.Y("low:Q"), y2=alt.Y2("high:Q"))
    marks = base.mark_point(size=70, filled=True, opacity=1).encode(
        y=alt.Y("mid:Q"), shape=alt.Shape("role:N", title="mark", scale=alt.Scale(domain=list(ROLE_SHAPES),
                                                                         range=list(ROLE_SHAPES.values())),
                                   legend=alt.Legend(orient="bottom",
                                                     labelLimit=label_limit(ROLE_SHAPES, LEGEND_LABEL_LIMIT),
                                                     titleLimit=label_limit(["mark"], LEGEND_TITLE_LIMIT))))
    labels = base.mark_text(align="left", dx=7, dy=-7, fontSize=11).encode(y=alt.Y("mid:Q"),
                                                                            text=alt.Text("label:N"))
    mid = alt.CalculateTransform(
        calculate="datum.role == 'target' && datum.high != datum.low ? (datum.low + datum.high) / 2 : datum.low",
        **{"as": "mid"})
    return to_svg(alt.layer(line, bar, marks, labels, data=points, transform=[mid], title=title, width=WIDTH,
                            height=220))


# --- targets down the hierarchy -----------------------------------------------------------------


@_unchecked
def target_gap_chart(title: str, unit: str | None, sides: pd.DataFrame) -> str:
    """Each target beside its ancestor's: one row per pair (``pair``), the lower
    jurisdiction's target and the ancestor's as marks labelled as written, a grey line
    between them. ``sides`` columns: pair, side (this | ancestor), low, high, label,
    description. A range is a bar from low to high."""
    rows = max(sides["pair"].nunique(), 1)
    y = alt.Y("pair:N", title=None, sort=None,
              axis=alt.Axis(labelLimit=label_limit(sides["pair"].unique(), 300, otherwise=300)))
    sides_shown = {"this": "this jurisdiction", "ancestor": "ancestor"}
    colour = alt.Color("side:N", title=None, scale=alt.Scale(domain=list(sides_shown), range=["#d62728", "#7f7f7f"]),
                       legend=alt.Legend(orient="top", labelExpr="datum.label == 'this' ? 'this jurisdiction' : 'ancestor'",
                                         labelLimit=label_limit(sides_shown.values(), LEGEND_LABEL_LIMIT)))
    base = alt.Chart().encode(y=y, description=alt.Description("description:N"))  # data: once, on the layer
    x = alt.X("low:Q", title=unit or "value", scale=alt.Scale(zero=False, padding=30),
              axis=_numeric_axis([*sides["low"], *sides["high"]]))
    link = alt.Chart().transform_aggregate(left="min(mid)", right="max(mid)", groupby=["pair"]).mark_rule(
        color="#bbb", strokeWidth=2).encode(y=y, x=alt.X("left:Q"), x2=alt.X2("right:Q"))
    bar = base.transform_filter(alt.datum.high != alt.datum.low).mark_rule(strokeWidth=9, opacity=0.55).encode(
        x=x, x2=alt.X2("high:Q"), color=colour)
    dots = base.transform_filter(alt.datum.high == alt.datum.low).mark_point(size=80, filled=True, opacity=1).encode(
        x=alt.X("low:Q"), color=colour)
    labels = base.mark_text(dy=-10, fontSize=11).encode(x=alt.X("mid:Q"), text=alt.Text("label:N"), color=colour)
    mid = alt.CalculateTransform(calculate="(datum.low + datum.high) / 2", **{"as": "mid"})
    return to_svg(alt.layer(link, bar, dots, labels, data=sides, transform=[mid], title=title, width=WIDTH - 60,
                            height=34 * rows + 10))


# --- counts -------------------------------------------------------------------------------------


@_unchecked
def grouped_bars(title: str, categories: Sequence[str], series: dict[str, Sequence[float | None]]) -> str:
    """Horizontal bars, one group per category, one bar per series; a missing value (None)
    draws no bar and is labelled n/a."""
    records = [{"category": cat, "series": name, "value": values[i],
                "label": "n/a" if values[i] is None else f"{values[i]:g}",
                "description": f"{cat} {name}: {'n/a' if values[i] is None else f'{values[i]:g}'}"}
               for name, values in series.items() for i, cat in enumerate(categories)]
    frame = pd.DataFrame.from_records(records)
    y = alt.Y("category:N", title=None, sort=list(dict.fromkeys(categories)),
              axis=alt.Axis(labelLimit=label_limit(categories, 260, otherwise=260)))
    extent = [0, *(v for counts in series.values() for v in counts if v is not None)]  # bars start at 0
    base = alt.Chart().encode(y=y, yOffset=alt.YOffset("series:N", sort=list(series)),
                                   description=alt.Description("description:N"))
    bars = base.mark_bar(height={"band": 0.9}).encode(
        x=alt.X("value:Q", title=None, axis=_numeric_axis(extent)),
        color=alt.Color("series:N", title=None, sort=list(series),
                        legend=alt.Legend(orient="top", labelLimit=label_limit(series, LEGEND_LABEL_LIMIT))))
    labels = base.mark_text(align="left", dx=3, fontSize=10).encode(
        x=alt.X("shown:Q"), text=alt.Text("label:N")).transform_calculate(shown="datum.value == null ? 0 : datum.value")
    height = max(len(categories), 1) * (14 * len(series) + 8)
    return to_svg(alt.layer(bars, labels, data=frame, title=title, width=WIDTH, height=height))
