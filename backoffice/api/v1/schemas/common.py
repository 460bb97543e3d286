"""Shapes shared by every resource: pages, problems, and text that is safe to store."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

T = TypeVar("T")

# No control characters (NUL would break PostgreSQL), except tab and newlines in long text.
_SINGLE_LINE = r"^[^\x00-\x1f\x7f]*$"
_MULTI_LINE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


def line_text(max_length: int, min_length: int = 1) -> Any:
    """A one-line string of bounded length, stripped of surrounding spaces."""
    return StringConstraints(strip_whitespace=True, min_length=min_length,
                             max_length=max_length, pattern=_SINGLE_LINE)


def block_text(max_length: int) -> Any:
    """Free text that may span lines."""
    return StringConstraints(max_length=max_length, pattern=_MULTI_LINE)


PhoneNumber = Annotated[str, StringConstraints(pattern=r"^\+?[0-9]{3,19}$")]


class ApiModel(BaseModel):
    """Read from ORM objects; unknown request fields are refused rather than ignored."""

    model_config = ConfigDict(from_attributes=True, extra="forbid")


class Page(BaseModel, Generic[T]):
    """One page of a list. Walk on with `cursor=<next_cursor>` until it is null."""

    items: list[T]
    next_cursor: str | None = Field(
        description="pass as `cursor` to get the next page; null on the last page",
        examples=["aWQ6MTIz"])


class ProblemDetails(BaseModel):
    """RFC 9457 problem details: every error of the API has this shape."""

    type: str = Field(examples=["/problems/insufficient-scope"])
    title: str = Field(examples=["Forbidden"])
    status: int = Field(examples=[403])
    detail: str = Field(examples=[
        "this API key lacks the scope 'read:billing' that GET /api/v1/accounts/{account_id} needs"])
    instance: str = Field(examples=["/api/v1/accounts/1"])


_PROBLEM_DESCRIPTIONS = {
    401: "No API key, or the key is unknown or revoked",
    403: "The API key lacks the scope this operation needs",
    404: "No such object",
    409: "Conflicts with the object's state, or a request with this idempotency key is "
         "still being processed",
    422: "The request is not valid (the `detail` says which field and why)",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for the given error statuses, as problem+json."""
    schema = ProblemDetails.model_json_schema()
    return {status: {"description": _PROBLEM_DESCRIPTIONS[status],
                     "content": {"application/problem+json": {"schema": schema}}}
            for status in statuses}
