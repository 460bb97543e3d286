"""Property-based run of schemathesis over the whole `/api/v1` OpenAPI schema.

Every operation gets generated valid and invalid requests, sent with an all-scopes key
against demo data; no answer may be a server error (5xx). The run is bounded by a small
number of examples per operation and mode (seconds per database). It runs on SQLite and on
PostgreSQL alike: PostgreSQL refuses things SQLite swallows (NUL bytes, 64-bit ids,
over-long strings), so it is the run that finds the most.
"""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient

from tests.integration.api_v1.api_v1_helpers import bearer
from tests.integration.api_v1.test_api_v1_auth import ROUTES
from tests.support.server_errors import MODES, first_server_error


@pytest.mark.usefixtures("demo")
@pytest.mark.timeout(300)
def test_generated_requests_never_cause_a_server_error(client: TestClient, full_key: str) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app).include(
        path_regex=r"^/api/v1/")
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in MODES:
            failure = first_server_error(operation, mode, bearer(full_key))
            if failure:
                failures.append(f"{operation.label} ({mode.value}): {failure}")
    assert operations == len(ROUTES)  # every route in the auth test's table
    assert not failures, "\n\n".join(failures)
