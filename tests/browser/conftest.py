"""Browser tests: Debian's Chromium driven by Playwright against a live back office.

Nothing is downloaded: Playwright drives `/usr/bin/chromium`. The back office runs on
SQLite with the demo data, served by uvicorn on 127.0.0.1.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from backoffice.acd.runner import DispatcherLoop
from backoffice.app import create_app
from backoffice.config import Settings
from backoffice.demo.load import load_demo_data
from backoffice.simulator.router import registry_of
from tests.support.live_server import live_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DEMO_CUSTOMERS = 30


@pytest.fixture
def db_url(sqlite_template: Path, tmp_path: Path) -> str:
    """Browser tests run on SQLite only: they test the pages, the API tests cover PostgreSQL."""
    path = tmp_path / "browser.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def demo_app(settings: Settings) -> Iterator[FastAPI]:
    app = create_app(settings)
    load_demo_data(app.state.engine, DEMO_CUSTOMERS, 3, settings.today(), settings.pin_key_bytes,
                   progress=False)
    yield app
    app.state.engine.dispose()


@pytest.fixture
def base_url(demo_app: FastAPI) -> Iterator[str]:
    with live_server(demo_app) as base:
        yield base
        registry_of(demo_app).hang_up_all()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Per module: Playwright's sync API keeps an event loop running in the main thread while
    it is open, which would break later tests that call asyncio.run()."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN")
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def dispatching(demo_app: FastAPI) -> Iterator[None]:
    """The dispatcher thread `callcenter serve` runs with the simulated switch."""
    loop = DispatcherLoop(demo_app.state.dispatcher)
    loop.start()
    yield
    loop.stop()


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    """Browser contexts a test opens (one per signed-in desk user), closed afterwards."""
    opened: list[BrowserContext] = []
    yield opened
    for context in opened:
        context.close()
