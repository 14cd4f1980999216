"""The committee reports list: a fixed number of queries however many reports and periods, and none of what was
frozen (figures, charts, page, PDF: hundreds of kilobytes a report) is read to list them."""

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports.choices import CommitteeReportStatus
from reports.models import CommitteeReport
from tests.public.builders import PDF
from tests.reports.builders import make_period, make_plan

# Session, the data's version, user, the count, the page of reports (with their authors and the version they
# replace), their periods.
LIST_QUERIES = 6


def add_reports(n, by, plan, first_year):
    """`n` finalised reports (each replacing the one before) over four quarters each, with large frozen figures."""
    previous = CommitteeReport.objects.order_by("-pk").first()
    for i in range(n):
        report = CommitteeReport.objects.create(title=f"Raporti {first_year + i}", created_by=by)
        report.periods.set([make_period(plan, first_year + i, q) for q in (1, 2, 3, 4)])  # while a draft
        CommitteeReport.objects.filter(pk=report.pk).update(
            status=CommitteeReportStatus.FINAL, finalised_by=by, finalised_at=timezone.now(), frozen_pdf=PDF,
            pdf_sha256=hashlib.sha256(PDF).hexdigest(), supersedes=previous, version=i + 1,
            frozen_figures={"rows": ["x" * 1000] * 50}, frozen_charts={"svg": "<svg/>" * 1000})
        if previous is not None:
            CommitteeReport.objects.filter(pk=previous.pk).update(status=CommitteeReportStatus.SUPERSEDED)
        previous = report


def list_queries(client, *titles):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:committee_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert all(title in html for title in titles), [t for t in titles if t not in html]
    assert not any("frozen_" in q["sql"] for q in queries.captured_queries), "the list read what was frozen"
    return len(queries.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["director", "committee"])
def test_the_list_runs_a_fixed_number_of_queries(role, users, client_for):
    client = client_for(users[role])
    plan = make_plan()
    add_reports(2, users["director"], plan, 2010)
    few = list_queries(client, "Raporti 2011")
    add_reports(8, users["director"], plan, 2012)
    assert list_queries(client, "Raporti 2019", "Raporti 2011") == few == LIST_QUERIES
