"""The server-drawn SVG charts: axes that fit the data, one bar per known value, gaps for
unknown values, and labels escaped."""

from __future__ import annotations

import re

from backoffice.desk.svg_charts import Series, bar_chart, count_axis, percent_axis


def test_count_axes_are_whole_numbers_just_above_the_largest_value() -> None:
    assert count_axis(0) == (1, 1)
    assert count_axis(3) == (3, 1)
    assert count_axis(7) == (8, 2)  # 7 / 4 = 1.75 → steps of 2 up to 8
    assert count_axis(120) == (150, 50)


def test_percentage_axes_fit_small_rates() -> None:
    assert percent_axis(0.07) == (0.1, 0.02)
    assert percent_axis(0.3) == (0.5, 0.1)
    assert percent_axis(0.0) == (0.05, 0.01)
    assert percent_axis(1.0) == (1.0, 0.25)


def test_bars_for_known_values_only_and_a_line_broken_where_unknown() -> None:
    svg = str(bar_chart("Volume", ["d1", "d2", "d3"],
                        [Series("Offered", [3, None, 5], "s-offered"),
                         Series("Answered", [2, 0, 4], "s-answered")],
                        line=Series("Service level", [0.5, None, 0.9], "s-level"),
                        testid="volume"))
    assert svg.count('class="bar s-offered"') == 2 and svg.count('class="bar s-answered"') == 3
    assert svg.count("<polyline") == 0  # two known points, not next to each other: no line
    assert svg.count('class="dot s-level"') == 2
    assert "d1 · Offered: 3" in svg and "d3 · Service level: 90.0%" in svg
    heights = [float(h) for h in re.findall(r'class="bar s-offered"[^>]*height="([\d.]+)"', svg)]
    assert heights[1] > heights[0] > 0  # 5 is drawn taller than 3


def test_labels_are_escaped() -> None:
    svg = str(bar_chart("<b>", ["<script>"], [Series("a&b", [1], "x")]))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a&amp;b" in svg
