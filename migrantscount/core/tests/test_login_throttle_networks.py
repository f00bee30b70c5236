"""Sign-in throttling also per account across addresses, and per /64 for IPv6
(one client holds a whole /64 and can rotate through it)."""

import pytest
from django.test.utils import override_settings

from migrantscount.core.services import security

from .factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse 42"


def sign_in(client, username: str, password: str, ip: str):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_ipv6_failures_count_for_the_whole_64(client) -> None:
    user = UserFactory.create(is_superuser=True, is_staff=True)
    for host in range(5):
        sign_in(client, user.username, "wrong", ip=f"2001:db8:1:2::{host + 1:x}")

    same_64 = sign_in(client, user.username, PASSWORD, ip="2001:db8:1:2:ffff::9")
    assert "Too many failed sign-in attempts" in same_64.content.decode()
    other_64 = sign_in(client, user.username, PASSWORD, ip="2001:db8:1:3::1")
    assert other_64.status_code == 302


@override_settings(MIGRANTSCOUNT_LOGIN_FAILURE_ACCOUNT_LIMIT=20)
def test_an_account_is_throttled_across_addresses(client) -> None:
    user = UserFactory.create(is_superuser=True, is_staff=True)
    for host in range(20):  # four tries each from five addresses... and more
        sign_in(client, user.username, "wrong", ip=f"198.51.100.{host + 1}")

    fresh = sign_in(client, user.username, PASSWORD, ip="203.0.113.77")
    assert "Too many failed sign-in attempts" in fresh.content.decode()
    assert security.is_login_throttled(username=user.username, ip_address="192.0.2.1")
    other = UserFactory.create(is_superuser=True, is_staff=True)
    assert (
        sign_in(client, other.username, PASSWORD, ip="203.0.113.77").status_code == 302
    )
