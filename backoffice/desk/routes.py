"""Every router of the desk beyond login and the home page, for the app to include."""

from __future__ import annotations

from backoffice.desk import (
    call_routes,
    customer_action_routes,
    customer_routes,
    events,
    state_routes,
    supervisor_routes,
)

ROUTERS = (state_routes.router, call_routes.router, customer_action_routes.router,
           customer_routes.router, supervisor_routes.router, events.router)
