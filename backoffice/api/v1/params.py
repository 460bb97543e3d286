"""Path and query parameters shared by several routes, bounded so bad input is a 422."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from backoffice.api.v1.pagination import MAX_ID

CustomerId = Annotated[int, Path(ge=1, le=MAX_ID, description="customer id", examples=[1])]
AccountId = Annotated[int, Path(ge=1, le=MAX_ID, description="account id", examples=[1])]
LineId = Annotated[int, Path(ge=1, le=MAX_ID, description="line id", examples=[1])]
BillId = Annotated[int, Path(ge=1, le=MAX_ID, description="bill id", examples=[1])]
IncidentId = Annotated[int, Path(ge=1, le=MAX_ID, description="incident id", examples=[1])]
TicketNumber = Annotated[str, Path(
    pattern=r"^[0-9]{12}$", description="the ticket's readable 12-digit number",
    examples=["261122000017"])]
CardSerial = Annotated[str, Path(pattern=r"^[0-9]{6,20}$", description="card serial number",
                                 examples=["800000000018"])]

PhoneNumberQuery = Annotated[str | None, Query(
    pattern=r"^\+?[0-9]{3,19}$", description="exact phone number of one of its lines",
    examples=["13800000001"])]
CustomerIdQuery = Annotated[int | None, Query(ge=1, le=MAX_ID, description="customer id")]
