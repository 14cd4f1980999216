"""Sign-in lockout behind nginx: the client's address comes from X-Forwarded-For, and a lock holds one
username from one client address, so an outsider cannot lock the director out."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from antitrafik.client import client_ip
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.9"
OFFICE = "198.51.100.7"


def _through_proxy(client, username, password, client_address, claimed=None):
    """A sign-in as nginx forwards it: REMOTE_ADDR is the proxy, which appends the address it saw."""
    forwarded = f"{claimed}, {client_address}" if claimed else client_address
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


@pytest.fixture
def one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def test_an_attacker_is_locked_out_but_the_director_still_signs_in_from_the_office(one_proxy, director, client_for):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _through_proxy(client_for(None), "t-director", "guessing", ATTACKER)
    assert _through_proxy(client_for(None), "t-director", PASSWORD, ATTACKER).status_code == 429
    # The lock names the attacker's address, not the proxy's.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}

    office = client_for(None)
    response = _through_proxy(office, "t-director", PASSWORD, OFFICE)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert office.get(reverse("home")).status_code == 200


def test_a_forged_x_forwarded_for_does_not_move_the_lock(one_proxy, director, client_for):
    """The attacker writes the director's office address into the header; nginx appends the real one."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _through_proxy(client_for(None), "t-director", "guessing", ATTACKER, claimed=OFFICE)
    assert _through_proxy(client_for(None), "t-director", PASSWORD, ATTACKER, claimed=OFFICE).status_code == 429
    assert _through_proxy(client_for(None), "t-director", PASSWORD, OFFICE).status_code == 302


def test_without_a_proxy_the_header_is_ignored(director, client_for):
    """`make run` (TRUSTED_PROXY_COUNT=0): anyone could send X-Forwarded-For, so only the peer address counts."""
    assert settings.TRUSTED_PROXY_COUNT == 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        client_for(None).post(reverse("login"), {"username": "t-director", "password": "guessing"},
                              REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    locked = client_for(None).post(reverse("login"), {"username": "t-director", "password": PASSWORD},
                                   REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert locked.status_code == 429


@pytest.mark.parametrize("proxies, remote, forwarded, expected", [
    (0, "127.0.0.1", "203.0.113.9", "127.0.0.1"),
    (1, PROXY, "203.0.113.9", "203.0.113.9"),
    (1, PROXY, "1.1.1.1, 203.0.113.9", "203.0.113.9"),
    (2, PROXY, "1.1.1.1, 203.0.113.9, 10.0.0.3", "203.0.113.9"),
    (1, "127.0.0.1", "", "127.0.0.1"),  # a health check on the loopback, not through nginx
    (1, PROXY, "not-an-address", PROXY),
    (1, PROXY, "2001:DB8::1", "2001:db8::1"),
])
def test_the_client_address(settings, rf, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
