"""Demo security log (part of `seed_demo`): six weeks of the demo users' sign-ins, a few failures, a lockout,
refused requests, user changes and downloads, so that the director's security log (/security/) has a story.

Written directly as rows (the log is append-only and its events are in the past); only into an empty log, so
running the demo again adds nothing.
"""

import datetime
import random

from django.utils import timezone

from institutions.choices import SecurityEventKind as Kind
from institutions.models import Institution, SecurityEvent, User
from strategy.models import Indicator

from .choices import CommitteeReportStatus
from .models import CommitteeReport, QuarterlyReport

WEEKS = 6
OFFICE = "10.10.1."  # the unit's office network
OUTSIDE = ("203.0.113.45", "198.51.100.23")  # addresses from outside (documentation ranges)


def _moment(day, hour, minute, rng):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute, rng.randrange(60))))


def seed(*, stdout=None, verbosity=1):
    """Add the demo's security events, unless the log already holds events."""
    if SecurityEvent.objects.exists():
        return 0
    rng = random.Random(2026)
    users = {u.username: u for u in User.objects.filter(is_active=True).select_related("institution")}
    director = users.get("director")
    if director is None:
        return 0
    events = []

    def add(kind, at, user=None, ip="", target_user=None, target="", username="", **detail):
        events.append(SecurityEvent(kind=kind, at=at, user=user, username=username or (user.username if user else ""),
                                    ip_address=ip or None, target_user=target_user, target=target, detail=detail))

    today = timezone.localdate()
    days = [today - datetime.timedelta(days=n) for n in range(WEEKS * 7, 0, -1)]
    workdays = [d for d in days if d.weekday() < 5]
    unit = [director] + [users[name] for name in sorted(users) if name.startswith("coordinator")]
    reporters = [users[name] for name in sorted(users) if name.startswith("reporter-")][:10]
    addresses = {user.pk: f"{OFFICE}{10 + index}" for index, user in enumerate(unit)}
    addresses.update({user.pk: f"10.{20 + index}.0.{rng.randrange(2, 250)}" for index, user in enumerate(reporters)})

    # The unit set up two-step sign-in at the start; one coordinator mistyped a code once.
    for index, user in enumerate(unit):
        add(Kind.OTP_ENROLLED, _moment(workdays[0], 8, 5 + index, rng), user, addresses[user.pk], user)
    if len(unit) > 2:
        add(Kind.OTP_FAILED, _moment(workdays[-9], 8, 40, rng), unit[2], addresses[unit[2].pk], unit[2],
            factor="totp")

    # Sign-ins on working days: the unit most mornings, reporters a few times a week; most sign out.
    for day in workdays:
        for user in unit + reporters:
            if rng.random() < (0.85 if user in unit else 0.3):
                start = _moment(day, rng.randrange(8, 10), rng.randrange(60), rng)
                add(Kind.SIGN_IN, start, user, addresses[user.pk])
                if rng.random() < 0.6:
                    add(Kind.SIGN_OUT, start + datetime.timedelta(hours=rng.randrange(1, 8)), user, addresses[user.pk])

    # A reporter mistyping the password twice, then signing in.
    if reporters:
        slow = reporters[0]
        day = workdays[-8]
        for minute in (2, 3):
            add(Kind.SIGN_IN_FAILED, _moment(day, 9, minute, rng), None, addresses[slow.pk], slow, username=slow.username)
        add(Kind.SIGN_IN, _moment(day, 9, 5, rng), slow, addresses[slow.pk])
    # Someone outside guessing 'admin', then the director's username until the lock.
    day = workdays[-12]
    for minute in range(3):
        add(Kind.SIGN_IN_FAILED, _moment(day, 2, 10 + minute, rng), None, OUTSIDE[0], username="admin")
    day = workdays[-5]
    for minute in range(5):
        add(Kind.SIGN_IN_FAILED, _moment(day, 3, 40 + minute, rng), None, OUTSIDE[1], director, username="director")
    add(Kind.LOCKED_OUT, _moment(day, 3, 44, rng), None, OUTSIDE[1], director, username="director", failures=5)
    add(Kind.SIGN_IN_FAILED, _moment(day, 4, 1, rng), None, OUTSIDE[1], director, username="director", locked=True)

    # Refused requests: a reporter opening the users' page, and another institution's report.
    if len(reporters) > 1:
        nosy = reporters[1]
        add(Kind.ACCESS_DENIED, _moment(workdays[-15], 11, 5, rng), nosy, addresses[nosy.pk],
            target="institutions:user_list", method="GET")
        foreign = QuarterlyReport.objects.exclude(institution_id=nosy.institution_id).order_by("pk").first()
        if foreign is not None:
            add(Kind.NOT_FOUND, _moment(workdays[-15], 11, 7, rng), nosy, addresses[nosy.pk],
                target=f"reports:report_detail pk={foreign.pk}", method="GET")

    # The director's changes to users.
    coordinator = users.get("coordinator3")
    if coordinator is not None:
        add(Kind.USER_CHANGED, _moment(workdays[-20], 10, 15, rng), director, addresses[director.pk], coordinator,
            fields=["phone"])
    if len(reporters) > 2:
        forgetful = reporters[2]
        add(Kind.PASSWORD_LINK_SENT, _moment(workdays[-10], 14, 30, rng), director, addresses[director.pk], forgetful)
        add(Kind.PASSWORD_SET, _moment(workdays[-10], 15, 2, rng), forgetful, addresses[forgetful.pk], forgetful)
    colleague = users.get("coordinator2")
    if colleague is not None:
        add(Kind.PASSWORD_CHANGED, _moment(workdays[-3], 8, 50, rng), colleague, addresses[colleague.pk], colleague)

    # Downloads: the committee member's copies of finalised reports, a coordinator's data, reporters' workbooks.
    member = users.get("committee")
    for index, report in enumerate(CommitteeReport.objects.filter(status=CommitteeReportStatus.FINAL).order_by("pk")[:2]):
        if member is not None:
            add(Kind.DOWNLOAD, _moment(workdays[-4 - index], 16, 20, rng), member, "10.30.0.7",
                target=f"reports:committee_pdf pk={report.pk}", format="pdf")
    indicator = Indicator.objects.order_by("pk").first()
    if indicator is not None and unit[1:]:
        add(Kind.DOWNLOAD, _moment(workdays[-2], 12, 0, rng), unit[1], addresses[unit[1].pk],
            target=f"data:indicator_xlsx pk={indicator.pk}", format="xlsx")
    for user in reporters[:3]:
        report = QuarterlyReport.objects.filter(institution_id=user.institution_id).order_by("-pk").first()
        if report is not None:
            add(Kind.DOWNLOAD, _moment(workdays[-6], 10, 30, rng), user, addresses[user.pk],
                target=f"reports:report_xlsx pk={report.pk}", format="xlsx")

    SecurityEvent.objects.bulk_create(events)
    if stdout is not None and verbosity:
        stdout.write(f"Security log: {len(events)} events of {Institution.objects.count()} institutions' users.")
    return len(events)
