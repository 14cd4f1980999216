"""Two-step sign-in end to end: enrolment with a QR code, the second step, recovery codes, lockout of guessed
codes, the director's reset, the role requirement in production and the optional use in the DEBUG demo."""

import base64
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp import models as totp_models
from django_otp.plugins.otp_totp.models import TOTPDevice

from antitrafik import security_signals
from institutions.models import RecoveryCode, Throttle
from institutions.twofactor import services as twofactor_services
from tests import factories
from tests.factories import PASSWORD
from tests.institutions.pages import field_error, main_text

pytestmark = pytest.mark.django_db

CODE_RE = re.compile(r"\b[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}\b")
REQUIRED = override_settings(TWO_FACTOR_REQUIRED=True)


@pytest.fixture
def clock(monkeypatch):
    """The time the server checks codes at: `clock.offset` seconds after now (a code works once per 30 s step)."""
    import time as real_time

    state = SimpleNamespace(offset=0)
    fake = SimpleNamespace(time=lambda: real_time.time() + state.offset)
    monkeypatch.setattr(totp_models, "time", fake)
    monkeypatch.setattr(twofactor_services, "time", fake)
    state.now = lambda: real_time.time() + state.offset
    return state


@pytest.fixture
def events():
    """The security signals sent during the test, as (name, kwargs without the request)."""
    seen = []
    receivers = []
    for name in dir(security_signals):
        signal = getattr(security_signals, name)
        if isinstance(signal, security_signals.Signal):
            def receiver(sender, _name=name, **kwargs):
                kwargs.pop("signal", None)
                assert kwargs.pop("request") is not None
                seen.append((_name, kwargs))
            signal.connect(receiver, weak=False)
            receivers.append((signal, receiver))
    yield seen
    for signal, receiver in receivers:
        signal.disconnect(receiver)


def app_code(device, clock):
    """The code the user's authenticator app shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = clock.now()
    return f"{totp.token():0{device.digits}d}"


def sign_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


def signed_in(client):
    return "_auth_user_id" in client.session


def shown_key(page):
    """The key the enrolment page shows as text (the QR code's), as the app would hold it."""
    secret = re.search(r'id="secret-key">([A-Z2-7 ]+)<', page.content.decode()).group(1).replace(" ", "")
    return TOTPDevice(key=base64.b32decode(secret).hex())


def enrol(client, user, clock):
    """Set up the app from the enrolment page; return the page of recovery codes and the device."""
    page = client.get(reverse("second_factor_enrol"))
    assert page.status_code == 200
    response = client.post(reverse("second_factor_enrol"), {"code": app_code(shown_key(page), clock)})
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    clock.offset += 30  # the next code is the next step's
    return response, device


@pytest.fixture
def enrolled(reporter, client_for, clock):
    """The reporter with a confirmed authenticator and its recovery codes (signed out)."""
    response, device = enrol(client_for(reporter), reporter, clock)
    return SimpleNamespace(user=reporter, device=device, codes=CODE_RE.findall(response.content.decode()))


# Enrolment (optional in the DEBUG demo)


def _settings_as_loaded(debug):
    """Settings as `make run` (DEBUG on) or `make serve` (DEBUG off) load them, without overrides."""
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.TWO_FACTOR_REQUIRED, '+'.join(sorted(s.TWO_FACTOR_REQUIRED_ROLES)), s.ADMIN_ENABLED, "
            "s.SESSION_IDLE_TIMEOUT, s.AUTH_PASSWORD_VALIDATORS[1]['OPTIONS']['min_length'])")
    env = {**os.environ, "DEBUG": str(debug), "SECRET_KEY": "x" * 50, "DJANGO_SETTINGS_MODULE": "antitrafik.settings"}
    for name in ("TWO_FACTOR_REQUIRED", "ADMIN_ENABLED", "SESSION_IDLE_TIMEOUT"):
        env.pop(name, None)
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,  # noqa: S603
                          cwd=Path(settings.BASE_DIR)).stdout.split()


def test_production_settings_require_it_and_hide_the_admin():
    assert _settings_as_loaded(False) == ["True", "coordinator+director", "False", "1800", "12"]


def test_the_demo_offers_it_without_forcing_it_and_serves_the_admin():
    assert _settings_as_loaded(True) == ["False", "coordinator+director", "True", "1800", "12"]


