"""The staffing page's form parsing (pure): pasted forecasts, labels and refusals."""

from __future__ import annotations

import pytest

from backoffice.desk.staffing_form import (
    StaffingForm,
    StaffingFormError,
    bar_widths,
    parse_forecast,
    staffing_plan,
)


def test_numbers_get_labels_from_the_start_and_wrap_past_midnight() -> None:
    assert parse_forecast("10, 20；30\n40", "23:00", 30) == [
        ("23:00", 10.0), ("23:30", 20.0), ("00:00", 30.0), ("00:30", 40.0)]


def test_spreadsheet_columns_keep_their_own_times() -> None:
    assert parse_forecast("8:00\t120\n08:30\t300\n", "06:00", 30) == [
        ("08:00", 120.0), ("08:30", 300.0)]


@pytest.mark.parametrize(("text", "start", "code"), [
    ("", "08:00", "no_forecast"), ("  \n ", "08:00", "no_forecast"),
    ("12 x", "08:00", "bad_calls"), ("-1", "08:00", "bad_calls"), ("nan", "08:00", "bad_calls"),
    ("1 " * 337, "08:00", "too_many_intervals"), ("1", "8h", "bad_start"),
    ("1", "24:00", "bad_start")])
def test_bad_forecasts_are_refused_with_a_code(text: str, start: str, code: str) -> None:
    with pytest.raises(StaffingFormError) as refused:
        parse_forecast(text, start, 30)
    assert refused.value.code == code


def test_a_plan_staffs_each_interval_and_sums_the_hours() -> None:
    plan = staffing_plan(StaffingForm(forecast="300 0 100", aht_s="180", answer_s="20",
                                      service_level_pct="80", shrinkage_pct="30"))
    assert [r.staffing.agents for r in plan.rows] == [35, 0, 14]
    assert plan.peak_agents == 35 and plan.total_calls == 400
    assert plan.agent_hours == pytest.approx(49 / 2)
    assert plan.scheduled_agent_hours == pytest.approx((50 + 20) / 2)
    assert bar_widths(plan.rows) == [100, 0, 40]


@pytest.mark.parametrize(("form", "code"), [
    (StaffingForm(forecast="1", interval_minutes=45), "bad_interval"),
    (StaffingForm(forecast="1", aht_s="0"), "bad_aht"),
    (StaffingForm(forecast="1", service_level_pct="100"), "bad_service_level"),
    (StaffingForm(forecast="1", max_occupancy_pct="30"), "bad_occupancy"),
    (StaffingForm(forecast="1", shrinkage_pct="95"), "bad_shrinkage"),
    (StaffingForm(forecast="1", answer_s="ten"), "bad_answer"),
    (StaffingForm(forecast="1000000", aht_s="7200", interval_minutes=15), "too_much_traffic")])
def test_bad_targets_are_refused_with_a_code(form: StaffingForm, code: str) -> None:
    with pytest.raises(StaffingFormError) as refused:
        staffing_plan(form)
    assert refused.value.code == code


def test_the_form_reads_the_query_with_defaults() -> None:
    form = StaffingForm.of({"forecast": "5", "interval": "abc", "sl": "90"})
    assert (form.interval_minutes, form.service_level_pct, form.answer_s) == (0, "90", "15")
