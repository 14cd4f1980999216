"""Query counts pinned: the report page, its form and a save do not grow with activities or cells; nor the board."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from antitrafik import kept_pages
from reports.models import QuarterlyReport, StatValue
from strategy.models import Indicator
from tests.factories import InstitutionFactory
from tests.reports.builders import make_big_report, make_period, make_plan

# Pinned counts (the same for 20 and for 60 activities, 10 and 40 indicators). Reading a report includes one
# query for the activities the institution reported done earlier (reports.selectors.activity_status.done_activities),
# and one for the terms of the indicators' relation rules (strategy.RuleTerm). The institution's grids take
# GRID_QUERIES the first time after a definition changed, then none: the process keeps them under the definitions'
# token, read once per request that needs them (strategy.definitions). A page also reads the data's token first
# (antitrafik.versions), and reads the user only when something was written since (antitrafik.middleware); the
# same page again, the data unchanged, is served as it was kept: KEPT_PAGE_QUERIES (the session, the token).
GRID_QUERIES = 5
EDIT_PAGE_QUERIES = 9  # the form shows no timeline: its events are not read
KEPT_PAGE_QUERIES = 2
# A session's first request reads its user (antitrafik.middleware: kept afterwards while nothing is written).
FIRST_REQUEST_QUERIES = 1
# On PostgreSQL a save also takes a share lock on the period row (see reports.services._hold_period).
PERIOD_LOCK_QUERIES = 1 if connection.vendor == "postgresql" else 0
# A save compares the form with the report as its request read it (reports.services._stored) and reads only the
# rows of the cells that change (one query; none when no cell changes).
SAVE_NEW_QUERIES = 24 + PERIOD_LOCK_QUERIES
SAVE_CHANGED_QUERIES = 23 + PERIOD_LOCK_QUERIES
# The page after a save: its message waits, so the page is not kept and reads no token.
DETAIL_QUERIES = 15  # + the follow-up part: the items assigned, their answers
BOARD_QUERIES = {"coordinator": 8, "director": 9}


def count(fn):
    with CaptureQueriesContext(connection) as ctx:
        response = fn()
    return len(ctx.captured_queries), response


def page(client, url, *shown):
    """The queries of a GET of `url`, which must answer 200 and show every text of `shown`."""
    n, response = count(lambda: client.get(url))
    assert response.status_code == 200, url
    html = response.content.decode()
    missing = [text for text in shown if text not in html]
    assert not missing, f"{url} does not show {missing[:5]}"
    return n


def measure(report, data, client):
    edit = reverse("reports:report_edit", args=[report.pk])
    fields = [f'name="{name}"' for name in data if name.startswith(("v-", "a-"))]  # every cell and activity
    indicators = [f"Indicator {code}" for code in
                  Indicator.objects.filter(values__report=report).values_list("code", flat=True).distinct()]
    counts = {"edit (definitions just changed)": page(client, edit, *fields), "edit (kept)": page(client, edit, *fields)}
    kept_pages.forget()
    counts["edit"] = page(client, edit, *fields)
    n, response = count(lambda: client.post(edit, data))
    assert response.status_code == 302, response.content.decode()[:2000]
    counts["save_new"] = n
    report.refresh_from_db()
    changed = {**data, "version": str(report.version)}
    for name in list(changed)[4::2]:
        if name.startswith("v-"):
            changed[name] = "2" if changed[name] == "1" else changed[name]
    n, response = count(lambda: client.post(edit, changed))
    assert response.status_code == 302, response.content.decode()[:2000]
    counts["save_changed"] = n
    assert StatValue.objects.filter(report=report, value=2).exists()
    counts["detail"] = page(client, report.get_absolute_url(), *indicators)
    return counts


@pytest.mark.django_db
def test_report_queries_do_not_grow_with_its_size(institution, reporter, client_for):
    client = client_for(reporter)
    plan = make_plan()
    make_period(plan, 2025, 4)  # an earlier quarter for both, so both read earlier totals
    small, small_data = make_big_report(institution, reporter, activities=20, indicators=10, plan=plan,
                                        period=make_period(plan, 2026, 1))
    small_counts = measure(small, small_data, client)
    big, big_data = make_big_report(institution, reporter, activities=40, indicators=40, plan=plan,
                                    period=make_period(plan, 2026, 2))
    big_counts = measure(big, big_data, client)
    assert StatValue.objects.filter(report=big).count() > 800  # 40 indicators × 21 cells (60 activities in the form)
    assert small_counts == big_counts
    assert big_counts == {"edit (definitions just changed)": EDIT_PAGE_QUERIES + GRID_QUERIES + FIRST_REQUEST_QUERIES,
                          "edit (kept)": KEPT_PAGE_QUERIES, "edit": EDIT_PAGE_QUERIES, "save_new": SAVE_NEW_QUERIES,
                          "save_changed": SAVE_CHANGED_QUERIES, "detail": DETAIL_QUERIES}


@pytest.mark.django_db
def test_a_save_reads_the_rows_of_the_cells_it_changes_only(institution, reporter, client_for):
    """840 filled cells, a save that changes one activity's text: the cells are read once (as figures, to read the
    form), no cell's row is read or written; a save that changes two cells reads and writes those two."""
    report, data = make_big_report(institution, reporter)
    client = client_for(reporter)
    edit = reverse("reports:report_edit", args=[report.pk])
    client.post(edit, data)
    report.refresh_from_db()
    narrative = next(name for name in data if name.endswith("-narrative"))
    changed = {**data, "version": str(report.version), narrative: "Takimi u mbajt."}
    with CaptureQueriesContext(connection) as queries:
        assert client.post(edit, changed).status_code == 302
    cells = [q["sql"] for q in queries.captured_queries if '"reports_statvalue"' in q["sql"]]
    assert len(cells) == 1 and '"reports_statvalue"."id"' not in cells[0], cells  # the figures, no rows
    report.refresh_from_db()
    two = [name for name in data if name.startswith("v-")][:2]
    changed = {**changed, "version": str(report.version), **{name: "7" for name in two}}
    with CaptureQueriesContext(connection) as queries:
        assert client.post(edit, changed).status_code == 302
    rows = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "reports_statvalue"."id"')]
    assert len(rows) == 1 and "LIMIT" not in rows[0], rows
    assert StatValue.objects.filter(report=report, value=7).count() == 2


