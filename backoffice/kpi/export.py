"""A report as plain values: for CSV files and JSON answers (the same numbers in both)."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict

from backoffice.kpi.reports import COLUMNS, RATE_COLUMNS, SECONDS_COLUMNS, KpiRow, Report

Value = str | int | float | None


def values(row: KpiRow) -> dict[str, Value]:
    """Rates rounded to 4 decimals, seconds to 1; None stays None (nothing to compute)."""
    out: dict[str, Value] = {}
    for name, value in asdict(row).items():
        if isinstance(value, float) and name in RATE_COLUMNS:
            value = round(value, 4)
        elif isinstance(value, float) and name in SECONDS_COLUMNS:
            value = round(value, 1)
        out[name] = value
    return out


def csv_text(report: Report) -> str:
    """One line per group and a last `total` line; empty cells where there is no value."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["group_by", *COLUMNS])
    for row in [*report.rows, report.total]:
        cells = values(row)
        writer.writerow([report.group_by, *("" if cells[c] is None else cells[c]
                                            for c in COLUMNS)])
    return buffer.getvalue()
