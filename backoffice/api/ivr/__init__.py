"""`/ivr/v1`: the small, fast API the IVR scripts call. Every route needs the service token."""

from fastapi import APIRouter, Depends

from backoffice.api.ivr import account, callers, calls, changes, flows, pins, tickets
from backoffice.api.ivr.auth import require_service_token

router = APIRouter(prefix="/ivr/v1", tags=["ivr"], dependencies=[Depends(require_service_token)])
for module in (callers, pins, account, tickets, changes, calls, flows):
    router.include_router(module.router)
