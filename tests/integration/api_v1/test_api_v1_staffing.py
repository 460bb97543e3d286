"""`/api/v1/staffing/erlang-c`: agents required for one interval or a forecast (Erlang C)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

URL = "/api/v1/staffing/erlang-c"
FORECAST_URL = "/api/v1/staffing/erlang-c/forecast"


def test_given_600_calls_an_hour_when_asking_for_80_in_20_then_35_agents(api: TestClient) -> None:
    response = api.get(URL, params={"calls_per_interval": 300, "interval_minutes": 30,
                                    "aht_s": 180, "target_answer_s": 20, "target_sl": 0.8})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["agents"] == 35 and body["scheduled_agents"] == 35
    assert body["traffic_erlangs"] == pytest.approx(30.0)
    assert body["service_level"] == pytest.approx(0.837, abs=0.0005)
    assert body["probability_of_waiting"] == pytest.approx(0.2846, abs=0.0005)
    assert body["average_speed_of_answer_s"] == pytest.approx(10.24, abs=0.01)
    assert body["stable"] and body["meets_target"]


def test_calls_per_hour_are_asked_with_an_hour_long_interval_and_the_answer_time_defaults_to_15_s(
        api: TestClient) -> None:
    body = api.get(URL, params={"calls_per_interval": 600, "interval_minutes": 60,
                                "aht_s": 180}).json()
    assert body["agents"] == 35
    assert body["service_level"] == pytest.approx(0.812, abs=0.0005)  # within 15 s, not 20


def test_given_agents_then_that_staffing_is_evaluated_and_an_overload_is_flagged(
        api: TestClient) -> None:
    short = api.get(URL, params={"calls_per_interval": 300, "aht_s": 180, "target_answer_s": 20,
                                 "agents": 34}).json()
    assert short["agents"] == 34 and not short["meets_target"] and short["stable"]
    assert short["service_level"] == pytest.approx(0.7587, abs=0.0005)
    overloaded = api.get(URL, params={"calls_per_interval": 300, "aht_s": 180, "agents": 30})
    assert overloaded.status_code == 200
    flagged = overloaded.json()
    assert not flagged["stable"] and not flagged["meets_target"]
    assert flagged["average_speed_of_answer_s"] is None
    assert flagged["probability_of_waiting"] == 1.0 and flagged["service_level"] == 0.0


def test_shrinkage_and_occupancy_cap_as_in_the_callcentrehelper_example(api: TestClient) -> None:
    body = api.get(URL, params={"calls_per_interval": 100, "aht_s": 180, "target_answer_s": 20,
                                "max_occupancy": 0.85, "shrinkage": 0.3}).json()
    assert (body["agents"], body["scheduled_agents"]) == (14, 20)


@pytest.mark.parametrize(("params", "where"), [
    ({"aht_s": 180}, "calls_per_interval"),
    ({"calls_per_interval": 300, "aht_s": 0}, "aht_s"),
    ({"calls_per_interval": 300, "aht_s": 180, "target_sl": 1}, "target_sl"),
    ({"calls_per_interval": 300, "aht_s": 180, "interval_minutes": 0}, "interval_minutes"),
    ({"calls_per_interval": "many", "aht_s": 180}, "calls_per_interval"),
    ({"calls_per_interval": "nan", "aht_s": 180}, "calls"),
])
def test_bad_input_is_a_422_problem_naming_the_field(api: TestClient, params: dict[str, object],
                                                      where: str) -> None:
    response = api.get(URL, params=params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert where in response.json()["detail"]


def test_traffic_beyond_any_centre_is_refused_as_a_staffing_problem(api: TestClient) -> None:
    response = api.get(URL, params={"calls_per_interval": 1_000_000, "aht_s": 86_400,
                                    "interval_minutes": 1})
    assert response.status_code == 422
    problem = response.json()
    assert problem["type"] == "/problems/staffing-input"
    assert "Erlangs" in problem["detail"]


def test_a_forecast_gets_agents_per_interval_with_peak_and_agent_hours(api: TestClient) -> None:
    response = api.post(FORECAST_URL, json={
        "interval_minutes": 30, "aht_s": 180, "target_answer_s": 20, "target_sl": 0.8,
        "shrinkage": 0.3,
        "intervals": [{"start": "08:00", "calls_per_interval": 0},
                      {"start": "08:30", "calls_per_interval": 300},
                      {"start": "09:00", "calls_per_interval": 100, "aht_s": 360}]})
    assert response.status_code == 200, response.text
    body = response.json()
    rows = body["intervals"]
    assert [(r["start"], r["agents"], r["aht_s"]) for r in rows] == [
        ("08:00", 0, 180), ("08:30", 35, 180), ("09:00", 25, 360)]
    assert rows[2]["traffic_erlangs"] == pytest.approx(20.0)
    assert [r["scheduled_agents"] for r in rows] == [0, 50, 36]
    assert body["total_calls"] == 400 and body["peak_agents"] == 35
    assert body["agent_hours"] == pytest.approx((35 + 25) / 2)
    assert body["scheduled_agent_hours"] == pytest.approx((50 + 36) / 2)


@pytest.mark.parametrize("intervals", [[], [{"calls_per_interval": 1}] * 337,
                                       [{"calls_per_interval": -1}]])
def test_a_forecast_without_intervals_too_long_or_negative_is_refused(
        api: TestClient, intervals: list[dict[str, float]]) -> None:
    response = api.post(FORECAST_URL, json={"aht_s": 180, "intervals": intervals})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_a_forecast_interval_beyond_any_centre_names_the_interval(api: TestClient) -> None:
    response = api.post(FORECAST_URL, json={"aht_s": 86_400, "interval_minutes": 1, "intervals": [
        {"calls_per_interval": 1}, {"calls_per_interval": 1_000_000}]})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("interval 2:")


def test_the_bounds_are_documented_in_the_openapi_schema(api: TestClient) -> None:
    paths = api.get("/openapi.json").json()["paths"]
    parameters = {p["name"]: p["schema"] for p in paths[URL]["get"]["parameters"]}
    level = parameters["target_sl"]
    assert (level["exclusiveMinimum"], level["exclusiveMaximum"]) == (0, 1)
    assert parameters["target_answer_s"]["default"] == 15
    agents = next(s for s in parameters["agents"]["anyOf"] if s.get("type") == "integer")
    assert (agents["minimum"], agents["maximum"]) == (0, 100_000)
    assert api.get(URL, params={"calls_per_interval": 1, "aht_s": 1, "agents": -1}).status_code == 422
