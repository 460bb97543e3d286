"""Only absolute http(s) URLs without credentials can be webhook endpoints."""

from __future__ import annotations

import re

import pytest

from backoffice.services.webhook_endpoints import check_webhook_url


@pytest.mark.parametrize("url", [
    "https://crm.example.com/hooks/callcenter", "http://127.0.0.1:8080/hook",
    "http://[::1]:9000/x?token=abc", "https://例子.测试/hook",
])
def test_http_and_https_urls_are_accepted(url: str) -> None:
    assert check_webhook_url(url) == url


@pytest.mark.parametrize(("url", "reason"), [
    ("ftp://example.com/x", "http:// or https://"),
    ("javascript:alert(1)", "http:// or https://"),
    ("example.com/hook", "http:// or https://"),
    ("https:///hook", "must name a host"),
    ("https://user:pass@example.com/", "user name or password"),
    ("https://example.com/a#frag", "fragment"),
    ("https://example.com:99999/", "well formed"),
    ("https://example.com:0/", "port"),
    ("https://exa mple.com/", "spaces or control"),
    ("https://example.com/\x00", "spaces or control"),
    ("https://[::1/", "well formed"),
    ("https://example.com/" + "a" * 500, "at most 500"),
])
def test_other_urls_are_refused_saying_why(url: str, reason: str) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)):
        check_webhook_url(url)
