"""Follow-up pages: the reporter's page, the status board with filters, the review queue, the overview, the home panel."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.models import QuarterlyReport
from tests.reports.builders import make_period


@pytest.mark.django_db
def test_my_reports_shows_this_quarter_comments_and_past(setup, submitted_report, reporter, coordinator, client_for):
    services.report_return(report=submitted_report, by=coordinator, comment="Shtoni shpenzimet e aktivitetit.")
    past_period = make_period(setup.plan, 2025, 1)
    past = services.report_start(institution=setup.institution, period=past_period, by=reporter)
    past_period.status = "closed"
    past_period.save()
    page = client_for(reporter).get(reverse("reports:my_reports")).content.decode()
    assert "Shtoni shpenzimet e aktivitetit." in page
    assert str(setup.period) in page and setup.period.due_on.strftime("%d.%m.%Y") in page
    past_section = page[page.index('id="past-title"'):]
    assert past.get_absolute_url() in past_section
    assert submitted_report.get_absolute_url() not in past_section


@pytest.mark.django_db
def test_my_reports_offers_to_start_a_missing_report(setup, reporter, client_for):
    page = client_for(reporter).get(reverse("reports:my_reports")).content.decode()
    assert reverse("reports:report_open", args=[setup.period.pk]) in page


@pytest.mark.django_db
def test_board_shows_states_late_and_waiting(setup, submitted_report, coordinator, other_institution, client_for):
    QuarterlyReport.objects.filter(pk=submitted_report.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=3))
    late_period = make_period(setup.plan, 2025, 1, due_on=datetime.date(2025, 4, 30))
    page = client_for(coordinator).get(reverse("reports:board")).content.decode()
    assert "waiting since" in page
    assert submitted_report.get_absolute_url() in page
    assert other_institution.code not in page  # the coordinator's portfolio only
    assert str(late_period) in page and "status-late" in page


@pytest.mark.django_db
def test_board_filters(setup, submitted_report, director, coordinator, other_coordinator, client_for):
    client = client_for(director)
    page = client.get(reverse("reports:board")).content.decode()
    assert "OWN" in page and "OTHER" in page
    page = client.get(reverse("reports:board"), {"coordinator": other_coordinator.pk}).content.decode()
    assert ">OWN<" not in page and ">OTHER<" in page
    page = client.get(reverse("reports:board"), {"state": "submitted"}).content.decode()
    assert ">OWN<" in page and ">OTHER<" not in page
    page = client.get(reverse("reports:board"), {"state": "nonsense"}).content.decode()
    assert ">OTHER<" in page  # an invalid filter is ignored


@pytest.mark.django_db
def test_review_queue_oldest_first_and_only_the_portfolio(setup, reporter, coordinator, other_coordinator, client_for):
    reports = []
    for quarter, days in ((1, 2), (2, 9)):
        period = setup.period if quarter == 2 else make_period(setup.plan, 2026, 1)
        report = services.report_start(institution=setup.institution, period=period, by=reporter)
        services.report_save(report=report, by=reporter, version=report.version, values=setup.valid_values(),
                             progress=setup.answered_progress())
        services.report_submit(report=report, by=reporter)
        QuarterlyReport.objects.filter(pk=report.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=days))
        reports.append(report)
    page = client_for(coordinator).get(reverse("reports:review_queue")).content.decode()
    assert page.index(reports[1].get_absolute_url()) < page.index(reports[0].get_absolute_url())
    page = client_for(other_coordinator).get(reverse("reports:review_queue")).content.decode()
    assert reports[0].get_absolute_url() not in page


@pytest.mark.django_db
def test_overview_rates_and_long_waits(setup, submitted_report, director, settings, client_for):
    QuarterlyReport.objects.filter(pk=submitted_report.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=settings.REVIEW_WAITING_DAYS + 2))
    page = client_for(director).get(reverse("reports:overview")).content.decode()
    assert "1 (50%)" in page  # one of the two institutions submitted
    assert submitted_report.get_absolute_url() in page  # waiting too long


@pytest.mark.django_db
def test_home_panel_says_what_to_do(setup, submitted_report, reporter, coordinator, client_for):
    page = client_for(coordinator).get(reverse("home")).content.decode()
    assert "Quarterly reports: what needs doing now" in page
    assert "1 report waits for review." in page
    services.report_return(report=submitted_report, by=coordinator, comment="x")
    page = client_for(reporter).get(reverse("home")).content.decode()
    assert reverse("reports:report_edit", args=[submitted_report.pk]) in page


@pytest.mark.django_db
def test_unit_panel_counts_the_queue_and_its_long_waits(setup, submitted_report, director, settings):
    """The three figures of the queue (how many wait, how many too long, since when the oldest) in one query."""
    from reports.selectors.home import home_panel

    since = timezone.now() - datetime.timedelta(days=settings.REVIEW_WAITING_DAYS + 3)
    QuarterlyReport.objects.filter(pk=submitted_report.pk).update(submitted_at=since)
    panel = home_panel(director)
    assert (panel["to_review"], panel["waiting"], panel["oldest_submitted_at"]) == (1, 1, since)
    QuarterlyReport.objects.filter(pk=submitted_report.pk).update(submitted_at=timezone.now())
    panel = home_panel(director)
    assert (panel["to_review"], panel["waiting"]) == (1, 0)
    QuarterlyReport.objects.filter(pk=submitted_report.pk).update(status="accepted")
    panel = home_panel(director)
    assert (panel["to_review"], panel["waiting"], panel["oldest_submitted_at"]) == (0, 0, None)
