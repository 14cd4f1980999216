"""The security log: each kind of event recorded by doing the real thing, nothing secret in it, the director's page
(filters, pages, query count), append-only rows and the retention purge."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.admin.sites import site
from django.core import mail
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from institutions.choices import SecurityEventKind as Kind
from institutions.models import AppendOnlyError, SecurityEvent, User
from institutions.security import second_factor_event_record, security_event_record
from tests import factories
from tests.factories import PASSWORD
from tests.institutions.pages import main_text

pytestmark = pytest.mark.django_db

TYPED_SECRET = "Sekret-I-Shtypur-9431"  # a wrong password typed at sign-in: it must be stored nowhere


def _sign_in(client, username, password, address="10.20.30.40"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def _events(kind):
    return list(SecurityEvent.objects.filter(kind=kind).order_by("at", "pk"))


def _whole_table():
    """Every value of every row of the log, as text."""
    return "\n".join(str(row) for row in SecurityEvent.objects.values_list())


# Sign-in, failures, lockout


def test_a_sign_in_is_recorded_with_who_and_from_where(reporter, client_for):
    assert _sign_in(client_for(None), "t-reporter", PASSWORD).status_code == 302
    [event] = _events(Kind.SIGN_IN)
    assert (event.user, event.username, event.ip_address) == (reporter, "t-reporter", "10.20.30.40")
    client = client_for(reporter)
    client.post(reverse("logout"), REMOTE_ADDR="10.20.30.41")
    assert [(e.user, e.ip_address) for e in _events(Kind.SIGN_OUT)] == [(reporter, "10.20.30.41")]


def _behind_the_proxy(request):
    """A client-address function as a deployment may configure it for axes (the last X-Forwarded-For hop)."""
    return request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip() or request.META.get("REMOTE_ADDR")


def test_the_address_is_the_one_the_project_resolves_for_axes(settings, reporter, client_for):
    settings.AXES_CLIENT_IP_CALLABLE = _behind_the_proxy
    client_for(None).post(reverse("login"), {"username": "t-reporter", "password": TYPED_SECRET},
                          REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.77")
    assert [e.ip_address for e in _events(Kind.SIGN_IN_FAILED)] == ["198.51.100.77"]


def test_a_failed_sign_in_keeps_the_username_typed_but_never_the_password(reporter, client_for):
    _sign_in(client_for(None), "  T-Reporter ", TYPED_SECRET)
    _sign_in(client_for(None), "nobody-" + "x" * 200, TYPED_SECRET, address="203.0.113.9")
    known, unknown = _events(Kind.SIGN_IN_FAILED)
    assert (known.user, known.username, known.target_user, known.ip_address) == (
        None, "t-reporter", reporter, "10.20.30.40")
    assert unknown.target_user is None and unknown.ip_address == "203.0.113.9"
    assert unknown.username == ("nobody-" + "x" * 200)[:40]
    assert TYPED_SECRET.lower() not in _whole_table().lower()


def test_a_lockout_is_recorded_once_and_attempts_while_locked_are_marked(reporter, client_for):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client_for(None), "t-reporter", TYPED_SECRET)
    assert _sign_in(client_for(None), "t-reporter", PASSWORD).status_code == 429
    [lock] = _events(Kind.LOCKED_OUT)
    assert (lock.username, lock.target_user, lock.ip_address) == ("t-reporter", reporter, "10.20.30.40")
    assert lock.detail == {"failures": settings.AXES_FAILURE_LIMIT}
    failed = _events(Kind.SIGN_IN_FAILED)
    assert [e.detail.get("locked", False) for e in failed] == [False] * settings.AXES_FAILURE_LIMIT + [True]
    assert not _events(Kind.SIGN_IN)
    assert TYPED_SECRET.lower() not in _whole_table().lower() and PASSWORD.lower() not in _whole_table().lower()


# Refused requests


def test_a_403_on_a_page_is_recorded_with_the_page(reporter, client_for):
    assert client_for(reporter).get(reverse("institutions:user_list"), REMOTE_ADDR="10.1.1.1").status_code == 403
    [event] = _events(Kind.ACCESS_DENIED)
    assert (event.user, event.target, event.ip_address, event.detail) == (
        reporter, "institutions:user_list", "10.1.1.1", {"method": "GET"})


def test_an_out_of_scope_object_is_recorded_but_not_an_unknown_path(reporter, other_institution, client_for):
    client = client_for(reporter)
    url = reverse("institutions:institution_detail", args=[other_institution.pk])
    assert client.get(url + "?q=typed-text").status_code == 404
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/plan/no-such-page/").status_code == 404
    [event] = _events(Kind.NOT_FOUND)
    assert (event.user, event.target) == (reporter, f"institutions:institution_detail pk={other_institution.pk}")
    assert "typed-text" not in _whole_table()
    assert SecurityEvent.objects.exclude(kind=Kind.NOT_FOUND).filter(user=reporter, kind__in=[
        Kind.ACCESS_DENIED, Kind.DOWNLOAD]).count() == 0


def test_a_password_reset_token_in_a_url_is_never_recorded(client_for, reporter):
    client_for(None).get(reverse("password_reset_confirm", kwargs={"uidb64": "AA", "token": "tok-9431-secret"}))
    assert "tok-9431" not in _whole_table()


# Users and passwords


def test_the_directors_user_changes_are_recorded(director, reporter, institution, client_for):
    client = client_for(director)
    form = {"username": "t-new", "first_name": "Ana", "last_name": "Dema", "email": "ana@example.al",
            "role": "reporter", "institution": institution.pk, "language": "sq", "phone": ""}
    assert client.post(reverse("institutions:user_create"), form).status_code == 302
    new = User.objects.get(username="t-new")
    form["phone"] = "+355 69 000 0000"
    client.post(reverse("institutions:user_update", args=[new.pk]), form)
    client.post(reverse("institutions:user_update", args=[new.pk]), {**form, "role": "coordinator", "institution": ""})
    client.post(reverse("institutions:user_deactivate", args=[new.pk]))
    client.post(reverse("institutions:user_reactivate", args=[new.pk]))
    client.post(reverse("institutions:user_send_link", args=[new.pk]))
    events = SecurityEvent.objects.filter(target_user=new).order_by("at", "pk")
    assert [(e.kind, e.user) for e in events] == [
        (Kind.USER_CREATED, director), (Kind.USER_CHANGED, director), (Kind.ROLE_CHANGED, director),
        (Kind.USER_DEACTIVATED, director), (Kind.USER_REACTIVATED, director), (Kind.PASSWORD_LINK_SENT, director)]
    assert events[0].detail == {"role": "reporter", "institution": "OWN"}
    assert events[1].detail == {"fields": ["phone"]}  # the field's name, not the number
    assert events[2].detail == {"fields": ["role", "institution"], "role": ["reporter", "coordinator"],
                                "institution": ["OWN", ""]}
    assert "+355" not in _whole_table()


def test_password_change_and_reset_are_recorded_without_the_passwords_or_the_address(reporter, client_for):
    new_password = "Lumi-Drini-Buna-2026"
    client = client_for(reporter)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    client_for(None).post(reverse("password_reset"), {"email": reporter.email})
    client_for(None).post(reverse("password_reset"), {"email": "stranger@example.org"})
    assert len(mail.outbox) == 1
    assert [(e.user, e.target_user) for e in _events(Kind.PASSWORD_CHANGED)] == [(reporter, reporter)]
    assert [(e.target_user, e.detail) for e in _events(Kind.PASSWORD_RESET_REQUESTED)] == [
        (reporter, {"account_found": True}), (None, {"account_found": False})]
    table = _whole_table()
    assert new_password not in table and PASSWORD not in table and "stranger" not in table


# Downloads (committee reports: tests/committee/test_views.py)


def test_an_export_is_recorded_with_its_format(coordinator, client_for):
    response = client_for(coordinator).get(reverse("strategy:activity_export", kwargs={"fmt": "csv"}))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    [event] = _events(Kind.DOWNLOAD)
    assert (event.user, event.target, event.detail) == (coordinator, "strategy:activity_export", {"format": "csv"})


# Second factor: the function the two-factor sign-in calls


def test_second_factor_events_name_the_user_and_who_acted(director, reporter):
    second_factor_event_record(kind=Kind.OTP_FAILED, user=reporter)
    second_factor_event_record(kind=Kind.OTP_RESET, user=reporter, by=director)
    assert [(e.kind, e.user, e.target_user) for e in SecurityEvent.objects.order_by("pk")] == [
        (Kind.OTP_FAILED, reporter, reporter), (Kind.OTP_RESET, director, reporter)]
    with pytest.raises(ValueError):
        second_factor_event_record(kind=Kind.SIGN_IN, user=reporter)


# Append-only


def test_events_are_never_changed_or_deleted_by_the_application_or_the_admin(reporter):
    event = security_event_record(kind=Kind.SIGN_IN, user=reporter)
    event.kind = Kind.SIGN_OUT
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.update(kind=Kind.SIGN_OUT)
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.all().delete()
    admin = site._registry[SecurityEvent]
    request = RequestFactory().get("/")
    request.user = factories.DirectorFactory(is_superuser=True, is_staff=True)
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request, event)
    assert not admin.has_delete_permission(request, event)
    assert SecurityEvent.objects.get().kind == Kind.SIGN_IN


# Retention


def _event_days_ago(days, **fields):
    SecurityEvent.objects.bulk_create([SecurityEvent(kind=Kind.SIGN_IN, at=timezone.now() - timedelta(days=days),
                                                     **fields)])


def test_the_purge_deletes_what_is_older_than_the_retention_time(settings):
    settings.SECURITY_LOG_RETENTION_DAYS = 30
    for days in (1, 29, 31, 400):
        _event_days_ago(days, username=f"d{days}")
    out = StringIO()
    call_command("purge_security_log", "--dry-run", stdout=out)
    assert "2 security event(s)" in out.getvalue() and SecurityEvent.objects.count() == 4
    call_command("purge_security_log", stdout=out)
    assert sorted(SecurityEvent.objects.values_list("username", flat=True)) == ["d1", "d29"]
    call_command("purge_security_log", "--days", "7", stdout=out)
    assert list(SecurityEvent.objects.values_list("username", flat=True)) == ["d1"]


# The director's page


def test_the_page_lists_events_newest_first_and_filters_them(director, reporter, other_reporter, client_for):
    _event_days_ago(10, user=reporter, username="t-reporter", ip_address="10.0.0.5")
    _event_days_ago(3, user=other_reporter, username="t-other-reporter", ip_address="192.168.1.9")
    SecurityEvent.objects.bulk_create([SecurityEvent(kind=Kind.ROLE_CHANGED, user=director, username="t-director",
                                                     target_user=reporter, at=timezone.now() - timedelta(days=1),
                                                     detail={"fields": ["role"], "role": ["reporter", "coordinator"]})])
    client = client_for(director)
    url = reverse("institutions:security_log")

    def rows(query=""):
        response = client.get(url + query)
        assert response.status_code == 200
        return [(e.kind, e.username) for e in response.context["object_list"]]

    everything = rows()
    assert everything[-3:] == [(Kind.ROLE_CHANGED, "t-director"), (Kind.SIGN_IN, "t-other-reporter"),
                               (Kind.SIGN_IN, "t-reporter")]
    assert everything[0] == (Kind.SIGN_IN, "t-director")  # the director's own sign-in (force_login), newest
    assert rows("?kind=role_changed") == [(Kind.ROLE_CHANGED, "t-director")]
    assert rows(f"?user={reporter.pk}") == [(Kind.ROLE_CHANGED, "t-director"), (Kind.SIGN_IN, "t-reporter")]
    day = (timezone.localdate() - timedelta(days=5)).isoformat()
    until = (timezone.localdate() - timedelta(days=2)).isoformat()
    assert rows(f"?since={day}&until={until}") == [(Kind.SIGN_IN, "t-other-reporter")]
    assert rows("?ip_address=192.168.") == [(Kind.SIGN_IN, "t-other-reporter")]
    text = main_text(client.get(url + "?kind=role_changed"))
    assert "Role or institution changed" in text and "Reporter → Coordinator" in text


def test_the_page_speaks_albanian(director, client_for):
    text = main_text(client_for(director, language=None).get(reverse("institutions:security_log")))
    assert "Regjistri i sigurisë" in text and "Hyri në sistem" in text


@pytest.mark.parametrize("rows", [3, 40])
def test_page_query_count_does_not_grow_with_rows(rows, director, reporter, client_for, django_assert_num_queries):
    SecurityEvent.objects.bulk_create([
        SecurityEvent(kind=Kind.ROLE_CHANGED, user=director, target_user=reporter, username="t-director",
                      detail={"fields": ["role"]}) for _ in range(rows)])
    client = client_for(director)
    with django_assert_num_queries(SECURITY_LOG_QUERIES):
        response = client.get(reverse("institutions:security_log"))
    assert response.status_code == 200
    assert len(response.context["object_list"]) == rows + 1  # and the director's sign-in
    assert response.content.decode().count("<td>Role or institution changed</td>") == rows


# Session, the data's version, user, the count, the page of events (with their users), the users of the filter.
SECURITY_LOG_QUERIES = 6


# Second factor, through the pages of the two-step sign-in


def _app_code(key):
    """The code an authenticator app set up with the hex `key` shows now."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice(key=key)
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def test_the_second_factor_events_of_the_pages_are_recorded_without_any_code(director, reporter, client_for):
    import re

    client = client_for(reporter)
    client.get(reverse("second_factor_enrol"))
    # The key being set up waits in the session (a 40-digit hex string) until its first code is right.
    key = next(v for v in client.session.values() if isinstance(v, str) and re.fullmatch(r"[0-9a-f]{40}", v))
    enrolled = client.post(reverse("second_factor_enrol"), {"code": _app_code(key)})
    codes = re.findall(r"\b[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}\b", enrolled.content.decode())
    assert codes
    signing_in = client_for(None)
    assert _sign_in(signing_in, "t-reporter", PASSWORD).status_code == 302
    signing_in.post(reverse("login_code"), {"code": "000000"}, REMOTE_ADDR="10.20.30.40")
    assert signing_in.post(reverse("login_code"), {"code": codes[0]}).status_code == 302
    client_for(director).post(reverse("institutions:user_second_factor_reset", args=[reporter.pk]))
    events = SecurityEvent.objects.filter(target_user=reporter).exclude(
        kind__in=[Kind.SIGN_IN, Kind.SIGN_OUT]).order_by("at", "pk")
    assert [(e.kind, e.user, e.detail) for e in events] == [
        (Kind.OTP_ENROLLED, reporter, {}),
        (Kind.OTP_FAILED, reporter, {"factor": "totp"}),
        (Kind.RECOVERY_CODE_USED, reporter, {"factor": "recovery"}),
        (Kind.OTP_RESET, director, {}),
    ]
    assert events[1].ip_address == "10.20.30.40"
    # The sign-in itself is recorded once, when the second step passed (the test's force_login has no address).
    assert SecurityEvent.objects.filter(kind=Kind.SIGN_IN, user=reporter, ip_address__isnull=False).count() == 1
    table = _whole_table()
    assert "000000" not in table and not any(code in table for code in codes) and key not in table
