"""Delete security-log events older than the retention time (meant for cron, daily)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from institutions.security import security_log_purge


class Command(BaseCommand):
    help = (
        "Delete the security log's events older than SECURITY_LOG_RETENTION_DAYS (default 365) days. "
        "Run it daily (cron); it is the only way events leave the log."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Keep this many days instead of SECURITY_LOG_RETENTION_DAYS.")
        parser.add_argument("--dry-run", action="store_true", help="Count the events that would be deleted.")

    def handle(self, *args, days=None, dry_run=False, verbosity=1, **options):
        days = settings.SECURITY_LOG_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("The retention time must be at least one day.")
        cutoff = timezone.now() - timedelta(days=days)
        count = security_log_purge(before=cutoff, dry_run=dry_run)
        if verbosity:
            label = "would be deleted" if dry_run else "deleted"
            self.stdout.write(self.style.SUCCESS(
                f"{count} security event(s) older than {days} days (before {cutoff:%Y-%m-%d %H:%M}) {label}."))
