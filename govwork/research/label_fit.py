"""Label limits a chart can drop because no label reaches them.

vl-convert measures every label's text (a text-to-path layout in its font database, a few
milliseconds a label, most of a chart's drawing time). A label under a ``labelLimit`` is
measured three times: Vega truncates it (one measurement) before measuring its bounds, and
truncates it again when it writes the SVG; without a limit, once. A limit that truncates
nothing changes nothing in the SVG, so an axis or legend whose labels (or title) all
certainly fit is drawn with ``labelLimit: 0`` (``titleLimit: 0``): no limit. The report's 19
charts took 25,208 font-file reads (vl-convert 1.9 opens the font file for every glyph it
measures) and 17,734 after, the same SVG bytes. An axis or legend with a label that might
reach its limit keeps it (the target-gap charts' pair labels, here), and a label that does
is truncated as before.
"""

from __future__ import annotations

import math
from typing import Any, Iterable

import altair as alt

LABEL_FONT_SIZE = 11  # charts.CONFIG's axis and legend label size
# Widest a character can measure, in ems of the font size. vl-convert measures advances:
# "sans-serif" is Liberation Sans (Arial's widths; "@", the widest ASCII glyph, 1.015 em),
# and a label with a character it lacks (any Chinese) is measured wholly in the first font
# that has it, here Noto Serif CJK: ideographs 1 em, its widest Latin glyph "W" 1.053 em.
EM_PER_CHARACTER = 1.25
MAX_TICKS = 50  # tick labels of a numeric axis: Vega asks for one per 40 px


def certainly_fits(labels: Iterable[str], limit: float, font_size: float = LABEL_FONT_SIZE) -> bool:
    """Every label narrower than ``limit`` pixels however vl-convert measures it."""
    return all(len(str(label)) * font_size * EM_PER_CHARACTER < limit for label in labels)


def label_limit(labels: Iterable[str], limit: float, otherwise: Any = alt.Undefined) -> Any:
    """0 (no limit: nothing to truncate, one measurement a label) when every label certainly
    fits in ``limit`` px, else ``otherwise`` (the axis's or legend's limit as it was set)."""
    return 0 if certainly_fits(labels, limit) else otherwise


def widest_number_labels(values: Iterable[float]) -> list[str]:
    """Strings at least as long as any tick label Vega's default number format writes on a
    linear axis over ``values`` (nice rounding and padding included); [] when unknown.

    Ticks stay within twice the largest magnitude plus the span; their decimals are those of
    the smallest step Vega could choose (the span over ``MAX_TICKS``). With a single value
    (no span) or none, nothing is known: the caller keeps the limit."""
    finite = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    if not finite:
        return []
    low, high = min(finite), max(finite)
    span = high - low
    if span <= 0:
        return []
    magnitude = 2 * max(abs(low), abs(high)) + span
    digits = len(str(int(magnitude))) if magnitude >= 1 else 1
    decimals = max(0, math.ceil(-math.log10(span / MAX_TICKS)))
    widest = "−" + "9" * (digits + (digits - 1) // 3) + ("." + "9" * decimals if decimals else "")
    return [widest]


def number_labels_fit(values: Iterable[float], limit: float) -> bool:
    """Every tick label of a numeric axis over ``values`` certainly fits in ``limit`` px."""
    widest = widest_number_labels(values)
    return bool(widest) and certainly_fits(widest, limit)
