"""`/ivr/v1`: the small, fast API the IVR scripts call. Every route needs the service token.

The three calls of every caller's journey (identify, PIN verify, balance) are `async def`
running their short database work inline: a trip through the thread pool, with dozens of
threads taking turns on the GIL, cost more than the queries themselves (bench/ivr_api.py:
p99 at 300 req/s fell from over a second to under 20 ms). The rest stay in the thread pool.
"""

from fastapi import APIRouter, Depends

from backoffice.api.ivr import account, callers, calls, changes, flows, pins, tickets
from backoffice.api.ivr.auth import require_service_token

router = APIRouter(prefix="/ivr/v1", tags=["ivr"], dependencies=[Depends(require_service_token)])
for module in (callers, pins, account, tickets, changes, calls, flows):
    router.include_router(module.router)
