"""The periods a reporter can still work in have one rule (workflow.open_to_reporter): the home page's to-do
list, the current reports of My reports and the workflow's period check agree on it."""

import datetime

import pytest
from django.urls import reverse

from reports import workflow
from reports.models import QuarterlyReport
from reports.selectors.follow_up import reporter_reports
from reports.selectors.home import home_panel
from strategy.models import ReportingPeriod
from tests.reports.builders import make_period, make_plan

pytestmark = pytest.mark.django_db

# (year, quarter): period status, the institution's report status (None: not started)
CASES = {
    (2025, 1): ("locked", "returned"),
    (2025, 2): ("closed", None),
    (2025, 3): ("closed", "draft"),
    (2025, 4): ("closed", "returned"),
    (2026, 1): ("open", "submitted"),
    (2026, 2): ("open", "draft"),
    (2026, 3): ("open", None),
    (2026, 4): ("planned", None),
}
CURRENT = [(2026, 3), (2026, 2), (2026, 1), (2025, 4)]  # latest first
TO_DO = [(2026, 3), (2026, 2), (2025, 4)]  # less what was submitted


@pytest.fixture
def quarters(institution):
    plan = make_plan()
    reports = {}
    for (year, quarter), (period_status, report_status) in CASES.items():
        period = make_period(plan, year, quarter, status="open", due_on=datetime.date(2030, 1, 15))
        if report_status:
            reports[year, quarter] = QuarterlyReport.objects.create(institution=institution, period=period,
                                                                    status=report_status)
        ReportingPeriod.objects.filter(pk=period.pk).update(status=period_status)  # locked last: reports are in it
    for report in reports.values():
        report.period.refresh_from_db()
    return reports


def quarters_of(rows):
    return [(row["period"].year, row["period"].quarter) for row in rows]


def test_home_and_my_reports_list_the_periods_open_to_the_reporter(quarters, institution, reporter, client_for):
    assert quarters_of(reporter_reports(institution)["current"]) == CURRENT
    assert quarters_of(home_panel(reporter)["todo"]) == TO_DO
    page = client_for(reporter).get(reverse("reports:my_reports"))
    assert page.status_code == 200
    assert quarters_of(page.context["current"]) == CURRENT


def test_the_workflow_lets_the_reporter_work_in_those_periods_only(quarters, institution, reporter):
    current = set(quarters_of(reporter_reports(institution)["current"]))
    for key, report in quarters.items():
        editable = report.status in workflow.EDITABLE_STATUSES
        assert workflow.allowed("edit", report, reporter) == (editable and key in current), key
        assert workflow.allowed("submit", report, reporter) == (editable and key in current), key
