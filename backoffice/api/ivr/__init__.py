"""`/ivr/v1`: the small, fast API the IVR scripts call. Every route needs the service token.

The three calls of every caller's journey (identify, PIN verify, balance) are `async def`
running their short database work inline, as lean routes with a router of their own
(per_call.py), included first so they are matched first: a trip through the thread pool,
with dozens of threads taking turns on the GIL, cost more than the queries themselves
(bench/ivr_api.py). The rest are ordinary FastAPI routes in the thread pool.
"""

from fastapi import APIRouter, Depends

from backoffice.api.ivr import account, callers, calls, changes, flows, per_call, pins, tickets
from backoffice.api.ivr.auth import require_service_token

per_call_router = per_call.router
router = APIRouter(prefix="/ivr/v1", tags=["ivr"], dependencies=[Depends(require_service_token)])
for module in (callers, pins, account, tickets, changes, calls, flows):
    router.include_router(module.router)
