"""An activity with several lead institutions: every lead reports on it as a lead, and every question "who leads"
(the report's activities, the status rule, late counts, "our activities", the list's filter) counts them all."""

import datetime

import pytest
from django.urls import reverse

from reports.choices import ActivityRole, ProgressStatus, ReportStatus
from reports.models import ActivityProgress, QuarterlyReport
from reports.selectors.activity_status import with_status
from reports.selectors.home import late_activities
from reports.selectors.report import report_activities
from strategy.models import Activity
from tests import factories
from tests.reports.builders import make_activity, make_period, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(db):
    plan = make_plan()
    lead, co_lead, partner = (factories.InstitutionFactory(code=code) for code in ("AAA", "BBB", "CCC"))
    activity = make_activity(plan, lead, partners=[partner], due_on=datetime.date(2020, 1, 1))
    activity.co_leads.add(co_lead)
    return plan, activity, lead, co_lead, partner


def test_every_lead_reports_as_a_lead(shared):
    plan, activity, lead, co_lead, partner = shared
    period = make_period(plan)
    roles = {}
    for institution in (lead, co_lead, partner):
        report = QuarterlyReport.objects.create(institution=institution, period=period)
        [row] = report_activities(report)
        roles[institution.code] = row.report_role
        progress = ActivityProgress.objects.create(report=report, activity=activity, status=ProgressStatus.IN_PROGRESS)
        assert progress.role == row.report_role
    assert roles == {"AAA": ActivityRole.LEAD, "BBB": ActivityRole.LEAD, "CCC": ActivityRole.PARTNER}


def test_the_status_is_the_latest_of_any_lead_and_late_counts_every_lead(shared):
    plan, activity, lead, co_lead, partner = shared
    assert late_activities(plan, lead=co_lead) == 1 and late_activities(plan, lead=partner) == 0
    period = make_period(plan, 2025, 1, status="closed")
    report = QuarterlyReport.objects.create(institution=co_lead, period=period, status=ReportStatus.ACCEPTED)
    ActivityProgress.objects.create(report=report, activity=activity, status=ProgressStatus.IMPLEMENTED, role="")
    [annotated] = with_status(Activity.objects.filter(pk=activity.pk))
    assert annotated.lead_status == ProgressStatus.IMPLEMENTED and not annotated.is_late
    assert late_activities(plan, lead=lead) == 0


def test_a_co_lead_finds_the_activity_among_its_own_and_in_the_filter(shared, client_for, coordinator):
    plan, activity, lead, co_lead, partner = shared
    reporter = factories.ReporterFactory(institution=co_lead)
    page = client_for(reporter).get(reverse("strategy:my_activities"))
    assert [a.code for a in page.context["object_list"]] == [activity.code]
    assert list(Activity.objects.led_by(co_lead)) == [activity] and list(Activity.objects.led_by(partner)) == []
    assert list(Activity.objects.of_institution(co_lead)) == [activity]
    listing = client_for(coordinator).get(reverse("strategy:activity_list"),
                                          {"institution": co_lead.pk, "involvement": "lead"})
    assert [a.code for a in listing.context["object_list"]] == [activity.code]
    listing = client_for(coordinator).get(reverse("strategy:activity_list"),
                                          {"institution": co_lead.pk, "involvement": "partner"})
    assert list(listing.context["object_list"]) == []


def test_the_director_picks_other_leads_on_the_activity_form(shared, client_for, director):
    plan, activity, lead, co_lead, partner = shared
    other = factories.InstitutionFactory(code="DDD")
    data = {"objective": activity.objective_id, "code": activity.code, "description": activity.description,
            "lead_institution": lead.pk, "co_leads": [co_lead.pk, other.pk, lead.pk], "partners": [partner.pk],
            "deadline": "vazhdimisht", "resources": "Buxheti i shtetit + IOM", "funding_source": "donor"}
    client = client_for(director)
    assert client.get(reverse("strategy:activity_update", args=[activity.pk])).status_code == 200
    response = client.post(reverse("strategy:activity_update", args=[activity.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    activity.refresh_from_db()
    assert sorted(i.code for i in activity.co_leads.all()) == ["BBB", "DDD"]  # the coordinating lead is not repeated
    assert activity.deadline_ongoing and activity.due_on is None and activity.resources == "Buxheti i shtetit + IOM"
    form = client.get(reverse("strategy:activity_update", args=[activity.pk])).context["form"]
    assert form.initial["deadline"] == "Ongoing"
    assert activity.history.latest().history_user == director


def test_the_activity_page_names_the_lead_whose_report_gave_the_status(shared, client_for, director):
    """With several leads the status may come from any of them: the page says which, and for which quarter."""
    plan, activity, lead, co_lead, partner = shared
    url = reverse("strategy:activity_detail", args=[activity.pk])
    client = client_for(director)
    assert "reported by" not in client.get(url).content.decode()  # no accepted status yet
    period = make_period(plan, 2025, 1, status="closed")
    report = QuarterlyReport.objects.create(institution=co_lead, period=period, status=ReportStatus.ACCEPTED)
    ActivityProgress.objects.create(report=report, activity=activity, status=ProgressStatus.IN_PROGRESS,
                                    role=ActivityRole.LEAD)
    assert "reported by BBB for Q1 2025" in client.get(url).content.decode()
    later = QuarterlyReport.objects.create(institution=lead, period=make_period(plan, 2025, 2, status="closed"),
                                           status=ReportStatus.ACCEPTED)
    ActivityProgress.objects.create(report=later, activity=activity, status=ProgressStatus.PARTIAL,
                                    role=ActivityRole.LEAD)
    assert "reported by AAA for Q2 2025" in client.get(url).content.decode()
    activity.co_leads.remove(co_lead)  # a former lead: its accepted word stays, and still says whose it was
    later.delete()
    assert "reported by BBB for Q1 2025" in client.get(url).content.decode()
