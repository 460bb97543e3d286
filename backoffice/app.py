"""The FastAPI application: routers, error handling, sessions, static files."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.middleware.sessions import SessionMiddleware

from backoffice.acd.config import AcdConfig
from backoffice.acd.dispatcher import Dispatcher
from backoffice.acd.runner import DispatcherLoop
from backoffice.acd.simulated_switch import SimulatedSwitch
from backoffice.api import health, ivr, v1
from backoffice.api.problems import install_problem_handlers
from backoffice.config import Settings, get_settings
from backoffice.db.engine import make_engine, make_session_factory
from backoffice.desk import auth, pages
from backoffice.desk.routes import ROUTERS as DESK_ROUTERS
from backoffice.jobs.periodic import Job, PeriodicJobs
from backoffice.logs import configure_logging
from backoffice.services.caller_tokens import CallerTokens
from backoffice.services.sla import run_sla_sweep
from backoffice.services.webhook_delivery import WebhookWorker
from backoffice.simulator.router import router as simulator_router

DESK_STATIC = Path(__file__).parent / "desk" / "static"
WEBHOOK_EVERY_S = 5

DESCRIPTION = """Back office of the telecom customer-service call center.

* `/api/v1/...` — integrator REST API (API keys with scopes, `Authorization: Bearer <key>`).
* `/ivr/v1/...` — the IVR scripts' API (service token).
* Errors are `application/problem+json`.
"""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """With the simulated switch the web process runs the agent queue's dispatcher itself."""
    loop = None
    if app.state.settings.switch == "simulated" and app.state.settings.run_dispatcher:
        loop = DispatcherLoop(app.state.dispatcher)
        loop.start()
    app.state.dispatcher_loop = loop
    jobs, webhooks = None, None
    if app.state.settings.run_background_jobs:
        jobs, webhooks = background_jobs(app)
        jobs.start()
    try:
        yield
    finally:
        calls = getattr(app.state, "simulator_calls", None)
        if calls is not None:
            calls.hang_up_all()
        if loop is not None:
            loop.stop()
        if jobs is not None and webhooks is not None:
            jobs.stop()
            webhooks.close()


def background_jobs(app: FastAPI) -> tuple[PeriodicJobs, WebhookWorker]:
    """Ticket SLA escalations and webhook deliveries, beside the web process."""
    settings = app.state.settings
    sessions = app.state.write_session_factory
    webhooks = WebhookWorker(sessions, settings.webhook_signing_key, settings.webhook_timeout_s)
    return PeriodicJobs([
        Job("sla_sweep", settings.sla_sweep_interval_s, lambda: run_sla_sweep(sessions)),
        Job("webhooks", WEBHOOK_EVERY_S, webhooks.run_once),
    ]), webhooks


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.log_json)
    # FastAPIOffline serves the Swagger/ReDoc assets itself: the docs work with no network.
    app = FastAPIOffline(title="Call center back office", version="0.1.0",
                         description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.state.engine = make_engine(settings.database_url, checkpoint_in_background=True)
    app.state.session_factory = make_session_factory(app.state.engine)
    app.state.write_session_factory = make_session_factory(app.state.engine, write=True)
    app.state.caller_tokens = CallerTokens(settings.ivr_service_token + ":caller",
                                           settings.caller_token_ttl_s)

    app.state.switch = SimulatedSwitch()
    app.state.dispatcher = Dispatcher(app.state.write_session_factory, app.state.switch,
                                      AcdConfig.from_settings(settings))

    install_problem_handlers(app)
    app.add_middleware(
        SessionMiddleware, secret_key=settings.session_secret, session_cookie="desk_session",
        max_age=settings.session_max_age_s, same_site="strict",
        https_only=settings.env == "prod",
    )
    app.mount("/static", StaticFiles(directory=DESK_STATIC), name="static")
    for router in (health.router, ivr.per_call_router, ivr.router, v1.router, auth.router, pages.router,
                   pages.root_router, simulator_router):
        app.include_router(router)
    for router in DESK_ROUTERS:
        app.include_router(router)
    return app
