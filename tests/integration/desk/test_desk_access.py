"""Who may open what on the desk: login, roles with friendly 403 pages, CSRF, session expiry."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from backoffice.db.base import utcnow
from tests.integration.desk.desk_helpers import DeskUser, agent


def test_pages_need_a_login(app: FastAPI) -> None:
    anonymous = TestClient(app)
    for url in ("/desk/", "/desk/customers", "/desk/supervisor", "/desk/call/panel",
                "/desk/events", "/desk/supervisor/events"):
        response = anonymous.get(url, follow_redirects=False)
        assert response.status_code == 303, url
        assert response.headers["location"] == "/desk/login"


def test_given_an_agent_when_opening_the_supervisor_view_then_a_friendly_403_page(
        app: FastAPI) -> None:
    user = DeskUser.login(app, "agent05")
    response = user.get("/desk/supervisor")
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")
    assert "您的角色无权打开此页面" in response.text
    assert user.get("/desk/supervisor/events").status_code == 403


def test_roles_open_their_own_pages(app: FastAPI) -> None:
    supervisor = DeskUser.login(app, "super01")
    assert supervisor.get("/desk/supervisor").status_code == 200
    assert 'data-testid="queues"' in supervisor.get("/desk/supervisor").text
    for username in ("qa01", "dept_net", "super01", "agent01"):
        assert DeskUser.login(app, username).get("/desk/customers?q=张").status_code == 200
    qa = DeskUser.login(app, "qa01")
    assert 'data-testid="call-panel"' not in qa.get("/desk/").text  # a home page, no phone
    assert qa.post("/desk/state", state="available").status_code == 403
    assert qa.get("/desk/supervisor").status_code == 403
    admin = DeskUser.login(app, "admin")
    assert admin.get("/desk/supervisor").status_code == 200


def test_given_no_or_a_forged_csrf_token_when_posting_then_refused_and_nothing_changes(
        app: FastAPI, app_engine: Engine) -> None:
    user = DeskUser.login(app, "agent05")
    missing = user.client.post("/desk/state", data={"state": "available"})
    forged = user.client.post("/desk/state", data={"state": "available", "csrf": "forged"})
    header_forged = user.client.post("/desk/state", data={"state": "available"},
                                     headers={"X-CSRF-Token": "forged"})
    for response in (missing, forged, header_forged):
        assert response.status_code == 403
        assert "页面已过期" in response.text
    assert agent(app_engine, "agent05").state == "logged_out"
    by_header = user.client.post("/desk/state", data={"state": "available"},
                                 headers={"X-CSRF-Token": user.csrf})
    assert by_header.status_code == 200
    assert agent(app_engine, "agent05").state == "available"


def test_given_an_old_session_when_opening_the_desk_then_back_to_login(app: FastAPI) -> None:
    user = DeskUser.login(app, "agent05")
    max_age = app.state.settings.session_max_age_s
    with time_machine.travel(utcnow() + timedelta(seconds=max_age + 5), tick=False):
        response = user.get("/desk/")
    assert response.status_code == 200  # followed to the login page
    assert response.url.path == "/desk/login"


def test_language_switch_changes_the_desk_texts(app: FastAPI) -> None:
    user = DeskUser.login(app, "agent05")
    assert "等待来电" in user.get("/desk/").text
    user.client.get("/desk/lang/en")
    page = user.get("/desk/").text
    assert "Waiting for calls" in page and "等待来电" not in page


def test_signing_out_logs_the_agent_out_of_the_queue(app: FastAPI, app_engine: Engine) -> None:
    user = DeskUser.login(app, "agent05")
    user.available()
    user.client.post("/desk/logout", data={"csrf": user.csrf})
    assert agent(app_engine, "agent05").state == "logged_out"
    assert user.get("/desk/").url.path == "/desk/login"
