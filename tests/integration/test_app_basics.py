"""Health probes, problem+json errors, the API docs and the desk login behind CSRF and roles."""

from __future__ import annotations

import re
from datetime import date

from fastapi.testclient import TestClient

from backoffice.demo.load import load_demo_data
from backoffice.demo.reference import DEMO_PASSWORD


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ok", "database": "ok"}


def test_unknown_route_is_problem_json(client: TestClient) -> None:
    response = client.get("/no/such/thing")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_openapi_is_served(client: TestClient) -> None:
    assert client.get("/openapi.json").json()["info"]["title"] == "Call center back office"
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "cdn.jsdelivr.net" not in docs.text  # served locally: no network at run time


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "the form carries a CSRF token"
    return match.group(1)


def _login(client: TestClient, username: str, password: str) -> int:
    token = _csrf(client.get("/desk/login").text)
    response = client.post("/desk/login", data={"username": username, "password": password,
                                                "csrf": token}, follow_redirects=False)
    return response.status_code


def test_desk_requires_login(client: TestClient) -> None:
    response = client.get("/desk/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/desk/login"


def test_desk_login_with_demo_user(client: TestClient) -> None:
    load_demo_data(client.app.state.engine, 5, 1, date(2026, 11, 22), b"k", progress=False)  # type: ignore[attr-defined]
    assert _login(client, "agent01", "wrong") == 401
    assert _login(client, "agent01", DEMO_PASSWORD) == 303
    page = client.get("/desk/")
    assert page.status_code == 200
    assert "王芳" in page.text
    client.post("/desk/logout", data={"csrf": _csrf(page.text)})
    assert client.get("/desk/", follow_redirects=False).status_code == 303


def test_desk_login_without_csrf_token_is_refused(client: TestClient) -> None:
    load_demo_data(client.app.state.engine, 5, 1, date(2026, 11, 22), b"k", progress=False)  # type: ignore[attr-defined]
    client.get("/desk/login")
    response = client.post("/desk/login", data={"username": "agent01", "password": DEMO_PASSWORD,
                                                "csrf": "forged"}, follow_redirects=False)
    assert response.status_code == 400
