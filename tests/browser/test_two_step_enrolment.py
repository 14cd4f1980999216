"""A coordinator's first sign-in where two-step sign-in is required: the QR code, the first code, the recovery
codes, then the next sign-in asks for the app's code."""

import base64
import re
import time

import pytest
from django_otp.oath import TOTP

from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _code(secret, at):
    """The code an authenticator app shows at `at` for the key typed by hand (base32, in groups)."""
    totp = TOTP(base64.b32decode(secret.replace(" ", "")), step=30, t0=0, digits=6, drift=0)
    totp.time = at
    return f"{totp.token():06d}"


def _sign_in(page, username):
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_a_coordinator_sets_up_the_app_at_first_sign_in(page, live_server, settings):
    settings.TWO_FACTOR_REQUIRED = True
    coordinator = factories.CoordinatorFactory(username="coordinator2")
    page.set_default_timeout(20000)  # the machine may be busy; nothing here waits on purpose

    page.goto("/login/")
    page.click("header button[name=language][value=en]")
    _sign_in(page, coordinator.username)
    page.wait_for_url("**/account/two-step/setup/")
    assert "Your role signs in in two steps" in page.locator("main").inner_text()
    # Nothing else is reachable before the app is set up.
    page.goto("/institutions/")
    page.wait_for_url("**/account/two-step/setup/")

    qr = page.locator("main .qr-code svg")
    assert qr.is_visible() and qr.bounding_box()["width"] >= 100
    secret = page.locator("#secret-key").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})+", secret)

    page.fill("#id_code", _code(secret, time.time()))
    page.get_by_role("button", name="Switch on").click()
    codes = page.locator("main .recovery-codes li")
    codes.first.wait_for()
    assert codes.count() == 10
    assert "shown only this once" in page.locator("main").inner_text()
    page.get_by_role("link", name="I have kept them").click()
    page.wait_for_url("**/account/")
    assert "10 recovery codes left" in page.locator("main").inner_text()

    # Signed out and in again: the password, then the app's code (of the next 30 s step).
    page.locator("header .dropdown-toggle").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login/")
    _sign_in(page, coordinator.username)
    page.wait_for_url("**/login/code/")
    page.fill("#id_code", _code(secret, time.time() + 30))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(live_server.url + "/")
    assert page.js_errors == []
