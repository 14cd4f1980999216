"""Smaller gaps of sign-in: throttled password checks and reset e-mails, no browser cache of signed-in pages and
downloads, a 12-character minimum, the idle timeout besides the working day, the admin only where enabled."""

import importlib
import time

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import clear_url_caches, reverse

from antitrafik.middleware import SessionTimeoutMiddleware
from institutions.models import Throttle
from tests import factories
from tests.factories import PASSWORD
from tests.institutions.pages import field_error, main_text

pytestmark = pytest.mark.django_db

STRONG = "Lumi-Drini-Buna-2026"


# Password change: the current-password check is throttled per user


def _change(client, old):
    return client.post(reverse("password_change"), {"old_password": old, "new_password1": STRONG,
                                                    "new_password2": STRONG})


def test_guessing_the_current_password_on_the_change_page_is_stopped(reporter, client_for):
    client = client_for(reporter)
    for attempt in range(settings.PASSWORD_CHANGE_FAILURE_LIMIT - 1):
        wrong = _change(client, f"guess-{attempt}")
        assert wrong.status_code == 200 and "incorrect" in field_error(wrong, "old_password")
    last = _change(client, "guess-last")
    assert last.status_code == 429 and "Too many attempts" in field_error(last, "old_password")
    # Now even the right password is refused until the window ends.
    refused = _change(client, PASSWORD)
    assert refused.status_code == 429 and "Too many attempts" in field_error(refused, "old_password")
    reporter.refresh_from_db()
    assert reporter.check_password(PASSWORD)
    # After the window, the right password works and the count is forgotten.
    Throttle.objects.filter(key=f"password-change:user:{reporter.pk}").update(
        since=Throttle.objects.get().since.replace(year=2000))
    assert _change(client, PASSWORD).status_code == 302
    assert not Throttle.objects.filter(key=f"password-change:user:{reporter.pk}").exists()


def test_one_users_failures_do_not_throttle_another(reporter, other_reporter, client_for):
    for attempt in range(settings.PASSWORD_CHANGE_FAILURE_LIMIT):
        _change(client_for(reporter), f"guess-{attempt}")
    assert _change(client_for(other_reporter), PASSWORD).status_code == 302


# Password reset: at most a few e-mails per address and per user


def test_password_reset_emails_are_throttled_per_address(reporter, client_for):
    for _ in range(settings.PASSWORD_RESET_EMAIL_LIMIT):
        response = client_for(None).post(reverse("password_reset"), {"email": reporter.email})
        assert response.status_code == 302
    assert len(mail.outbox) == settings.PASSWORD_RESET_EMAIL_LIMIT
    refused = client_for(None).post(reverse("password_reset"), {"email": " " + reporter.email.upper()})
    assert refused.status_code == 429 and "Too many attempts" in field_error(refused, "email")
    assert len(mail.outbox) == settings.PASSWORD_RESET_EMAIL_LIMIT
    # The key does not hold the address.
    assert not Throttle.objects.filter(key__icontains=reporter.email.split("@")[0]).exists()


def test_an_unknown_address_is_throttled_the_same_way(client_for):
    """The answer does not tell a known address from an unknown one."""
    for _ in range(settings.PASSWORD_RESET_EMAIL_LIMIT):
        assert client_for(None).post(reverse("password_reset"), {"email": "nobody@example.org"}).status_code == 302
    assert client_for(None).post(reverse("password_reset"), {"email": "nobody@example.org"}).status_code == 429
    assert not mail.outbox


# No browser cache of what a signed-in user sees


def test_signed_in_pages_and_downloads_are_not_stored(reporter, director, client_for):
    page = client_for(reporter).get(reverse("home"))
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    download = client_for(director).get(reverse("strategy:activity_export", kwargs={"fmt": "xlsx"}))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert "no-store" in download["Cache-Control"]


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_public_pages_and_static_files_keep_their_caching(client_for, reporter):
    public = client_for(None).get(reverse("password_reset"))
    assert public.status_code == 200 and "no-store" not in public.get("Cache-Control", "")
    static = client_for(reporter).get("/static/css/antitrafik.css")  # served by WhiteNoise, as in production
    assert static.status_code == 200 and "no-store" not in static.get("Cache-Control", "")


# Passwords of at least 12 characters


def test_passwords_have_at_least_twelve_characters(reporter):
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Lumi-Drin-2", reporter)
    validate_password("Lumi-Drini-26", reporter)
    validate_password("Antitrafik-2026", reporter)  # the demo password of `make run`


# The idle timeout, besides the working day


def _age(client, **seconds):
    session = client.session
    for key, ago in seconds.items():
        session[key] = time.time() - ago
    session.save()


def test_a_session_idle_for_half_an_hour_ends(reporter, client_for):
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    client = client_for(reporter)
    _age(client, _last_seen=29 * 60)
    assert client.get(reverse("home")).status_code == 200  # used in time: it goes on
    _age(client, _last_seen=31 * 60)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "after 30 minutes without activity" in main_text(response)
    assert "_auth_user_id" not in client.session


def test_a_busy_session_still_ends_after_the_working_day(reporter, client_for):
    client = client_for(reporter)
    _age(client, _signed_in_at=settings.SESSION_COOKIE_AGE + 60, _last_seen=10)
    response = client.get(reverse("home"), follow=True)
    assert "after a working day" in main_text(response)
    assert "_auth_user_id" not in client.session


@override_settings(SESSION_IDLE_TIMEOUT=5 * 60)
def test_the_idle_timeout_is_configurable(reporter, client_for):
    client = client_for(reporter)
    _age(client, _last_seen=6 * 60)
    assert client.get(reverse("home")).status_code == 302


def test_requests_keep_the_session_alive(reporter, client_for):
    client = client_for(reporter)
    _age(client, _last_seen=SessionTimeoutMiddleware.RESOLUTION + 5)
    client.get(reverse("home"))
    assert time.time() - client.session["_last_seen"] < 5


# The admin, only where configured


@pytest.fixture
def reload_urls():
    """Rebuild the URLs after the test's settings, and again after the test."""
    import antitrafik.urls

    def rebuild():
        importlib.reload(antitrafik.urls)
        clear_url_caches()

    yield rebuild
    rebuild()


@pytest.mark.parametrize("url", ["/admin/", "/admin/login/", "/admin/institutions/user/"])
def test_without_admin_enabled_the_admin_is_not_found(url, reload_urls, client_for, settings):
    settings.ADMIN_ENABLED = False
    reload_urls()
    assert client_for(None).get(url).status_code == 404
    assert client_for(factories.DirectorFactory(is_staff=True, is_superuser=True)).get(url).status_code == 404


def test_where_enabled_the_admin_signs_in_through_the_application(reload_urls, client_for, settings):
    """Its sign-in is the application's, with the second step; a superuser then reaches it."""
    settings.ADMIN_ENABLED, settings.ADMIN_URL = True, "gate-7f3/"
    reload_urls()
    response = client_for(None).get("/gate-7f3/")
    assert response.status_code == 302
    sign_in = client_for(None).get(response["Location"])
    assert sign_in.status_code == 302 and sign_in["Location"] == "/login/?next=/gate-7f3/"
    root = client_for(factories.DirectorFactory(is_staff=True, is_superuser=True))
    assert root.get("/gate-7f3/").status_code == 200
    assert client_for(None).get("/admin/login/").status_code == 404