def test_any_user_sets_up_the_app_from_their_account_page(committee_member, client_for, clock, events):
    client = client_for(committee_member)
    account = client.get(reverse("account"))
    assert "Two-step sign-in Off" in main_text(account)
    assert reverse("second_factor_enrol") in account.content.decode()

    page = client.get(reverse("second_factor_enrol"))
    html = page.content.decode()
    # The QR code is drawn on the server as inline SVG; the key is also shown as text for manual entry.
    assert re.search(r"<svg [^>]*class=\"segno\"", html) and "style=" not in html.split("<svg", 1)[1].split("</svg>")[0]
    app = shown_key(page)
    assert not TOTPDevice.objects.filter(user=committee_member).exists()  # nothing is saved before the first code
    # Opening the page again shows the same key (the app may have scanned it already).
    assert shown_key(client.get(reverse("second_factor_enrol"))).key == app.key

    wrong = client.post(reverse("second_factor_enrol"), {"code": "000000"})
    assert "This code is not right" in field_error(wrong, "code")
    assert not TOTPDevice.objects.filter(user=committee_member).exists()

    done = client.post(reverse("second_factor_enrol"), {"code": app_code(app, clock)})
    assert done.status_code == 200
    codes = CODE_RE.findall(done.content.decode())
    assert len(codes) == settings.TWO_FACTOR_RECOVERY_CODES == len(set(codes))
    assert "shown only this once" in main_text(done)
    assert done["Cache-Control"].count("no-store") == 1
    # Only salted hashes are stored.
    stored = list(RecoveryCode.objects.filter(user=committee_member).values_list("code_hash", flat=True))
    assert len(stored) == len(codes)
    assert not any(code.replace("-", "") in value or code in value for code in codes for value in stored)
    # The session that enrolled is verified and stays signed in; the account page says it is on.
    assert client.session.get("otp_device_id")
    assert TOTPDevice.objects.get(user=committee_member, confirmed=True).key == app.key
    assert "Two-step sign-in On" in main_text(client.get(reverse("account")))
    assert "10 recovery codes left" in main_text(client.get(reverse("account")))
    assert committee_member.history.latest().history_change_reason == "Two-step sign-in switched on"
    assert [name for name, _ in events] == ["second_factor_enrolled"]


def test_enrolment_ends_the_users_other_sessions(reporter, client_for, clock):
    other = client_for(reporter)
    client = client_for(reporter)
    enrol(client, reporter, clock)
    assert other.get(reverse("home")).status_code == 302
    assert client.get(reverse("home")).status_code == 200


# The second step


def test_sign_in_asks_for_the_code_after_the_password(enrolled, client_for, clock, events):
    client = client_for(None)
    response = sign_in(client, enrolled.user)
    assert response.status_code == 302 and response["Location"] == reverse("login_code")
    # Not signed in until the second step passed.
    assert not signed_in(client)
    assert client.get(reverse("home")).status_code == 302
    page = client.get(reverse("login_code"))
    assert page.status_code == 200 and "enter the code it shows for Antitrafik" in main_text(page)

    done = client.post(reverse("login_code"), {"code": app_code(enrolled.device, clock)})
    assert done.status_code == 302 and done["Location"] == reverse("home")
    assert signed_in(client) and client.session.get("otp_device_id")
    assert client.get(reverse("home")).status_code == 200
    assert [name for name, _ in events] == ["second_factor_verified"]
    assert events[0][1] == {"user": enrolled.user, "method": "totp"}


def test_the_second_step_keeps_where_the_user_was_going(enrolled, client_for, clock):
    client = client_for(None)
    client.post(reverse("login") + "?next=/account/", {"username": "t-reporter", "password": PASSWORD,
                                                         "next": "/account/"})
    done = client.post(reverse("login_code"), {"code": app_code(enrolled.device, clock)})
    assert done["Location"] == "/account/"


