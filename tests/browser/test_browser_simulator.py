"""The browser IVR simulator in real headless Chromium: dial, press keys, hear the balance."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from backoffice.demo.reference import DEMO_PIN
from backoffice.services.lines import find_line
from fs_scripts import prompts, speech

pytestmark = pytest.mark.browser

LINE = "13800000001"
PROMPT_WAIT_MS = 30_000  # prompts play in real time (the welcome alone is ~5 s)


def balance_fen(app: FastAPI, number: str) -> int:
    with Session(app.state.engine) as db:
        line = find_line(db, number)
        assert line is not None
        return line.account.balance_fen


def hear(page: Page, prompt_id: str) -> None:
    """Wait until the prompt starts playing: its caption line is revealed."""
    caption = prompts.caption(prompt_id, "zh")
    line = page.get_by_test_id("line").filter(has_text=caption).last
    expect(line).to_be_visible(timeout=PROMPT_WAIT_MS)


def press(page: Page, keys: str) -> None:
    for key in keys:
        page.get_by_test_id(f"key-{key}").click()


def dial(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/simulator/")
    expect(page.get_by_test_id("caller-number")).to_have_value(LINE)
    page.get_by_test_id("call").click()
    expect(page.get_by_test_id("hangup")).to_be_enabled()


def test_given_the_demo_line_when_keying_2_1_and_the_pin_then_the_balance_caption_plays(
        page: Page, base_url: str, demo_app: FastAPI, artifacts: Path) -> None:
    dial(page, base_url)
    hear(page, "menu/main")
    press(page, "2")
    hear(page, "menu/query")
    press(page, "1")
    hear(page, "pin/enter")
    press(page, f"{DEMO_PIN}#")

    said = ["balance/is", *speech.money(balance_fen(demo_app, LINE), "zh")]
    balance = page.locator(f'[data-testid="line"][data-prompts="{" ".join(said)}"]')
    # inner text: a prompt's piece of the caption shows only once its audio has started
    expect(balance).to_have_text(prompts.catalogue().sentence(said, "zh"), use_inner_text=True,
                                 timeout=PROMPT_WAIT_MS)
    expect(page.get_by_test_id("display")).to_have_text("21••••••#")
    page.screenshot(path=str(artifacts / "browser-simulator-balance.png"), full_page=True)

    sources = page.locator("#captions audio").evaluate_all(
        "audios => audios.map(a => a.getAttribute('src'))")
    assert {f"/simulator/sounds/zh/{prompt_id}.wav" for prompt_id in said} <= set(sources)
    for source in set(sources):
        relative = re.fullmatch(r"/simulator/sounds/((?:zh|en)/[a-z0-9_/]+\.wav)", source)
        assert relative is not None, source
        assert (prompts.sounds_dir() / relative[1]).is_file()
        answer = page.request.get(f"{base_url}{source}")
        assert answer.ok and answer.headers["content-type"] == "audio/wav"
    assert DEMO_PIN not in page.get_by_test_id("captions").inner_text()

    page.get_by_test_id("hangup").click()
    expect(page.get_by_test_id("status")).to_have_text("通话结束")
    expect(page.get_by_test_id("call")).to_be_enabled()


def test_given_a_call_when_pressing_0_then_the_page_shows_the_agent_queue(
        page: Page, base_url: str) -> None:
    dial(page, base_url)
    hear(page, "menu/main")
    press(page, "0")

    expect(page.get_by_test_id("status")).to_have_text(
        re.compile(r"^已转人工排队: callcenter_\w+$"), timeout=PROMPT_WAIT_MS)
    expect(page.get_by_test_id("key-1")).to_be_disabled()
