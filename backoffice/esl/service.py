"""`callcenter esl`: the event-socket listener process (gevent-based greenswitch, so it runs
apart from the asyncio web server). It owns the dispatcher when the switch is real."""

from __future__ import annotations

import signal

import gevent
from sqlalchemy import select

from backoffice.acd.config import AcdConfig
from backoffice.acd.dispatcher import Dispatcher
from backoffice.config import Settings
from backoffice.db.engine import make_engine, make_session_factory
from backoffice.db.models import Agent
from backoffice.esl.connection import EslConnection
from backoffice.esl.endpoints import AgentEndpoints
from backoffice.esl.listener import QueueListener
from backoffice.esl.switch_adapter import EslSwitch
from backoffice.logs import configure_logging, get_logger
from fs_scripts.prompts import prompt_path

log = get_logger(__name__)


def agent_endpoints(settings: Settings, sessions) -> AgentEndpoints:  # type: ignore[no-untyped-def]
    if settings.agent_endpoints:
        return AgentEndpoints(settings.agent_endpoints)
    with sessions() as db:
        extensions = db.scalars(select(Agent.extension).where(Agent.extension.is_not(None)))
        return AgentEndpoints({ext: f"user/{ext}" for ext in extensions})


def build_listener(settings: Settings) -> tuple[EslConnection, QueueListener, Dispatcher]:
    sessions = make_session_factory(make_engine(settings.database_url), write=True)
    endpoints = agent_endpoints(settings, sessions)
    config = AcdConfig.from_settings(settings)
    holder: dict[str, QueueListener] = {}
    connection = EslConnection(
        settings.esl_host, settings.esl_port, settings.esl_password,
        handler=lambda event: holder["listener"].handle(event),
        on_connected=lambda conn: holder["listener"].on_connected(conn),
    )
    switch = EslSwitch(connection, endpoints, callback_dial_template=settings.callback_dial_template)
    dispatcher = Dispatcher(sessions, switch, config, prompt_path=prompt_path)
    holder["listener"] = QueueListener(dispatcher, sessions, endpoints, config,
                                       settings.queue_destination)
    return connection, holder["listener"], dispatcher


def run_listener(settings: Settings, tick_s: float = 0.25) -> None:
    configure_logging(settings.log_level, settings.log_json)
    connection, _listener, dispatcher = build_listener(settings)
    connection.start()
    gevent.signal_handler(signal.SIGTERM, connection.stop)
    gevent.signal_handler(signal.SIGINT, connection.stop)
    log.info("esl listener started", host=settings.esl_host, port=settings.esl_port)
    while connection.is_running:
        if connection.connected:
            try:
                dispatcher.tick()
            except Exception as exc:  # noqa: BLE001 - the loop must survive; the next tick retries
                log.warning("dispatcher tick failed", error_type=type(exc).__name__)
        gevent.sleep(tick_s)