def test_the_second_step_needs_a_fresh_password_step(enrolled, client_for, clock, monkeypatch):
    client = client_for(None)
    assert client.get(reverse("login_code"))["Location"] == reverse("login")
    sign_in(client, enrolled.user)
    session = client.session
    session["_second_step"]["at"] -= 6 * 60
    session.save()
    late = client.post(reverse("login_code"), {"code": app_code(enrolled.device, clock)})
    assert late.status_code == 302 and late["Location"] == reverse("login")
    assert not signed_in(client)


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_wrong_codes_lock_the_second_step_for_a_while(enrolled, client_for, clock, events):
    client = client_for(None)
    sign_in(client, enrolled.user)
    for attempt in range(settings.TWO_FACTOR_FAILURE_LIMIT - 1):
        wrong = client.post(reverse("login_code"), {"code": "123456" if attempt % 2 else "ABCD-EFGH-JKLM-NPQR"})
        assert wrong.status_code == 200 and "This code is not right" in field_error(wrong, "code"), attempt
    locked = client.post(reverse("login_code"), {"code": "654321"})
    assert locked.status_code == 429 and "Too many wrong codes" in main_text(locked)
    # The right code, and a right recovery code, are refused while the step is locked.
    refused = client.post(reverse("login_code"), {"code": app_code(enrolled.device, clock)})
    assert refused.status_code == 429 and "Too many wrong codes" in main_text(refused)
    assert client.post(reverse("login_code"), {"code": enrolled.codes[0]}).status_code == 429
    assert not signed_in(client)
    assert RecoveryCode.objects.filter(user=enrolled.user, used_at__isnull=True).count() == len(enrolled.codes)
    names = [name for name, _ in events]
    assert names.count("second_factor_failed") == settings.TWO_FACTOR_FAILURE_LIMIT
    assert "second_factor_locked" in names

    # Once the lockout is over the right code passes, and the count starts again.
    Throttle.objects.filter(key=f"second-factor:user:{enrolled.user.pk}").update(
        since=timezone.now() - timedelta(minutes=settings.TWO_FACTOR_LOCKOUT_MINUTES, seconds=1))
    sign_in(client, enrolled.user)
    assert client.post(reverse("login_code"), {"code": app_code(enrolled.device, clock)}).status_code == 302
    assert signed_in(client)
    assert not Throttle.objects.filter(key=f"second-factor:user:{enrolled.user.pk}").exists()


@override_settings(OTP_TOTP_THROTTLE_FACTOR=60)
def test_the_authenticator_itself_slows_guesses_down(enrolled, client_for, clock):
    """django-otp's delay after each wrong code of the app: the next code waits, even the right one."""
    client = client_for(None)
    sign_in(client, enrolled.user)
    client.post(reverse("login_code"), {"code": "000000"})
    refused = client.post(reverse("login_code"), {"code": app_code(enrolled.device, clock)})
    assert refused.status_code == 429 and "Too many wrong codes" in main_text(refused)
    assert not signed_in(client)


# Recovery codes


def test_a_recovery_code_signs_in_once(enrolled, client_for, events):
    client = client_for(None)
    sign_in(client, enrolled.user)
    done = client.post(reverse("login_code"), {"code": enrolled.codes[0].lower().replace("-", " ")}, follow=True)
    assert signed_in(client)
    assert f"{len(enrolled.codes) - 1} are left" in main_text(done)
    assert events[-1][1]["method"] == "recovery"
    client.post(reverse("logout"))

    again = client_for(None)
    sign_in(again, enrolled.user)
    reused = again.post(reverse("login_code"), {"code": enrolled.codes[0]})
    assert "This code is not right" in field_error(reused, "code")
    assert not signed_in(again)
    assert again.post(reverse("login_code"), {"code": enrolled.codes[1]}).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(enrolled, client_for, clock):
    client = client_for(None)
    sign_in(client, enrolled.user)
    client.post(reverse("login_code"), {"code": app_code(enrolled.device, clock)})
    assert "Your current ones stop working" in main_text(client.get(reverse("second_factor_recovery_codes")))
    page = client.post(reverse("second_factor_recovery_codes"))
    fresh = CODE_RE.findall(page.content.decode())
    assert len(fresh) == settings.TWO_FACTOR_RECOVERY_CODES and not set(fresh) & set(enrolled.codes)
    assert enrolled.user.history.latest().history_change_reason == "New recovery codes made"

    other = client_for(None)
    sign_in(other, enrolled.user)
    assert "This code is not right" in field_error(other.post(reverse("login_code"), {"code": enrolled.codes[2]}),
                                                   "code")
    assert other.post(reverse("login_code"), {"code": fresh[0]}).status_code == 302


def test_a_user_switches_it_off_from_their_account_page(enrolled, client_for, clock, events):
    client = client_for(None)
    sign_in(client, enrolled.user)
    client.post(reverse("login_code"), {"code": app_code(enrolled.device, clock)})
    assert client.get(reverse("second_factor_disable")).status_code == 200
    done = client.post(reverse("second_factor_disable"), follow=True)
    assert "Two-step sign-in is off." in main_text(done)
    assert not TOTPDevice.objects.filter(user=enrolled.user).exists()
    assert not RecoveryCode.objects.filter(user=enrolled.user).exists()
    assert events[-1][0] == "second_factor_disabled"
    assert sign_in(client_for(None), enrolled.user)["Location"] == reverse("home")


