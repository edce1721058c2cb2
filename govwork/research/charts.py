"""Charts as inline SVG strings, drawn in Python: the report needs no JavaScript, no CDN
and no network to show them. Every text is escaped; colours come from one palette."""

from __future__ import annotations

from html import escape
from typing import Iterable, Sequence

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
           "#7f7f7f", "#bcbd22")
FONT = "font-family=\"'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif\""


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _num(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """Round tick values covering [lo, hi]."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / n
    mag = 10 ** int(f"{raw:e}".split("e")[1])
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = int(lo // step) * step
    ticks, t = [], start
    while t <= hi + step * 0.001:
        ticks.append(round(t, 10))
        t += step
    if ticks[-1] < hi:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _svg(width: int, height: int, title: str, body: Iterable[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" {FONT} font-size="12">'
            f"<title>{escape(title)}</title>" + "".join(body) + "</svg>")


def _legend(names: Sequence[str], x: int, y: int) -> list[str]:
    parts = []
    for i, name in enumerate(names):
        yy = y + i * 18
        parts.append(f'<rect x="{x}" y="{yy - 9}" width="12" height="12" fill="{colour(i)}"/>'
                     f'<text x="{x + 18}" y="{yy + 1}">{escape(name)}</text>')
    return parts


def points_over_years(title: str, unit: str | None, series: dict[str, list[tuple[int, float, float, str]]],
                      width: int = 560, height: int = 280) -> str:
    """One coloured series per jurisdiction: a dot per year at the target (low end), a
    vertical bar from low to high for ranges, lines joining a series' years.
    ``series``: name -> [(year, low, high, label)]."""
    years = sorted({y for pts in series.values() for y, *_ in pts})
    values = [v for pts in series.values() for _, lo, hi, _ in pts for v in (lo, hi)]
    left, right, top, bottom = 56, 170, 34, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    ticks = _nice_ticks(min(0.0, min(values)), max(values))
    y_lo, y_hi = ticks[0], ticks[-1]

    def x_of(year: int) -> float:
        if len(years) == 1:
            return left + plot_w / 2
        return left + plot_w * (years.index(year) + 0.5) / len(years)

    def y_of(v: float) -> float:
        return top + plot_h * (1 - (v - y_lo) / (y_hi - y_lo))

    body = [f'<text x="{left}" y="20" font-size="14" font-weight="bold">{escape(title)}</text>']
    for t in ticks:
        y = y_of(t)
        body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e3e3"/>'
                    f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{_num(t)}</text>')
    if unit:
        body.append(f'<text x="12" y="{top + plot_h / 2:.0f}" transform="rotate(-90 12 {top + plot_h / 2:.0f})" '
                    f'text-anchor="middle">{escape(unit)}</text>')
    for year in years:
        body.append(f'<text x="{x_of(year):.1f}" y="{top + plot_h + 18}" text-anchor="middle">{year}</text>')
    body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#555"/>')
    for i, (name, pts) in enumerate(series.items()):
        pts = sorted(pts)
        c = colour(i)
        if len(pts) > 1:
            path = " ".join(f"{x_of(y):.1f},{y_of(lo):.1f}" for y, lo, _, _ in pts)
            body.append(f'<polyline points="{path}" fill="none" stroke="{c}" stroke-width="2"/>')
        for year, lo, hi, label in pts:
            x = x_of(year) + (i - (len(series) - 1) / 2) * 6  # nudge series sharing a year apart
            if hi != lo:
                body.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y_of(lo):.1f}" y2="{y_of(hi):.1f}" '
                            f'stroke="{c}" stroke-width="5" stroke-linecap="round" opacity="0.6"/>')
            body.append(f'<circle class="point" cx="{x:.1f}" cy="{y_of(lo):.1f}" r="4.5" fill="{c}">'
                        f"<title>{escape(name)} {year}: {escape(label)}</title></circle>")
    body += _legend(list(series), left + plot_w + 16, top + 8)
    return _svg(width, height, title, body)


def grouped_bars(title: str, categories: Sequence[str], series: dict[str, Sequence[float | None]],
                 width: int = 640, bar_h: int = 14) -> str:
    """Horizontal bars, one group per category, one bar per series (None: no bar, marked n/a)."""
    names = list(series)
    left, right, top = 190, 70, 34
    group_h = bar_h * len(names) + 10
    height = top + group_h * len(categories) + 24 + 18 * len(names)
    vmax = max([v for vals in series.values() for v in vals if v is not None] or [1])
    plot_w = width - left - right
    body = [f'<text x="8" y="20" font-size="14" font-weight="bold">{escape(title)}</text>']
    for gi, cat in enumerate(categories):
        gy = top + gi * group_h
        body.append(f'<text x="{left - 8}" y="{gy + group_h / 2:.0f}" text-anchor="end">{escape(cat)}</text>')
        for si, name in enumerate(names):
            v = series[name][gi]
            y = gy + si * bar_h
            if v is None:
                body.append(f'<text x="{left + 4}" y="{y + bar_h - 3}" fill="#888">{escape(name)}: n/a</text>')
                continue
            w = plot_w * v / vmax
            body.append(f'<rect class="bar" x="{left}" y="{y}" width="{w:.1f}" height="{bar_h - 2}" fill="{colour(si)}">'
                        f"<title>{escape(cat)} {escape(name)}: {_num(v)}</title></rect>"
                        f'<text x="{left + w + 4:.1f}" y="{y + bar_h - 3}">{_num(v)}</text>')
    body += _legend(names, left, top + group_h * len(categories) + 14)
    return _svg(width, height, title, body)
