"""The follow-up of the Committee's decisions through the quarterly report, end to end: the item appears in the
institution's report, blocks submission until answered, comes back through review, and the item's trail, the
overview and the committee report show the accepted account. Plus query-count pins of the overview and item page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from antitrafik.errors import DomainError
from reports.choices import ReportStatus
from reports.committee.compile import compile_figures
from reports.models import ItemFollowUp, QuarterlyReport
from reports.secretariat.services import follow_up_save
from strategy import services as strategy_services
from strategy.choices import ItemSource
from tests.factories import InstitutionFactory
from tests.strategy.secretariat_builders import decision, held_meeting, recommendation

pytestmark = pytest.mark.django_db


def _status(report):
    return QuarterlyReport.objects.get(pk=report.pk).status


def test_a_decision_goes_round_the_quarterly_report_and_comes_back_accepted(
        setup, filled_report, reporter, coordinator, director, committee_member, client_for):
    report = filled_report
    meeting = held_meeting(director)
    item = decision(director, meeting, setup.institution, text="Raportoni identifikimin proaktiv çdo tremujor.")
    as_reporter, as_coordinator = client_for(reporter), client_for(coordinator)

    # The decision is a part of the reporter's report, unanswered: the report cannot be submitted.
    page = as_reporter.get(report.get_absolute_url())
    assert "Raportoni identifikimin proaktiv" in page.content.decode() and "Not answered" in page.content.decode()
    refused = as_reporter.post(reverse("reports:report_submit", args=[report.pk]), {"warning_explanation": ""},
                               follow=True)
    assert f"missing for {item.code}" in refused.content.decode()
    assert _status(report) == ReportStatus.DRAFT

    # The reporter answers it, then submits.
    report.refresh_from_db()
    saved = as_reporter.post(reverse("reports:report_follow_up", args=[report.pk]), {
        "version": report.version, f"f-{item.pk}-status": "in_progress",
        f"f-{item.pk}-account": "Grupi i punës u ngrit në shtator."})
    assert saved.status_code == 302
    as_reporter.post(reverse("reports:report_submit", args=[report.pk]), {"warning_explanation": "Shpjegim."})
    assert _status(report) == ReportStatus.SUBMITTED

    # The coordinator returns it; the reporter completes the account and submits again; the coordinator accepts.
    as_coordinator.post(reverse("reports:report_return", args=[report.pk]),
                        {"comment": "Shtoni sa zyrtarë u trajnuan."})
    assert _status(report) == ReportStatus.RETURNED
    report.refresh_from_db()
    as_reporter.post(reverse("reports:report_follow_up", args=[report.pk]), {
        "version": report.version, f"f-{item.pk}-status": "in_progress",
        f"f-{item.pk}-account": "Grupi i punës u ngrit në shtator; 24 zyrtarë u trajnuan."})
    as_reporter.post(reverse("reports:report_submit", args=[report.pk]), {"warning_explanation": "Shpjegim."})
    assert _status(report) == ReportStatus.SUBMITTED
    accepted = as_coordinator.post(reverse("reports:report_accept", args=[report.pk]))
    assert accepted.status_code == 302 and _status(report) == ReportStatus.ACCEPTED

    # The item's trail, the overview and the committee report show the accepted account.
    trail = client_for(director).get(item.get_absolute_url()).content.decode()
    assert "24 zyrtarë u trajnuan" in trail and "Q2 2026" in trail and "Accepted" in trail
    overview = client_for(committee_member).get(reverse("strategy:tracked_item_list")).content.decode()
    assert "24 zyrtarë u trajnuan" in overview and item.code in overview
    figures = compile_figures(periods=[setup.period], language="en")
    [row] = [r for r in figures["secretariat"]["items"] if r["code"] == item.code]
    assert row["account"]["text"].endswith("24 zyrtarë u trajnuan.") and row["account"]["quarter"] == "Q2 2026"
    assert figures["secretariat"]["totals"]["open"] == 1


def test_the_follow_up_part_refuses_other_items_and_stale_versions(setup, report, reporter, director):
    other = InstitutionFactory(code="ELSE")
    foreign = recommendation(director, other)
    mine = recommendation(director, setup.institution, source=ItemSource.US_TIP)
    with pytest.raises(DomainError, match="not part of this report"):
        follow_up_save(report=report, by=reporter, version=report.version,
                       entries={foreign.pk: {"status": "done", "account": "x"}})
    with pytest.raises(DomainError, match="after you opened it"):
        follow_up_save(report=report, by=reporter, version=report.version - 1,
                       entries={mine.pk: {"status": "done", "account": "x"}})
    assert not ItemFollowUp.objects.exists()


def test_the_follow_up_is_locked_with_the_period(setup, report, reporter, director):
    item = recommendation(director, setup.institution)
    follow_up_save(report=report, by=reporter, version=report.version,
                   entries={item.pk: {"status": "done", "account": "U krye."}})
    strategy_services.period_close(period=setup.period, by=director)
    strategy_services.period_lock(period=setup.period, by=director)
    report.refresh_from_db()
    with pytest.raises(DomainError):
        follow_up_save(report=report, by=reporter, version=report.version,
                       entries={item.pk: {"status": "in_progress", "account": "Ndryshuar."}})
    follow_up = ItemFollowUp.objects.get()
    follow_up.account = "Ndryshuar."
    with pytest.raises(DomainError):
        follow_up.save()
    assert ItemFollowUp.objects.get().account == "U krye."


def test_a_recommendation_of_a_finalised_committee_report_becomes_an_item(director, setup, client_for):
    from reports.models import CommitteeReport

    report = CommitteeReport.objects.create(title="Raporti", language="sq", created_by=director,
                                            recommendations="- Të forcohet identifikimi në kufi.\n- Tjetër.")
    CommitteeReport.objects.filter(pk=report.pk).update(status="final")
    response = client_for(director).post(reverse("reports:committee_recommendation_item", args=[report.pk]), {
        "recommendation": "0", "lead_institution": setup.institution.pk, "deadline": "2026-12-31"})
    assert response.status_code == 302
    item = report.recommendation_items.get().item
    assert item.text == "Të forcohet identifikimi në kufi." and item.source == ItemSource.UNIT_REPORT
    assert "Raporti (v1)" in item.reference


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_overview_and_the_item_page_run_a_fixed_number_of_queries(director, committee_member, client_for):
    meeting = held_meeting(director)
    lead = InstitutionFactory(code="LEAD")
    partner = InstitutionFactory(code="PART")
    first = decision(director, meeting, lead, partners=[partner], deadline=datetime.date(2020, 1, 1))
    client = client_for(committee_member)
    url = reverse("strategy:tracked_item_list")
    few, page = _count(client, url)
    assert first.code in page and "Overdue" in page
    for n in range(6):
        decision(director, meeting, InstitutionFactory(code=f"M{n}"), partners=[partner], text=f"Vendimi {n}")
    many, page = _count(client, url)
    assert "Vendimi 5" in page
    assert few == many == 6  # with the data's version and the user, read again after the writes
    assert _count(client, url + "?group=institution")[0] == 5  # nothing written since: the user is kept
    item_queries, page = _count(client, first.get_absolute_url())
    assert "PART" in page and item_queries == 8