# The director's reset


def test_the_director_resets_a_users_second_factor(enrolled, director, client_for, events):
    user_session = client_for(enrolled.user)
    client = client_for(director)
    detail = client.get(reverse("institutions:user_detail", args=[enrolled.user.pk]))
    assert "Two-step sign-in On" in main_text(detail)
    url = reverse("institutions:user_second_factor_reset", args=[enrolled.user.pk])
    assert url in detail.content.decode()
    assert "Their authenticator app and recovery codes stop working" in main_text(client.get(url))
    assert TOTPDevice.objects.filter(user=enrolled.user).exists()  # asking changes nothing

    done = client.post(url, follow=True)
    assert "has been reset" in main_text(done)
    assert not TOTPDevice.objects.filter(user=enrolled.user).exists()
    assert not RecoveryCode.objects.filter(user=enrolled.user).exists()
    record = enrolled.user.history.latest()
    assert record.history_change_reason == "Two-step sign-in reset by the director" and record.history_user == director
    assert events[-1] == ("second_factor_reset", {"user": enrolled.user, "by": director})
    # Their open sessions ended; the password alone signs them in again (their role does not require it).
    assert user_session.get(reverse("home")).status_code == 302
    assert sign_in(client_for(None), enrolled.user)["Location"] == reverse("home")
    # Nothing left to reset: the page says so.
    assert client.post(url).status_code == 409


def test_a_director_cannot_reset_their_own(director, client_for):
    TOTPDevice.objects.create(user=director, name="Authenticator", confirmed=True)
    client = client_for(director)
    url = reverse("institutions:user_second_factor_reset", args=[director.pk])
    assert "You cannot reset your own" in main_text(client.get(url))
    assert client.post(url).status_code == 409
    assert TOTPDevice.objects.filter(user=director).exists()


# Required in production for the director and the coordinators


@REQUIRED
@pytest.mark.parametrize("role", ["director", "coordinator"])
def test_in_production_the_unit_must_enrol_at_first_sign_in(role, users, client_for, clock):
    user = users[role]
    client = client_for(None)
    response = sign_in(client, user)
    assert response.status_code == 302
    # Signed in with the password, but nothing is reachable before the app is set up.
    for name in ["home", "account", "institutions:institution_list", "reports:my_reports"]:
        blocked = client.get(reverse(name))
        assert blocked.status_code == 302 and blocked["Location"] == reverse("second_factor_enrol"), name
    page = client.get(reverse("second_factor_enrol"))
    assert "Your role signs in in two steps" in main_text(page)
    assert "Cancel" not in main_text(page)

    done, device = enrol(client, user, clock)
    assert len(CODE_RE.findall(done.content.decode())) == settings.TWO_FACTOR_RECOVERY_CODES
    assert client.get(reverse("home")).status_code == 200
    # The next sign-in asks for the code; the role cannot switch it off.
    client.post(reverse("logout"))
    assert sign_in(client, user)["Location"] == reverse("login_code")
    client.post(reverse("login_code"), {"code": app_code(device, clock)})
    assert client.get(reverse("home")).status_code == 200
    refusal = client.get(reverse("second_factor_disable"))
    assert "cannot be switched off" in main_text(refusal)
    assert client.post(reverse("second_factor_disable")).status_code == 409
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@REQUIRED
@pytest.mark.parametrize("role", ["reporter", "committee"])
def test_in_production_other_roles_may_but_need_not(role, users, client_for):
    client = client_for(None)
    assert sign_in(client, users[role])["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("second_factor_enrol")).status_code == 200


@REQUIRED
def test_in_production_a_session_that_skipped_the_second_step_is_ended(director, client_for):
    TOTPDevice.objects.create(user=director, name="Authenticator", confirmed=True)
    client = client_for(director)  # signed in without the second step (e.g. a session older than the app)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not signed_in(client)


@REQUIRED
def test_in_production_a_reset_coordinator_enrols_again(director, client_for, clock):
    coordinator = factories.CoordinatorFactory(username="t-coord-reset")
    client = client_for(None)
    sign_in(client, coordinator)
    enrol(client, coordinator, clock)
    with override_settings(TWO_FACTOR_REQUIRED=False):  # the director's own second step is not this test's
        client_for(director).post(reverse("institutions:user_second_factor_reset", args=[coordinator.pk]))
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    again = client_for(None)
    assert sign_in(again, coordinator)["Location"] == reverse("home")
    assert again.get(reverse("home"))["Location"] == reverse("second_factor_enrol")
