"""Signing a desk user in, in a browser context of its own (several users in one test)."""

from __future__ import annotations

from playwright.sync_api import Browser, BrowserContext, Page, expect

from backoffice.demo.reference import DEMO_PASSWORD


def sign_in(browser: Browser, contexts: list[BrowserContext], base_url: str,
            username: str) -> Page:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 1000})
    contexts.append(context)
    page = context.new_page()
    page.goto(f"{base_url}/desk/login")
    page.get_by_label("工号").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("who")).to_be_visible()
    return page
