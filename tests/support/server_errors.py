"""A bounded schemathesis run over one operation: the first server error (5xx), if any."""

from __future__ import annotations

import hypothesis
import schemathesis
from hypothesis import HealthCheck, Phase
from schemathesis.checks import not_a_server_error

EXAMPLES_PER_MODE = 25
MODES = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)


def first_server_error(operation: schemathesis.APIOperation, mode: schemathesis.GenerationMode,
                       headers: dict[str, str]) -> str | None:
    found: list[str] = []

    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis.settings(max_examples=EXAMPLES_PER_MODE, deadline=None, database=None,
                         derandomize=True, phases=[Phase.explicit, Phase.generate],
                         suppress_health_check=list(HealthCheck))
    def run(case: schemathesis.Case) -> None:
        if found:
            return
        try:
            case.call_and_validate(headers=headers, checks=[not_a_server_error])
        except (AssertionError, BaseExceptionGroup) as exc:  # how failed checks surface
            found.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - the in-process client re-raises app crashes
            found.append(f"{type(exc).__name__}: {exc}\n{case.as_curl_command()}")

    run()
    return found[0] if found else None