def make_board(n_institutions, n_periods, coordinator):
    """Add institutions and periods (continuing from those that exist) and reports in various states."""
    from strategy.models import ReportingPeriod

    plan = make_plan()
    start = ReportingPeriod.objects.count()
    for _ in range(n_institutions):
        InstitutionFactory(coordinator=coordinator)
    for i in range(start, start + n_periods):
        make_period(plan, 2020 + i // 4, i % 4 + 1)
    from institutions.models import Institution

    reports = [QuarterlyReport(institution=inst, period=p, status=("draft", "submitted", "accepted")[(i + j) % 3])
               for i, inst in enumerate(Institution.objects.all()) for j, p in enumerate(ReportingPeriod.objects.all())
               if (i + j) % 5]
    QuarterlyReport.objects.bulk_create(reports)


def board_rows(coordinator):
    """The institution cells of the board rows the coordinator's portfolio makes (both roles' boards show them)."""
    from institutions.models import Institution

    codes = Institution.objects.filter(coordinator=coordinator).values_list("code", flat=True)
    return [f'<span class="fw-semibold">{code}</span>' for code in codes]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coordinator", "director"])
def test_board_queries_do_not_grow(role, coordinator, users, client_for):
    client = client_for(users[role])
    make_board(20, 4, coordinator)
    small = page(client, reverse("reports:board"), *board_rows(coordinator))
    QuarterlyReport.objects.all().delete()
    make_board(40, 8, coordinator)  # 60 institutions × 12 periods in all
    big, response = count(lambda: client.get(reverse("reports:board")))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="badge status-') > 60 * 12 // 2
    assert all(row in html for row in board_rows(coordinator))
    assert small == big == BOARD_QUERIES[role]


@pytest.mark.django_db
def test_overview_and_queue_queries_do_not_grow(coordinator, director, client_for):
    from strategy.models import ReportingPeriod

    client = client_for(director)

    def counts():
        """The queries of the overview (which shows every period) and of the queue (every submitted report)."""
        periods = [f"<th scope=\"row\">{p}</th>" for p in ReportingPeriod.objects.all()]
        waiting = [f"{r.institution.code} – " for r in QuarterlyReport.objects.filter(status="submitted")
                   .select_related("institution")]
        assert periods and waiting
        return [page(client, reverse("reports:overview"), *periods),
                page(client, reverse("reports:review_queue"), *waiting)]

    make_board(10, 4, coordinator)
    small = counts()
    QuarterlyReport.objects.all().delete()
    make_board(30, 8, coordinator)
    big = counts()
    assert small == big
