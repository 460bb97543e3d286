"""The three per-call routes (identify, PIN verify, balance) skip FastAPI's dependency
solving (api/ivr/lean_route.py). They must still refuse what the other routes refuse, give
the same problem documents, keep PIN digits out of them, and be documented in full."""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient

from backoffice.config import Settings
from tests.support.ivr import token_for
from tests.support.server_errors import MODES, first_server_error

ROUTES = [("POST", "/ivr/v1/identify", {"caller_number": "13800000001"}),
          ("POST", "/ivr/v1/pin/verify", {"call_id": "lean-1", "number": "13800000001",
                                          "pin": "135790"}),
          ("GET", "/ivr/v1/balance", None)]


@pytest.mark.parametrize(("method", "path", "body"), ROUTES, ids=[p for _, p, _ in ROUTES])
@pytest.mark.parametrize("authorization", [None, "Bearer wrong", "Basic abc", "Bearer"])
def test_without_the_service_token_nothing_runs(ivr: TestClient, method: str, path: str,
                                                body: dict | None, authorization: str | None) -> None:
    headers = {"Authorization": authorization or ""}
    if authorization is None:
        ivr.headers.pop("Authorization")
        headers = {}
    reply = ivr.request(method, path, json=body, headers=headers)
    assert reply.status_code == 401
    assert reply.headers["content-type"] == "application/problem+json"
    assert "service token" in reply.json()["detail"]


@pytest.mark.parametrize("token", [None, "", "garbage", "1.2.3"])
def test_the_balance_needs_a_valid_caller_token(ivr: TestClient, token: str | None) -> None:
    headers = {} if token is None else {"X-Caller-Token": token}
    reply = ivr.get("/ivr/v1/balance", headers=headers)
    assert reply.status_code == 401 and reply.json()["reason"] == "caller_token"


def test_a_caller_token_works_for_its_own_line(ivr: TestClient) -> None:
    reply = ivr.get("/ivr/v1/balance", headers=token_for(ivr, "13800000001"))
    assert reply.status_code == 200 and isinstance(reply.json()["balance_fen"], int)


@pytest.mark.parametrize(("path", "content", "field"), [
    ("/ivr/v1/identify", b"{", "body"),
    ("/ivr/v1/identify", b"", "body"),
    ("/ivr/v1/identify", b'{"caller_number": 13800000001}', "body.caller_number"),
    ("/ivr/v1/identify", b'{"caller_number": "1", "extra": 1}', "body.extra"),
    ("/ivr/v1/pin/verify", b'{"call_id": "c", "number": "13800000001"}', "body.pin"),
    ("/ivr/v1/pin/verify", b'{"call_id": "c", "number": "13800000001", "pin": "97531x"}', "body.pin"),
])
def test_bad_bodies_get_a_422_problem_naming_the_field(ivr: TestClient, path: str, content: bytes,
                                                       field: str) -> None:
    reply = ivr.post(path, content=content, headers={"Content-Type": "application/json"})
    assert reply.status_code == 422
    assert reply.headers["content-type"] == "application/problem+json"
    problem = reply.json()
    assert problem["detail"].startswith(field) and problem["errors"][0]["loc"][0] == "body"
    assert "97531" not in reply.text  # a PIN, even a malformed one, is never echoed


def test_the_routes_are_documented_with_their_bodies_headers_and_security(ivr: TestClient) -> None:
    paths = ivr.get("/openapi.json").json()["paths"]
    identify, verify = paths["/ivr/v1/identify"]["post"], paths["/ivr/v1/pin/verify"]["post"]
    balance = paths["/ivr/v1/balance"]["get"]
    for operation in (identify, verify, balance):
        assert operation["security"] == [{"IVR service token": []}]
    assert identify["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/IdentifyIn")
    assert verify["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/VerifyPinIn")
    assert identify["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/CallerOut")
    assert [p["name"] for p in balance["parameters"]] == ["x-caller-token"]


@pytest.mark.timeout(300)
def test_generated_requests_never_cause_a_server_error(ivr: TestClient, settings: Settings) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", ivr.app).include(
        path_regex=r"^/ivr/v1/(identify|pin/verify|balance)$")
    auth = {"Authorization": f"Bearer {settings.ivr_service_token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 3
    failures = [f"{operation.label} ({mode.value}): {failure}"
                for operation in operations for mode in MODES
                if (failure := first_server_error(operation, mode, auth))]
    assert not failures, "\n\n".join(failures)
