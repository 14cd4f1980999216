"""seed_demo: the real landscape of institutions and the fixed demo logins, idempotent.

Loading the demo takes seconds, so the tests of what it loads share one load (the `seeded_demo` fixture:
`seed_demo --if-empty` without a password, into an empty database). The tests of the command's own
options that need a run of their own replace the two slow parts (the quarterly reports and the committee
reports) by stand-ins that record how they were called.
"""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from institutions.choices import InstitutionKind, Role
from institutions.models import Institution, SecurityEvent, User
from reports import services
from reports.models import QuarterlyReport, StatValue
from tests import factories
from tests.institutions.pages import main_text

pytestmark = pytest.mark.django_db

PASSWORD = "Demo-Pass-2026"


def _seed(*args, **options):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, **options)
    return out.getvalue()


def _state():
    return {
        "institutions": sorted(Institution.objects.values_list("code", "coordinator__username", "is_active")),
        "users": sorted(User.objects.values_list("username", "password", "role", "institution__code", "email")),
        "history": (Institution.history.count(), User.history.count()),
        "security_log": SecurityEvent.objects.count(),
    }


@pytest.mark.usefixtures("seeded_demo")
class TestTheLoadedDemo:
    def test_seed_demo_loads_the_landscape_and_the_fixed_logins(self, seeded_demo):
        institutions = Institution.objects.all()
        assert 40 <= institutions.count() <= 60
        assert institutions.filter(kind=InstitutionKind.UNIT).count() == 1
        assert institutions.filter(kind=InstitutionKind.REGIONAL_COMMITTEE).count() == 12
        assert set(institutions.filter(kind=InstitutionKind.REGIONAL_COMMITTEE).values_list("region", flat=True)) == {
            "Berat", "Dibër", "Durrës", "Elbasan", "Fier", "Gjirokastër", "Korçë", "Kukës", "Lezhë", "Shkodër",
            "Tiranë", "Vlorë"}
        assert {"PSH", "PP", "AP"} <= set(institutions.values_list("code", flat=True))

        assert User.objects.get(username="director").role == Role.DIRECTOR
        assert User.objects.get(username="committee").role == Role.COMMITTEE
        coordinators = User.objects.filter(role=Role.COORDINATOR)
        assert sorted(coordinators.values_list("username", flat=True)) == [f"coordinator{n}" for n in range(1, 5)]
        # Every reporting institution is in one of the four portfolios, each portfolio holds some, and has its reporter.
        reporting = institutions.exclude(kind=InstitutionKind.UNIT)
        assert not reporting.filter(coordinator__isnull=True).exists()
        assert all(c.portfolio.exists() for c in coordinators)
        for institution in reporting:
            reporter = User.objects.get(username=f"reporter-{institution.code.lower()}")
            assert reporter.role == Role.REPORTER and reporter.institution == institution
        assert User.objects.filter(role=Role.REPORTER).count() == reporting.count()
        for username in ["director", "coordinator1", "coordinator4", "committee", "reporter-psh"]:
            assert User.objects.get(username=username).check_password(seeded_demo.password), username

    def test_the_security_log_shows_the_demos_events(self, seeded_demo, client_for):
        director = User.objects.get(username="director")
        client = client_for(director)
        page = client.get(reverse("institutions:security_log"))
        assert page.status_code == 200 and page.context["page_obj"].paginator.count > 300
        text = main_text(client.get(reverse("institutions:security_log") + "?kind=locked_out"))
        assert "Locked out after failed sign-ins" in text and "198.51.100.23" in text and "director" in text
        kinds = set(SecurityEvent.objects.values_list("kind", flat=True))
        assert {"sign_in", "sign_out", "sign_in_failed", "locked_out", "access_denied", "not_found", "download",
                "user_changed", "password_changed", "otp_enrolled", "otp_failed"} <= kinds
        # Sign-ins of the demo users over recent weeks, on working days.
        sign_ins = SecurityEvent.objects.filter(kind="sign_in", user__username__startswith="coordinator")
        assert sign_ins.filter(at__gte=timezone.now() - timedelta(days=7)).exists()
        assert not sign_ins.filter(at__gte=timezone.now()).exists()

    def test_seed_demo_twice_changes_nothing(self, seeded_demo):
        first = _state()
        second_output = _seed("--password", "Another-Pass-2027")
        assert _state() == first  # same rows, same passwords, no new history
        assert "(0 new)" in second_output and "(0 new)" not in seeded_demo.output
        assert User.objects.get(username="director").check_password(seeded_demo.password)
        # What it says agrees with what it did: the given password went to nobody.
        assert re.search(r"\d+ demo users already existed and keep their passwords", second_output), second_output
        assert not User.objects.get(username="director").check_password("Another-Pass-2027")

    def test_seed_demo_help_says_existing_users_keep_their_passwords(self):
        from reports.management.commands.seed_demo import Command

        parser = Command().create_parser("manage.py", "seed_demo")
        text = " ".join(parser.format_help().split())
        assert "existing demo users keep theirs" in text
        assert "All demo users get" not in text

    def test_seed_demo_without_a_password_prints_a_random_one_that_works(self, seeded_demo):
        match = re.search(r"Password of the new demo users: (\S+)", seeded_demo.output)
        assert match, seeded_demo.output
        assert User.objects.get(username="reporter-psh").check_password(match.group(1))
        assert User.objects.get(username="director").check_password(match.group(1))
        # A second run creates nobody, so it has no password to print.
        again = _seed()
        assert "Password of the new demo users" not in again
        assert User.objects.get(username="director").check_password(match.group(1))

    def test_seed_demo_if_empty_loads_an_empty_database(self, seeded_demo):
        assert "already holds data" not in seeded_demo.output
        assert User.objects.filter(username="director").exists()

    def test_seed_demo_is_quiet_at_verbosity_0_when_it_adds_nothing(self):
        assert _seed("--password", PASSWORD, verbosity=0) == ""

    def test_demo_reports_pass_the_validation_rules_and_look_like_the_units_figures(self):
        """Every accepted demo report passes the error rules; breakdowns lean as real ones do."""
        accepted = QuarterlyReport.objects.filter(status="accepted").select_related("institution", "period")
        assert accepted.count() > 300
        for report in accepted:
            _, issues = services.report_check(report=report)
            assert not [i for i in issues if i.is_error], (report, issues)
        by_option = dict(StatValue.objects.filter(report__status="accepted", option_1__dimension__code="sex")
                         .values_list("option_1__code").annotate(n=Sum("value")))
        assert by_option["F"] > by_option["M"] > by_option.get("UNK", 0)
        organ = StatValue.objects.filter(option_1__code="ORGAN").aggregate(n=Sum("value"))["n"] or 0
        assert organ == 0


@pytest.fixture
def slow_parts(monkeypatch):
    """The quarterly and committee reports of the demo replaced by stand-ins: the verbosity each was given."""
    from reports import demo as reports_demo
    from reports.committee import demo as committee_demo

    calls = {}
    for name, module in [("reports", reports_demo), ("committee", committee_demo)]:
        monkeypatch.setattr(module, "seed", lambda *, stdout=None, verbosity=1, name=name: calls.__setitem__(name, verbosity))
    return calls


def test_seed_demo_prints_the_password_even_when_quiet(slow_parts):
    output = _seed(verbosity=0)
    assert re.fullmatch(r"\s*(\x1b\[[0-9;]*m)?Password of the new demo users: \S+?(\x1b\[0m)?\s*", output), output
    assert slow_parts == {"reports": 0, "committee": 0}  # the parts left out are told to be quiet too


def test_seed_demo_if_empty_leaves_a_database_with_institutions_alone():
    factories.InstitutionFactory(code="MINE", coordinator=None)
    output = _seed("--if-empty", "--password", PASSWORD)
    assert "already holds data" in output
    assert list(Institution.objects.values_list("code", flat=True)) == ["MINE"]
    assert not User.objects.filter(username="director").exists()
