"""Prepare the deadline-day load test's database: the demo, 60 reporting institutions each with a draft report.

Run by run.py (`make loadtest`), with DATABASE_URL pointing at the load test's PostgreSQL database. The demo
is loaded once into a template database and copied for each run (seeding takes minutes, copying seconds).
Writes the accounts and report ids for locust as JSON on stdout.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REPORTERS = 60


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antitrafik.settings")
    import django

    django.setup()
    from django.db import transaction

    from institutions.choices import Role
    from institutions.models import Institution, User
    from reports import services
    from reports.models import QuarterlyReport
    from strategy.choices import PeriodStatus
    from strategy.models import Activity, Indicator, ReportingPeriod

    period = ReportingPeriod.objects.filter(status=PeriodStatus.OPEN).order_by("-year", "-quarter").first()
    director = User.objects.get(username="director")
    coordinators = list(User.objects.filter(role=Role.COORDINATOR, is_active=True).order_by("username")[:4])
    with transaction.atomic():
        institutions = list(Institution.objects.reporting().order_by("code"))
        model = max(institutions, key=lambda i: Indicator.objects.filter(reporting_institutions=i).count())
        extra = REPORTERS - len(institutions)
        for n in range(1, extra + 1):  # institutions like the busiest one, so their reports are as big
            new = Institution.objects.create(code=f"LT{n:02d}", name=f"Institucioni i provës {n}", kind=model.kind,
                                             region=model.region, coordinator=coordinators[n % len(coordinators)])
            for indicator in Indicator.objects.filter(reporting_institutions=model):
                indicator.reporting_institutions.add(new)
            for activity in Activity.objects.filter(partners=model):
                activity.partners.add(new)
            institutions.append(new)
        accounts = []
        for institution in institutions[:REPORTERS]:
            reporter = User.objects.filter(role=Role.REPORTER, institution=institution, is_active=True).first()
            if reporter is None:
                reporter = User(username=f"reporter-{institution.code.lower()}", role=Role.REPORTER,
                                institution=institution, email=f"{institution.code.lower()}@example.gov.al")
            reporter.set_unusable_password()
            reporter.save()
            report = QuarterlyReport.objects.filter(institution=institution, period=period).first()
            if report is None:
                report = services.report_start(institution=institution, period=period, by=reporter)
            accounts.append({"username": reporter.username, "report": report.pk, "status": report.status,
                             "session": signed_in(reporter)})
    print(json.dumps({"period": period.pk, "reporters": accounts,
                      "coordinators": [{"username": c.username, "session": signed_in(c)} for c in coordinators],
                      "director": {"username": director.username, "session": signed_in(director)}}))


def signed_in(user):
    """A session of `user` as after signing in: the deadline day's users are at their desks already, and 65
    password checks at once (PBKDF2, on purpose slow) would measure the sign-in, not the day's work. Where the
    role signs in in two steps (TWO_FACTOR_REQUIRED, on in production settings), the session has passed both."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from institutions.twofactor.services import second_factor_device, second_factor_required

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if second_factor_required(user):  # the director and coordinators passed their second step too
        device = second_factor_device(user) or TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return session.session_key


if __name__ == "__main__":
    main()
