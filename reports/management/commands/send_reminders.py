"""Daily reminders about quarterly reports (meant for cron): never the same reminder twice."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone

from institutions.choices import Role
from institutions.models import Institution, User
from reports import notifications
from reports.choices import ReportStatus
from reports.models import QuarterlyReport, ReminderLog
from strategy.choices import PeriodStatus
from strategy.models import ReportingPeriod

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


class Command(BaseCommand):
    help = (
        "Send the day's reminders about quarterly reports: to institutions before and after the due date, "
        "escalations of overdue reports to the coordinator and then the director, and to reviewers of "
        "reports waiting too long. Run it daily (cron); a reminder is never sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD), e.g. to catch up.")
        parser.add_argument("--dry-run", action="store_true", help="List the reminders without sending or recording them.")

    def handle(self, *args, date=None, dry_run=False, verbosity=1, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError("--date must look like 2026-04-30.") from None
        now = timezone.now() if not date else timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))
        already = set(ReminderLog.objects.values_list("report_institution_id", "period_id", "kind", "recipient"))
        sent = skipped = 0
        for institution, period, report, kind, recipients in due_reminders(today, now):
            for user in recipients:
                key = (institution.pk, period.pk, kind, user.email)
                if key in already:
                    skipped += 1
                    continue
                already.add(key)
                if verbosity >= 2:
                    self.stdout.write(f"{kind}: {institution.code} {period} → {user.email}")
                if dry_run:
                    sent += 1
                    continue
                sent += self._send(institution, period, report, kind, user, today)
        label = "would be sent" if dry_run else "sent"
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"{sent} reminder(s) {label}; {skipped} already sent earlier."))

    def _send(self, institution, period, report, kind, user, today):
        template = "reminder_review_waiting" if kind.startswith("review_waiting") else f"reminder_{kind}"
        context = {
            "institution": institution, "period": period, "report": report, "kind": kind,
            "days_late": max(0, (today - period.due_on).days), "days_left": max(0, (period.due_on - today).days),
            "link": notifications.report_link(report) if report else settings.SITE_URL.rstrip("/") + "/reports/mine/",
        }
        try:
            with transaction.atomic():
                ReminderLog.objects.create(report_institution=institution, period=period, kind=kind, recipient=user.email)
                return notifications.send_to_users([user], template, context)
        except IntegrityError:
            # Another run recorded it first.
            return 0
