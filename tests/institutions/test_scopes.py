"""Institutions, their users and their quarterly reports are scoped by one rule (policy.roles.unit_all_reporter_own):
the unit sees every row, a reporter its own institution's, a committee member none."""

import pytest

from institutions.models import Institution, User
from reports.models import QuarterlyReport
from tests import factories

pytestmark = pytest.mark.django_db

EXPECTED = {"director": "all", "coordinator": "all", "other_coordinator": "all", "reporter": "OWN",
            "other_reporter": "OTHER", "committee": None}


@pytest.mark.parametrize("role", EXPECTED)
def test_the_three_scopes_agree(role, users, institution, other_institution):
    plan = factories.ActionPlanFactory(start_year=2024, end_year=2026)
    period = factories.ReportingPeriodFactory(plan=plan, year=2025, quarter=1, status="open")
    for owner in (institution, other_institution):
        QuarterlyReport.objects.create(institution=owner, period=period)
    user = users[role]
    seen = {
        "institutions": set(Institution.objects.for_user(user).values_list("code", flat=True)),
        "users": set(User.objects.for_user(user).exclude(institution=None).values_list("institution__code", flat=True)),
        "reports": set(QuarterlyReport.objects.for_user(user).values_list("institution__code", flat=True)),
    }
    expected = {"all": {"OWN", "OTHER"}, None: set()}.get(EXPECTED[role], {EXPECTED[role]})
    assert seen == dict.fromkeys(seen, expected)
