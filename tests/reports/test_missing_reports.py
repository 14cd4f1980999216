"""A report not submitted for a due period stays visible as 'not submitted' after the period closes or locks
(board, My reports, home panel); a period not yet due is never 'missing'."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import QuarterlyReport
from reports.selectors.follow_up import is_due
from reports.selectors.home import home_panel
from tests.reports.builders import make_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def periods(setup):
    """Q3 2025 (closed, the institution reported), Q4 2025 (locked) and Q1 2026 (closed) without its report,
    the setup's open Q2 2026 past its due date, and an open period not due yet."""
    today = timezone.localdate()
    reported = make_period(setup.plan, 2025, 3, status="closed")
    QuarterlyReport.objects.create(institution=setup.institution, period=reported, status="accepted",
                                   first_submitted_at=timezone.now())
    return {
        "reported": reported,
        "locked": make_period(setup.plan, 2025, 4, status="locked"),
        "closed": make_period(setup.plan, 2026, 1, status="closed"),
        "open": setup.period,
        "not_due": make_period(setup.plan, today.year + 1, 1, due_on=today + datetime.timedelta(days=60)),
    }


def cell(page, institution_code, period):
    """The board cell of an institution for a period (the periods are the columns, oldest first)."""
    row = page[page.index(f'<span class="fw-semibold">{institution_code}</span>'):]
    row = row[:row.index("</tr>")]
    headers = page[page.index("<thead"):page.index("</thead>")]
    column = [h.split("<br>")[0] for h in headers.split('class="text-center text-nowrap">')[1:]].index(str(period))
    return row.split("<td")[1 + column]


def test_due_means_past_the_due_date_or_closed_or_locked(periods):
    today = timezone.localdate()
    assert is_due(periods["locked"], today) and is_due(periods["closed"], today) and is_due(periods["open"], today)
    assert not is_due(periods["not_due"], today)


def test_the_board_says_not_submitted_for_due_periods_only(periods, setup, coordinator, client_for):
    page = client_for(coordinator).get(reverse("reports:board")).content.decode()
    for name in ("locked", "closed", "open"):
        assert "Not submitted" in cell(page, "OWN", periods[name]), name
    assert "Not submitted" not in cell(page, "OWN", periods["not_due"])
    assert "Not started" in cell(page, "OWN", periods["not_due"])
    assert "Accepted" in cell(page, "OWN", periods["reported"])
    filtered = client_for(coordinator).get(reverse("reports:board"), {"state": "missing"}).content.decode()
    assert "OWN" in filtered


def test_my_reports_keeps_the_reports_not_submitted(periods, reporter, client_for):
    page = client_for(reporter).get(reverse("reports:my_reports")).content.decode()
    current = page[page.index('id="current-title"'):page.index('id="past-title"')]
    past = page[page.index('id="past-title"'):]
    assert str(periods["not_due"]) in current and str(periods["open"]) in current  # can still be started
    for name in ("locked", "closed"):
        row = past[past.index(f"<td>{periods[name]}</td>"):]
        assert "Not submitted" in row[:row.index("</tr>")], name
    assert str(periods["not_due"]) not in past


def test_the_home_panel_keeps_them_too(periods, reporter, coordinator, client_for):
    panel = home_panel(reporter)
    assert panel["missing"] == [periods["closed"], periods["locked"]]
    assert [item["period"] for item in panel["todo"]] == [periods["not_due"], periods["open"]]
    page = client_for(reporter).get(reverse("home")).content.decode()
    assert "were not submitted before their periods closed" in page
    # The unit: the portfolio's reports never submitted for due periods (OWN: three; OTHER is not in it).
    assert home_panel(coordinator)["overdue"] == 3


def test_the_home_panel_says_in_words_when_nothing_is_overdue(coordinator, client_for):
    """Not "0 raporte … nuk janë dorëzuar": a sentence that says there are none."""
    page = client_for(coordinator, language="sq").get(reverse("home")).content.decode()
    assert "Nuk ka raporte të padorëzuara me afat të kaluar." in page
    assert "Asnjë raport nuk pret shqyrtim." in page
    assert "0 raporte" not in page
