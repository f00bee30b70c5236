"""Content-Security-Policy and Permissions-Policy on every page; no third party in
the staff browser (no gravatar); X-Forwarded-Proto believed from trusted proxies only."""

import runpy

import pytest

from migrantscount.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def test_public_pages_have_a_strict_policy_without_nonce(client) -> None:
    response = client.get("/en/stories/share/")
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "frame-ancestors" not in policy  # chart embeds are framed elsewhere
    header = response["Content-Security-Policy"]
    assert "nonce-" not in header and "unsafe-inline" not in header
    assert "http" not in header  # no third-party origin
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_the_admin_has_a_policy_too_and_no_gravatar(client) -> None:
    user = UserFactory.create(
        is_superuser=True, is_staff=True, email="staff@example.org"
    )
    client.force_login(user)
    response = client.get("/admin/")
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert "http" not in response["Content-Security-Policy"]
    assert "Permissions-Policy" in response
    assert "gravatar" not in response.content.decode()


def production_settings(monkeypatch) -> dict[str, object]:
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv(
        "MIGRANTSCOUNT_ENCRYPTION_KEYS", "7n3pQ0y3s9bAqP1rJ7Sx2m8o4kWvT6uYcLdEhZgFiXk="
    )
    return runpy.run_module("migrantscount.settings.production")


def test_x_forwarded_proto_is_believed_only_from_a_trusted_proxy(
    client, settings, monkeypatch
) -> None:
    production = production_settings(monkeypatch)
    settings.SECURE_PROXY_SSL_HEADER = production.get("SECURE_PROXY_SSL_HEADER")
    settings.MIDDLEWARE = production["MIDDLEWARE"]
    settings.SECURE_SSL_REDIRECT = True
    settings.MIGRANTSCOUNT_TRUSTED_PROXIES = ["10.0.0.0/8"]
    headers = {"HTTP_X_FORWARDED_PROTO": "https"}

    direct = client.get("/healthz", REMOTE_ADDR="203.0.113.9", **headers)
    proxied = client.get("/healthz", REMOTE_ADDR="10.0.0.2", **headers)

    assert direct.status_code == 301  # plain HTTP, whatever the client claims
    assert direct["Location"].startswith("https://")
    assert proxied.status_code in (200, 503)  # served: the proxy saw TLS
