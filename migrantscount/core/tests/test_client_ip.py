from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import RequestFactory
from django.test.utils import override_settings

from migrantscount.core.client_ip import client_ip

from .factories import UserFactory

PROXY = "10.0.0.5"


def request_from(remote_addr: str, forwarded: str | None = None):
    headers: dict[str, Any] = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.mark.parametrize(
    "forwarded", ["203.0.113.9", "203.0.113.9, 198.51.100.1", "garbage", ""]
)
def test_without_trusted_proxies_forwarded_for_is_ignored(forwarded: str) -> None:
    assert client_ip(request_from("192.0.2.10", forwarded)) == "192.0.2.10"


@override_settings(MIGRANTSCOUNT_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_untrusted_peer_cannot_spoof_even_when_proxies_are_configured() -> None:
    assert client_ip(request_from("192.0.2.10", "10.0.0.1")) == "192.0.2.10"


@override_settings(MIGRANTSCOUNT_TRUSTED_PROXIES=[PROXY])
def test_behind_a_trusted_proxy_the_forwarded_client_is_used() -> None:
    assert client_ip(request_from(PROXY, "198.51.100.7")) == "198.51.100.7"


@override_settings(MIGRANTSCOUNT_TRUSTED_PROXIES=[PROXY])
def test_addresses_the_client_prepended_are_not_believed() -> None:
    # The client sent "X-Forwarded-For: 203.0.113.1"; the proxy appended its peer.
    request = request_from(PROXY, "203.0.113.1, 198.51.100.7")
    assert client_ip(request) == "198.51.100.7"


@override_settings(MIGRANTSCOUNT_TRUSTED_PROXIES=["10.0.0.0/8", "2001:db8::/32"])
def test_chain_of_trusted_proxies_is_skipped_from_the_right() -> None:
    request = request_from(
        "10.0.0.5", "203.0.113.1, 198.51.100.7, 2001:db8::1, 10.1.2.3"
    )
    assert client_ip(request) == "198.51.100.7"


@override_settings(MIGRANTSCOUNT_TRUSTED_PROXIES=[PROXY])
@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        (None, PROXY),
        ("", PROXY),
        ("unknown", PROXY),
        ("not-an-ip, 198.51.100.7", "198.51.100.7"),
        ("198.51.100.7, <script>", PROXY),
        ("198.51.100.7:5555", "198.51.100.7"),
        ("[2001:db8::7]:443", "2001:db8::7"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
    ],
)
def test_malformed_forwarded_values_fall_back_to_a_verified_address(
    forwarded: str | None, expected: str
) -> None:
    assert client_ip(request_from(PROXY, forwarded)) == expected


@override_settings(MIGRANTSCOUNT_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_only_trusted_hops_yields_the_leftmost_of_them() -> None:
    assert client_ip(request_from(PROXY, "10.9.9.9, 10.1.1.1")) == "10.9.9.9"


def test_missing_or_malformed_remote_addr_gives_an_empty_string() -> None:
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert client_ip(request) == ""
    assert client_ip(request_from("nonsense", "198.51.100.7")) == ""


@override_settings(MIGRANTSCOUNT_TRUSTED_PROXIES=["10.0.0.300"])
def test_a_malformed_trusted_proxy_setting_fails_the_system_check() -> None:
    with pytest.raises(SystemCheckError, match="core.E002"):
        call_command("check")


@pytest.mark.django_db
@override_settings(MIGRANTSCOUNT_TRUSTED_PROXIES=[PROXY])
def test_login_throttle_counts_the_client_behind_the_proxy(client) -> None:
    user = UserFactory(is_superuser=True, is_staff=True)

    def sign_in(forwarded: str, password: str):
        return client.post(
            "/admin/login/",
            {"username": user.username, "password": password},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for _ in range(5):
        sign_in("198.51.100.7", "wrong")
    blocked = sign_in("198.51.100.7", "correct horse 42")
    assert "Too many failed sign-in attempts" in blocked.content.decode()
    # Another client behind the same proxy is not locked out with the attacker.
    assert sign_in("198.51.100.8", "correct horse 42").status_code == 302


@pytest.mark.django_db
def test_login_throttle_ignores_spoofed_forwarded_for_without_trusted_proxy(
    client,
) -> None:
    user = UserFactory(is_superuser=True, is_staff=True)
    for attempt in range(5):
        client.post(
            "/admin/login/",
            {"username": user.username, "password": "wrong"},
            REMOTE_ADDR="192.0.2.10",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}",
        )
    response = client.post(
        "/admin/login/",
        {"username": user.username, "password": "correct horse 42"},
        REMOTE_ADDR="192.0.2.10",
        HTTP_X_FORWARDED_FOR="203.0.113.200",
    )
    assert "Too many failed sign-in attempts" in response.content.decode()
