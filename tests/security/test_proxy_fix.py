"""Behind the city's reverse proxy (MIGRADO_PROXY_FIX): the app sees https, the public host and
the browser's address, and only then; without the setting the same headers change nothing."""

from __future__ import annotations

import pytest

from tests.web import login

PUBLIC = "migrado.stadt.example"
FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": PUBLIC, "X-Forwarded-For": "203.0.113.7"}


def _sign_in(client, name="admin", password="migrado-demo", address="203.0.113.7"):
    return client.post("/login", data={"login": name, "password": password},
                       headers={**FORWARDED, "X-Forwarded-For": address, "Origin": f"https://{PUBLIC}",
                                "Sec-Fetch-Site": "same-origin"})


def test_behind_the_proxy_the_app_sees_https_and_the_public_host(client, monkeypatch):
    monkeypatch.setenv("MIGRADO_PROXY_FIX", "1")
    monkeypatch.delenv("MIGRADO_SECURE_COOKIES", raising=False)
    answer = _sign_in(client)
    assert answer.status_code == 302  # the browser's Origin is the public host: no cross-site refusal
    cookie = answer.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=")
    page = client.get("/login", headers=FORWARDED)
    assert page.headers["Strict-Transport-Security"]


def test_without_the_setting_forwarded_headers_change_nothing(client, monkeypatch):
    monkeypatch.delenv("MIGRADO_PROXY_FIX", raising=False)
    monkeypatch.delenv("MIGRADO_SECURE_COOKIES", raising=False)
    answer = _sign_in(client)
    assert answer.status_code == 403  # the Origin names a host this request did not come to
    page = client.get("/login", headers=FORWARDED)
    assert "Strict-Transport-Security" not in page.headers
    ok = client.post("/login", data={"login": "admin", "password": "migrado-demo"}, headers=FORWARDED)
    assert ok.status_code == 302 and "Secure" not in ok.headers["Set-Cookie"]


def test_the_sign_in_limit_counts_per_browser_behind_the_proxy(client, monkeypatch):
    """Behind the proxy every request comes from its address: without the setting one guesser
    would use up the limit for the whole city; with it each browser has its own."""
    monkeypatch.setenv("MIGRADO_PROXY_FIX", "1")
    answers = [_sign_in(client, f"niemand{i}", "falsch", address="198.51.100.66").status_code for i in range(21)]
    assert answers[-1] == 429 and answers[0] == 401
    assert _sign_in(client, address="203.0.113.7").status_code == 302  # a colleague elsewhere signs in

