"""Load the demo dataset: institutions, users, the action plan, indicators, periods, reports, the Committee's
secretariat (meetings, decisions, recommendations, proposals) and a security log."""

import secrets

from django.core.management.base import BaseCommand
from django.db import transaction

from institutions import demo as institutions_demo
from institutions.models import Institution
from reports import demo as reports_demo
from reports import security_demo
from reports.committee import demo as committee_demo
from reports.public import demo as public_demo
from reports.secretariat import demo as secretariat_demo
from reports.sources import demo as sources_demo
from strategy import demo as strategy_demo


class Command(BaseCommand):
    help = (
        "Load the demo data (idempotent: running it twice changes nothing). "
        "Demo users created now get --password, or a random password that is printed; "
        "demo users that already exist keep their passwords."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Password for the demo users created now (default: a random one, printed); "
                                 "existing demo users keep theirs.")
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing when the database already holds institutions.")

    def handle(self, *args, password=None, verbosity=1, if_empty=False, **options):
        if if_empty and Institution.objects.exists():
            if verbosity:
                self.stdout.write("The database already holds data: demo data not loaded.")
            return
        generated = password is None
        if generated:
            password = secrets.token_urlsafe(12)
        with transaction.atomic():
            users = institutions_demo.seed(password=password, stdout=self.stdout, verbosity=verbosity)
            strategy_demo.seed(stdout=self.stdout, verbosity=verbosity)
            reports_demo.seed(stdout=self.stdout, verbosity=verbosity)
            committee_demo.seed(stdout=self.stdout, verbosity=verbosity)
            sources_demo.seed(stdout=self.stdout, verbosity=verbosity)
            secretariat_demo.seed(stdout=self.stdout, verbosity=verbosity)
            # Periods take their real states for today last: a locked period cannot receive data.
            strategy_demo.set_period_states(stdout=self.stdout, verbosity=verbosity)
            security_demo.seed(stdout=self.stdout, verbosity=verbosity)
            # The last full year's figures and annual committee report go on the public site.
            public_demo.seed(stdout=self.stdout, verbosity=verbosity)
        if verbosity:
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
            self.stdout.write(
                "Demo logins: director, coordinator1 … coordinator4, committee, "
                "and reporter-<code> per institution (e.g. reporter-psh)."
            )
        if users.created and generated:
            # Printed even with --verbosity 0: without it nobody could sign in.
            self.stdout.write(self.style.WARNING(f"Password of the new demo users: {password}"))
        if users.existing and verbosity:
            self.stdout.write(f"{users.existing} demo users already existed and keep their passwords.")
