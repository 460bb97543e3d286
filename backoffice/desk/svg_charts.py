"""Charts drawn on the server as inline SVG: bars (counts or percentages), optionally a
percentage line on a right-hand axis.

Why SVG from the server rather than a chart library in the browser: a report is a fixed
answer to a query, so there is nothing to animate; the chart arrives with the page (no
JSON endpoint, no 200 kB of vendored JavaScript, nothing from a CDN), prints, scales to
any screen, speaks the user's language through the same texts as the table, and carries
a <title> per bar for a tooltip and for screen readers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 250
LEFT, RIGHT, TOP, BOTTOM = 48, 48, 32, 36
PERCENT_AXES = ((0.05, 0.01), (0.1, 0.02), (0.2, 0.05), (0.5, 0.1), (1.0, 0.25))
MAX_X_LABELS = 12


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    css: str  # the class that colours it (reports.css)


def count_axis(largest: float) -> tuple[float, float]:
    """(top, step) of an axis of whole numbers with at most five steps."""
    rough = max(largest, 1.0) / 4
    magnitude = 10 ** math.floor(math.log10(rough)) if rough >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if rough <= m * magnitude)
    return math.ceil(max(largest, 1.0) / step) * step, step


def percent_axis(largest: float) -> tuple[float, float]:
    """(top, step) of a percentage axis just above the largest value (a 7 % abandonment
    rate is drawn on 0–10 %, not as a sliver of 0–100 %)."""
    return next((top, step) for top, step in PERCENT_AXES if largest <= top)


def _fmt(value: float, percent: bool, decimals: int = 0) -> str:
    return f"{value * 100:.{decimals}f}%" if percent else f"{value:g}"


def _label_every(n: int) -> int:
    return max(1, math.ceil(n / MAX_X_LABELS))


def bar_chart(title: str, labels: Sequence[str], bars: Sequence[Series], *,
              line: Series | None = None, percent_bars: bool = False,
              testid: str = "chart") -> Markup:
    """Grouped bars per label (left axis), and `line` (0–100 %, right axis) across them.
    A None value draws nothing (no data is not zero)."""
    plot_w = WIDTH - LEFT - (RIGHT if line else 16)
    plot_h = HEIGHT - TOP - BOTTOM
    largest = max((v or 0 for s in bars for v in s.values), default=0)
    top, step = percent_axis(min(largest, 1.0)) if percent_bars else count_axis(largest)
    slot = plot_w / max(len(labels), 1)
    bar_w = max(min(slot * 0.8 / max(len(bars), 1), 40), 1)

    def y(value: float, scale: float) -> float:
        return TOP + plot_h * (1 - value / scale)

    parts = [f'<svg class="chart" data-testid="{escape(testid)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'role="img" aria-label="{escape(title)}" preserveAspectRatio="xMidYMid meet">',
             f"<title>{escape(title)}</title>"]
    ticks = round(top / step)
    for i in range(ticks + 1):  # gridlines and the left axis
        value = step * i
        ty = y(value, top)
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{ty:.1f}" '
                     f'y2="{ty:.1f}"/>')
        parts.append(f'<text class="tick" x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end">'
                     f"{_fmt(value, percent_bars)}</text>")
    if line:
        for i in range(5):
            ty = y(i / 4, 1.0)
            parts.append(f'<text class="tick" x="{LEFT + plot_w + 6}" y="{ty + 4:.1f}">'
                         f"{i * 25}%</text>")
    every = _label_every(len(labels))
    for i, label in enumerate(labels):
        x0 = LEFT + slot * i + (slot - bar_w * len(bars)) / 2
        for k, series in enumerate(bars):
            known = series.values[i]
            if known is None:
                continue
            top_y = y(min(known, top), top)
            parts.append(
                f'<rect class="bar {escape(series.css)}" x="{x0 + k * bar_w:.1f}" '
                f'y="{top_y:.1f}" width="{bar_w:.1f}" height="{TOP + plot_h - top_y:.1f}">'
                f"<title>{escape(label)} · {escape(series.name)}: "
                f"{_fmt(known, percent_bars, 1)}</title></rect>")
        if i % every == 0:
            parts.append(f'<text class="xlabel" x="{LEFT + slot * (i + 0.5):.1f}" '
                         f'y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">'
                         f"{escape(_short(label))}</text>")
    if line:
        parts.extend(_line(line, labels, slot, plot_h))
    parts.append(f'<line class="axis" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{TOP + plot_h}" '
                 f'y2="{TOP + plot_h}"/>')
    parts.extend(_legend([*bars, *([line] if line else [])]))
    parts.append("</svg>")
    return Markup("".join(parts))


def _line(series: Series, labels: Sequence[str], slot: float, plot_h: float) -> list[str]:
    """A polyline per run of known values, and a dot (with its value) at each."""
    runs: list[list[tuple[float, float]]] = [[]]
    dots = []
    for i, value in enumerate(series.values):
        if value is None:
            runs.append([])
            continue
        point = (LEFT + slot * (i + 0.5), TOP + plot_h * (1 - min(max(value, 0.0), 1.0)))
        runs[-1].append(point)
        dots.append(f'<circle class="dot {escape(series.css)}" cx="{point[0]:.1f}" '
                    f'cy="{point[1]:.1f}" r="3"><title>{escape(labels[i])} · '
                    f"{escape(series.name)}: {value * 100:.1f}%</title></circle>")
    lines = [f'<polyline class="line {escape(series.css)}" points="'
             + " ".join(f"{x:.1f},{y:.1f}" for x, y in run) + '"/>'
             for run in runs if len(run) > 1]
    return lines + dots


def _legend(series: Sequence[Series]) -> list[str]:
    parts, x = [], LEFT
    for s in series:
        parts.append(f'<rect class="key {escape(s.css)}" x="{x}" y="8" width="12" height="12"/>'
                     f'<text class="legend" x="{x + 16}" y="18">{escape(s.name)}</text>')
        x += 28 + 8 * len(s.name) + (8 * sum(1 for ch in s.name if ord(ch) > 0x2E80))
    return parts


def _short(label: str) -> str:
    """Axis labels drop the year ("2026-11-20 09:00" → "11-20 09:00")."""
    return label[5:] if len(label) >= 10 and label[4] == "-" else label
