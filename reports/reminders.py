"""The rules of the reminders about quarterly reports: who is reminded of what, when; never the same reminder twice.

`send_reminders` (a daily cron job) calls `reminders_send`, which queues one task per reminder and recipient
(`send_reminder`): the task records the reminder only once its e-mail was sent, and a failed
e-mail is tried again later.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.tasks import task

from antitrafik.tasks import retry_later
from institutions.choices import Role
from institutions.models import Institution, User
from strategy.choices import PeriodStatus
from strategy.models import ReportingPeriod

from . import notifications
from .choices import ReportStatus
from .models import QuarterlyReport, ReminderLog

PENDING = (None, ReportStatus.DRAFT, ReportStatus.RETURNED)


def escalation_days():
    """Days after the due date when an unsubmitted report is escalated to the coordinator, then the director."""
    return settings.REMINDER_ESCALATE_COORDINATOR_DAYS, settings.REMINDER_ESCALATE_DIRECTOR_DAYS


def due_reminders(today, now):
    """Yield (institution, period, report or None, kind, [recipients]) for every reminder due today.

    Reads everything in a handful of queries: periods, institutions, reports, reporters, directors.
    """
    periods = list(ReportingPeriod.objects.filter(status__in=[PeriodStatus.OPEN, PeriodStatus.CLOSED]))
    if not periods:
        return
    institutions = list(Institution.objects.reporting().select_related("coordinator"))
    reports = {(r.institution_id, r.period_id): r
               for r in QuarterlyReport.objects.filter(period__in=periods, institution__in=institutions)}
    reporters = {}
    for user in User.objects.filter(role=Role.REPORTER, is_active=True, institution__in=institutions).exclude(email=""):
        reporters.setdefault(user.institution_id, []).append(user)
    directors = list(User.objects.filter(role=Role.DIRECTOR, is_active=True).exclude(email=""))
    before_due = settings.REMINDER_DAYS_BEFORE_DUE
    to_coordinator, to_director = escalation_days()
    waiting_limit = now - datetime.timedelta(days=settings.REVIEW_WAITING_DAYS)
    for period in periods:
        days_to_due = (period.due_on - today).days
        for institution in institutions:
            report = reports.get((institution.pk, period.pk))
            status = report.status if report else None
            coordinator = [institution.coordinator] if institution.coordinator else directors
            if status in PENDING:
                if period.status == PeriodStatus.OPEN and 0 <= days_to_due <= before_due and status != ReportStatus.RETURNED:
                    yield institution, period, report, "before_due", reporters.get(institution.pk, [])
                if days_to_due < 0:
                    yield institution, period, report, "overdue", reporters.get(institution.pk, [])
                if -days_to_due >= to_coordinator:
                    yield institution, period, report, "escalate_coordinator", coordinator
                if -days_to_due >= to_director:
                    yield institution, period, report, "escalate_director", directors
            elif status == ReportStatus.SUBMITTED and report.submitted_at and report.submitted_at < waiting_limit:
                # One reminder per submission round: a resubmitted report may wait (and be reminded) again.
                yield institution, period, report, f"review_waiting_{report.times_returned}", coordinator


def reminders_send(*, today: datetime.date, now: datetime.datetime, dry_run: bool = False, on_send=None):
    """Queue every reminder due `today` that was not sent before; returns (queued, skipped).

    `on_send(kind, institution, period, email)` is called for each reminder (queued, or listed in a dry run).
    """
    already = set(ReminderLog.objects.values_list("report_institution_id", "period_id", "kind", "recipient"))
    queued = skipped = 0
    for institution, period, _report, kind, recipients in due_reminders(today, now):
        for user in recipients:
            key = (institution.pk, period.pk, kind, user.email)
            if key in already:
                skipped += 1
                continue
            already.add(key)
            if on_send is not None:
                on_send(kind, institution, period, user.email)
            if not dry_run:
                send_reminder.enqueue(institution.pk, period.pk, kind, user.pk, today.isoformat())
            queued += 1
    return queued, skipped


def reminder_send_one(*, institution_id: int, period_id: int, kind: str, user_id: int, today: datetime.date) -> str:
    """Send one reminder and record it, in one transaction: recorded only when the mail server took it.

    Raises OSError when the e-mail could not be sent (nothing is recorded; the task tries again). Another
    run that recorded the same reminder first wins: this one sends nothing.
    """
    try:
        institution = Institution.objects.get(pk=institution_id)
        period = ReportingPeriod.objects.get(pk=period_id)
        user = User.objects.get(pk=user_id, is_active=True)
    except (Institution.DoesNotExist, ReportingPeriod.DoesNotExist, User.DoesNotExist):
        return "not sent: the institution, period or recipient no longer exists"
    if not user.email:
        return "not sent: the recipient has no e-mail address"
    report = QuarterlyReport.objects.filter(institution=institution, period=period).first()
    template = "reminder_review_waiting" if kind.startswith("review_waiting") else f"reminder_{kind}"
    context = {
        "institution": institution, "period": period, "report": report, "kind": kind,
        "days_late": max(0, (today - period.due_on).days), "days_left": max(0, (period.due_on - today).days),
        "link": notifications.report_link(report) if report else settings.SITE_URL.rstrip("/") + "/reports/mine/",
    }
    try:
        with transaction.atomic():
            # The row is written first so that a concurrent run waits on it, and rolled back if sending fails.
            ReminderLog.objects.create(report_institution=institution, period=period, kind=kind, recipient=user.email)
            notifications.render_message(user, template, context).send()
    except IntegrityError:
        return "not sent: already sent"
    return "sent"


@task()
def send_reminder(institution_id: int, period_id: int, kind: str, user_id: int, today: str, attempt: int = 1) -> str:
    """Send one reminder (recorded only once sent); retry it when the mail server fails."""
    try:
        return reminder_send_one(institution_id=institution_id, period_id=period_id, kind=kind, user_id=user_id,
                                 today=datetime.date.fromisoformat(today))
    except OSError as error:
        return retry_later(send_reminder, attempt=attempt, reason=f"the mail server failed: {error}",
                           args=(institution_id, period_id, kind, user_id, today))
