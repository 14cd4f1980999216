"""Daily reminders about quarterly reports (meant for cron): never the same reminder twice."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports.reminders import reminders_send


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

        def say(kind, institution, period, email):
            if verbosity >= 2:
                self.stdout.write(f"{kind}: {institution.code} {period} → {email}")

        sent, skipped = reminders_send(today=today, now=now, dry_run=dry_run, on_send=say)
        label = "would be sent" if dry_run else "sent"
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"{sent} reminder(s) {label}; {skipped} already sent earlier."))
