"""The staffing forecast page: supervisors (and admins) get agents per interval; agents do not."""

from __future__ import annotations

import re

from fastapi import FastAPI

from tests.integration.desk.desk_helpers import DeskUser

EXAMPLE = {"forecast": "08:00 120\n08:30 300\n09:00 0", "start": "08:00", "interval": "30",
           "aht_s": "180", "answer_s": "20", "sl": "80", "occupancy": "100", "shrinkage": "30"}


def agents_column(html: str) -> list[int]:
    return [int(n) for n in re.findall(
        r'data-testid="staffing-agents"><strong>(\d+)</strong>', html)]


def test_given_a_supervisor_when_calculating_a_forecast_then_agents_per_interval(app: FastAPI) -> None:
    supervisor = DeskUser.login(app, "super01")
    response = supervisor.client.get("/desk/staffing", params=EXAMPLE)
    assert response.status_code == 200, response.text
    html = response.text
    assert agents_column(html) == [16, 35, 0]  # 300 calls/half-hour at 180 s, 80/20: 35
    assert '<dd data-testid="staffing-peak">35</dd>' in html
    assert "83.7%" in html and "10.2" in html  # the 35 agents' service level and ASA
    assert ">50<" in html  # rostered with 30% shrinkage: 35 / 0.7
    assert 'href="/desk/staffing" aria-current="page"' in html


def test_the_page_is_in_the_users_language(app: FastAPI) -> None:
    supervisor = DeskUser.login(app, "super01")
    assert "排班预测" in supervisor.get("/desk/staffing").text
    supervisor.get("/desk/lang/en")
    english = supervisor.client.get("/desk/staffing", params=EXAMPLE).text
    assert "Staffing forecast (Erlang C)" in english and "Agents required per interval" in english


def test_the_empty_form_shows_defaults_and_no_table(app: FastAPI) -> None:
    html = DeskUser.login(app, "super01").get("/desk/staffing").text
    assert 'data-testid="staffing-form"' in html and 'data-testid="staffing-table"' not in html
    assert 'name="answer_s" type="number" min="0" max="600" step="any" value="15"' in html


def test_the_example_link_gives_a_whole_day(app: FastAPI) -> None:
    supervisor = DeskUser.login(app, "super01")
    link = re.search(r'href="([^"]+)" data-testid="staffing-example"',
                     supervisor.get("/desk/staffing").text)
    assert link is not None
    html = supervisor.get(link.group(1).replace("&amp;", "&")).text
    assert len(agents_column(html)) == 24


def test_given_a_bad_forecast_then_a_422_page_says_what_to_correct(app: FastAPI) -> None:
    supervisor = DeskUser.login(app, "super01")
    response = supervisor.client.get("/desk/staffing", params={**EXAMPLE, "forecast": "120 lots"})
    assert response.status_code == 422
    assert "来电量须为0到1000000之间的数字：lots" in response.text
    assert 'data-testid="staffing-table"' not in response.text
    assert "120 lots" in response.text  # the form keeps what was typed
    escaped = supervisor.client.get("/desk/staffing", params={**EXAMPLE, "forecast": "<b>x"})
    assert "<b>x" not in escaped.text and "&lt;b&gt;x" in escaped.text


def test_given_an_agent_then_no_link_and_a_403(app: FastAPI) -> None:
    agent = DeskUser.login(app, "agent01")
    assert 'href="/desk/staffing"' not in agent.get("/desk/").text
    response = agent.client.get("/desk/staffing", params=EXAMPLE)
    assert response.status_code == 403
    assert 'data-testid="staffing-table"' not in response.text


def test_an_admin_may_use_it_and_supervisors_see_the_link(app: FastAPI) -> None:
    assert DeskUser.login(app, "admin").client.get("/desk/staffing", params=EXAMPLE).status_code == 200
    assert 'data-testid="nav-staffing"' in DeskUser.login(app, "super01").get("/desk/supervisor").text
