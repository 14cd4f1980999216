"""Sign-in: lockout, password reset and change, strong passwords, session expiry, languages."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.factories import PASSWORD
from tests.institutions.pages import field_error, main_text

pytestmark = pytest.mark.django_db

STRONG = "Lumi-Drini-Buna-2026"


def _sign_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def _signed_in(client):
    return "_auth_user_id" in client.session


# Lockout (django-axes, keyed on username and IP address)


def test_the_sixth_attempt_is_locked_out_even_with_the_right_password(reporter, client_for):
    client = client_for(None)
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _sign_in(client, "t-reporter", "wrong-password")
        assert response.status_code == 200, attempt
        assert response.context["form"].non_field_errors()
    # The fifth failure locks the pair (username, address) ...
    assert "Too many failed sign-in attempts" in main_text(_sign_in(client, "t-reporter", "wrong-password"))
    # ... and the sixth attempt, with the right password, gets the locked-out page, not the application.
    locked = _sign_in(client, "t-reporter", PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in main_text(locked)
    assert not _signed_in(client)
    assert client.get(reverse("home")).status_code == 302


def test_the_lock_holds_one_username_from_one_address_only(reporter, other_reporter, client_for):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client_for(None), "t-reporter", "wrong-password")
    assert _sign_in(client_for(None), "t-reporter", PASSWORD).status_code == 429
    # Another user from the same address, and the same user from another address, still sign in.
    assert _sign_in(client_for(None), "t-other-reporter", PASSWORD).status_code == 302
    assert _sign_in(client_for(None), "t-reporter", PASSWORD, REMOTE_ADDR="10.1.2.3").status_code == 302


def test_a_success_before_the_limit_resets_the_count(reporter, client_for):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client_for(None), "t-reporter", "wrong-password")
    assert _sign_in(client_for(None), "t-reporter", PASSWORD).status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client_for(None), "t-reporter", "wrong-password")
    assert _sign_in(client_for(None), "t-reporter", PASSWORD).status_code == 302


def test_a_signed_in_user_visiting_the_login_page_goes_home(reporter, client_for):
    response = client_for(reporter).get(reverse("login"))
    assert response.status_code == 302 and response["Location"] == reverse("home")


# Password reset and change; strong password validators


def _reset_link(message):
    return "/" + re.search(r"https?://\S+?(/password/reset/\S+/)", message.body).group(1).lstrip("/")


def test_password_reset_mails_a_link_that_sets_a_strong_password(reporter, client_for):
    client = client_for(None)
    response = client.post(reverse("password_reset"), {"email": reporter.email.upper()})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [reporter.email] and "t-reporter" in message.body

    form = client.get(_reset_link(message), follow=True)
    assert form.context["validlink"]
    set_url = form.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200
    error = field_error(weak, "new_password2")
    assert "too short" in error and "too common" in error and "entirely numeric" in error
    reporter.refresh_from_db()
    assert reporter.check_password(PASSWORD)

    done = client.post(set_url, {"new_password1": STRONG, "new_password2": STRONG})
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    reporter.refresh_from_db()
    assert reporter.check_password(STRONG)
    assert reporter.history.latest().history_change_reason == "Password set from an e-mailed link"


def test_password_reset_reveals_nothing_about_unknown_or_inactive_addresses(reporter, client_for):
    factories.ReporterFactory(email="gone@example.org", is_active=False, institution=reporter.institution)
    for email in ["nobody@example.org", "gone@example.org"]:
        response = client_for(None).post(reverse("password_reset"), {"email": email})
        assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert not mail.outbox


def test_a_user_who_never_chose_a_password_can_ask_for_a_link(reporter, client_for):
    reporter.set_unusable_password()
    reporter.save()
    client_for(None).post(reverse("password_reset"), {"email": reporter.email})
    assert len(mail.outbox) == 1


def test_the_reset_mail_speaks_the_users_language(reporter, client_for):
    reporter.language = "en"
    reporter.save()
    client_for(None, language="sq").post(reverse("password_reset"), {"email": reporter.email})
    assert "Your username is: t-reporter" in mail.outbox[0].body


@pytest.mark.parametrize("weak, message", [
    ("short1A", "This password is too short. It must contain at least 12 characters."),
    ("password123", "This password is too common."),
    ("4815162342108", "This password is entirely numeric."),
    ("t-reporter-2026", "The password is too similar to the username."),
])
def test_password_change_refuses_a_weak_password(weak, message, reporter, client_for):
    client = client_for(reporter)
    response = client.post(reverse("password_change"),
                           {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak})
    assert response.status_code == 200
    assert message in field_error(response, "new_password2")
    reporter.refresh_from_db()
    assert reporter.check_password(PASSWORD)


def test_password_change_keeps_the_user_signed_in_and_is_recorded(reporter, client_for):
    client = client_for(reporter)
    wrong = client.post(reverse("password_change"),
                        {"old_password": "not-it", "new_password1": STRONG, "new_password2": STRONG})
    assert field_error(wrong, "old_password")
    response = client.post(reverse("password_change"),
                           {"old_password": PASSWORD, "new_password1": STRONG, "new_password2": STRONG})
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    reporter.refresh_from_db()
    assert reporter.check_password(STRONG)
    assert client.get(reverse("home")).status_code == 200
    record = reporter.history.latest()
    assert record.history_change_reason == "Password changed" and record.history_user == reporter


# Sessions expire


def test_the_session_ends_with_the_browser_and_after_a_working_day(reporter, client_for):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    client = client_for(None)
    response = _sign_in(client, "t-reporter", PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # a browser-session cookie
    assert cookie["httponly"]
    session = Session.objects.get(session_key=cookie.value)
    assert abs((session.expire_date - timezone.now()) - timedelta(hours=8)) < timedelta(minutes=1)

    # Once the day is over the same cookie no longer signs in.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    after = client.get(reverse("reports:my_reports"))
    assert after.status_code == 302 and after["Location"].startswith(reverse("login"))


def test_sign_out_ends_the_session(reporter, client_for):
    client = client_for(None)
    key = _sign_in(client, "t-reporter", PASSWORD).cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=key).exists()
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302
    assert not Session.objects.filter(session_key=key).exists()


# Languages: Albanian first, English second, chosen in the header or per user.


def _lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def test_albanian_is_the_default_language(client_for):
    response = client_for(None, language=None).get(reverse("login"))
    assert _lang(response) == "sq" and response["Content-Language"] == "sq"


def test_an_english_browser_still_gets_albanian_first(client_for):
    response = client_for(None, language=None).get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert _lang(response) == "sq"


def test_the_header_switcher_changes_the_language(reporter, client_for):
    client = client_for(reporter, language=None)
    home = client.get(reverse("home"))
    assert _lang(home) == "sq"
    assert 'name="language" value="en"' in home.content.decode()
    switched = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert switched.status_code == 302 and switched["Location"] == reverse("home")
    assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    after = client.get(reverse("home"))
    assert _lang(after) == "en" and after["Content-Language"] == "en"
    client.post(reverse("set_language"), {"language": "sq", "next": reverse("home")})
    assert _lang(client.get(reverse("home"))) == "sq"


def test_a_user_who_prefers_english_gets_it_without_choosing(reporter, client_for):
    reporter.language = "en"
    reporter.save()
    response = client_for(reporter, language=None).get(reverse("home"))
    assert _lang(response) == "en"
    # A choice made in the header wins over the preference.
    assert _lang(client_for(reporter, language="sq").get(reverse("home"))) == "sq"


def test_the_switcher_ignores_an_unknown_language_and_a_foreign_next(client_for):
    client = client_for(None, language=None)
    response = client.post(reverse("set_language"), {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302 and not response["Location"].startswith("https://evil")
    assert _lang(client.get(reverse("login"))) == "sq"
