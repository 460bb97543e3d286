"""Every router of the desk beyond login and the home page, for the app to include."""

from __future__ import annotations

from backoffice.desk import (
    call_routes,
    customer_action_routes,
    customer_routes,
    events,
    report_routes,  # indicators (issue 8)
    staffing_routes,  # staffing forecast (issue 8)
    state_routes,
    supervisor_routes,
    ticket_routes,  # tickets (issue 7)
    wallboard_routes,  # indicators (issue 8)
)

ROUTERS = (state_routes.router, call_routes.router, customer_action_routes.router,
           customer_routes.router, supervisor_routes.router, events.router,
           ticket_routes.router,  # tickets (issue 7)
           wallboard_routes.router, report_routes.router,  # indicators (issue 8)
           staffing_routes.router)  # staffing forecast (issue 8)
