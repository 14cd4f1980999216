"""Signed-in pages kept while nothing they show changed (antitrafik.kept_pages): a change by anyone shows at once; a
kept page goes only to the user it was rendered for, after the policy; its CSRF token is the request's own; a
message, the language, the day and an htmx request are honoured. The versions themselves: test_versions.py."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from antitrafik import kept_pages
from reports.models import QuarterlyReport, ReviewComment

pytestmark = pytest.mark.django_db

KEPT_PAGE_QUERIES = 2  # the session, the data's token (the user is kept too: antitrafik.middleware)


def get(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries.captured_queries)


def without_csrf(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def csrf_tokens(html):
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))


def test_the_same_page_again_is_served_as_kept_with_the_requests_own_csrf_token(setup, filled_report, reporter,
                                                                                client_for):
    client = client_for(reporter)
    url = reverse("reports:report_edit", args=[filled_report.pk])
    first, rendered = get(client, url)
    again, served = get(client, url)
    assert first.status_code == again.status_code == 200
    assert served == KEPT_PAGE_QUERIES < rendered
    html, kept = first.content.decode(), again.content.decode()
    assert without_csrf(kept) == without_csrf(html)
    assert "antitrafik-csrf-token" not in kept and "\x00" not in kept
    assert len(csrf_tokens(kept)) == 1 and csrf_tokens(kept) != csrf_tokens(html)  # masked anew for this request
    # The kept page's token is accepted: the form it shows saves (with CSRF checks on, as in a browser).
    client.handler.enforce_csrf_checks = True
    data = setup.post_data(filled_report, progress=setup.answered_progress())
    response = client.post(url, {**data, "csrfmiddlewaretoken": csrf_tokens(kept).pop()})
    assert response.status_code == 302, response.content.decode()[:500]


def test_a_kept_form_works_in_the_users_other_browser(setup, filled_report, reporter, client_for):
    """Two browsers of one user have two CSRF secrets: the page kept for the first carries the second's token."""
    url = reverse("reports:report_edit", args=[filled_report.pk])
    first, other = client_for(reporter), client_for(reporter)
    first.get(url)
    page, queries = get(other, url)
    assert queries == KEPT_PAGE_QUERIES  # the page and the user as kept for the first browser
    other.handler.enforce_csrf_checks = True
    data = setup.post_data(filled_report, progress=setup.answered_progress())
    response = other.post(url, {**data, "csrfmiddlewaretoken": csrf_tokens(page.content.decode()).pop()})
    assert response.status_code == 302, response.content.decode()[:500]


def test_a_change_by_anyone_shows_at_once(filled_report, reporter, coordinator, client_for):
    client = client_for(reporter)
    url = filled_report.get_absolute_url()
    get(client, url)
    assert get(client, url)[1] == KEPT_PAGE_QUERIES
    ReviewComment.objects.create(report=filled_report, author=coordinator, body="Ju lutem shpjegoni shifrat e T2.")
    response, queries = get(client, url)
    assert queries > KEPT_PAGE_QUERIES
    assert "Ju lutem shpjegoni shifrat e T2." in response.content.decode()


def test_a_page_kept_for_one_user_is_never_served_to_another(filled_report, reporter, other_reporter, coordinator,
                                                              client_for):
    url = filled_report.get_absolute_url()
    own = client_for(reporter)
    get(own, url)
    assert get(own, url)[1] == KEPT_PAGE_QUERIES
    assert client_for(other_reporter).get(url).status_code == 404  # outside their institution: as before
    reviewer, queries = get(client_for(coordinator), url)
    assert reviewer.status_code == 200 and queries > KEPT_PAGE_QUERIES  # rendered for the coordinator
    assert reviewer.content != own.get(url).content


def test_the_language_the_day_and_the_address_are_part_of_the_key(filled_report, reporter, client_for, monkeypatch):
    client = client_for(reporter)
    url = filled_report.get_absolute_url()
    english, _ = get(client, url)
    client.cookies["django_language"] = "sq"
    albanian, queries = get(client, url)
    assert queries > KEPT_PAGE_QUERIES and albanian.content != english.content
    assert get(client, url)[1] == KEPT_PAGE_QUERIES
    assert get(client, url + "?tab=1")[1] > KEPT_PAGE_QUERIES
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    monkeypatch.setattr(kept_pages.timezone, "localdate", lambda: tomorrow)
    assert get(client, url)[1] > KEPT_PAGE_QUERIES  # lateness is counted in days


def test_a_new_release_never_serves_a_page_the_one_before_rendered(filled_report, reporter, client_for,
                                                                  monkeypatch, settings, tmp_path):
    client = client_for(reporter)
    url = filled_report.get_absolute_url()
    get(client, url)
    assert get(client, url)[1] == KEPT_PAGE_QUERIES
    monkeypatch.setattr(kept_pages, "release", lambda: "the next release")  # servers sharing the pages cache
    assert get(client, url)[1] > KEPT_PAGE_QUERIES
    monkeypatch.undo()
    # The release is what pages are made of: a template changed, or a translation, gives another.
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("<p>{% translate 'Saved' %}</p>")
    settings.BASE_DIR = tmp_path
    kept_pages.release.cache_clear()
    try:
        before = kept_pages.release()
        (tmp_path / "templates" / "page.html").write_text("<p>{% translate 'Saved.' %}</p>")
        kept_pages.release.cache_clear()
        assert kept_pages.release() != before
    finally:
        kept_pages.release.cache_clear()


def test_the_board_is_kept_for_a_minute_at_most(coordinator, client_for, monkeypatch):
    client = client_for(coordinator)
    url = reverse("reports:board")
    get(client, url)
    assert get(client, url)[1] == KEPT_PAGE_QUERIES
    now = kept_pages.time.time()
    monkeypatch.setattr(kept_pages.time, "time", lambda: now + 60)
    assert get(client, url)[1] > KEPT_PAGE_QUERIES  # how long each report has waited, to the minute


def test_a_message_is_shown_once_and_its_page_is_not_kept(setup, filled_report, reporter, client_for):
    client = client_for(reporter)
    edit = reverse("reports:report_edit", args=[filled_report.pk])
    get(client, edit)
    assert get(client, edit)[1] == KEPT_PAGE_QUERIES
    data = setup.post_data(filled_report, progress=setup.answered_progress())
    assert client.post(edit, data).status_code == 302
    saved, _ = get(client, edit)
    assert "The report was saved." in saved.content.decode()
    again, _ = get(client, edit)
    assert "The report was saved." not in again.content.decode()


def test_htmx_requests_and_sent_forms_are_not_kept(filled_report, reporter, client_for):
    client = client_for(reporter)
    url = filled_report.get_absolute_url()
    get(client, url)
    assert get(client, url, headers={"HX-Request": "true"})[1] > KEPT_PAGE_QUERIES
    assert get(client, url)[1] == KEPT_PAGE_QUERIES


def test_an_answer_that_is_not_a_page_is_not_kept(filled_report, reporter, client_for):
    client = client_for(reporter)
    url = reverse("reports:report_edit", args=[filled_report.pk])
    QuarterlyReport.objects.filter(pk=filled_report.pk).update(status="submitted")  # no longer editable
    assert client.get(url).status_code == 302
    assert client.get(url).status_code == 302


def test_the_system_check_refuses_pages_rendered_inside_a_requests_transaction(monkeypatch):
    from django.db import connections

    from antitrafik.checks import check_pages_outside_transactions

    assert check_pages_outside_transactions() == []
    monkeypatch.setitem(connections.settings["default"], "ATOMIC_REQUESTS", True)
    assert [error.id for error in check_pages_outside_transactions()] == ["antitrafik.E003"]


def _kept_rows():
    """The rows of the permission matrix whose view keeps its page (`keep_page`)."""
    from django.urls import get_resolver

    from tests.matrix import ROWS

    keeping = set()

    def walk(resolver, namespace):
        for entry in resolver.url_patterns:
            if hasattr(entry, "url_patterns"):
                walk(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
            elif entry.name and getattr(getattr(entry.callback, "view_class", None), "keep_page", False):
                keeping.add(namespace + entry.name)

    walk(get_resolver(), "")
    return [row for row in ROWS if row.method == "get" and row.name in keeping]


KEPT_ROWS = _kept_rows()
# Read by every request before its page (the session that says who the user is; the data's token): the key holds
# what they decide. Every other unwatched table must never show on a kept page: its changes give no new token.
READ_BEFORE_THE_PAGE = {"django_session", "antitrafik_version"}


def test_the_views_that_keep_their_page_are_those_listed():
    # The activities' export inherits the list's `keep_page`; a download is never kept (test below).
    assert sorted({row.name for row in KEPT_ROWS}) == [
        "institutions:institution_list", "reports:board", "reports:committee_detail", "reports:report_detail",
        "reports:report_edit", "strategy:activity_export", "strategy:activity_list"]


@pytest.mark.parametrize("row", KEPT_ROWS, ids=lambda r: r.name)
def test_a_kept_page_reads_no_table_whose_changes_give_no_new_token(row, world, client_for):
    from antitrafik import versions

    unwatched = versions.UNWATCHED - READ_BEFORE_THE_PAGE
    url = reverse(row.name, kwargs=row.kwargs(world) if row.kwargs else None) + row.query
    tried = 0
    for role, user in world.users.items():
        if row.status_for(role) != 200:
            continue
        client = client_for(user)  # signed in: the security log and django-axes are written then, not by the page
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (row.name, role)
        # What it reads (a download records itself in the security log: a write, which shows on no page).
        queries = [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
        read = {table for table in unwatched for sql in queries if re.search(rf'\b"?{table}"?\b', sql)}
        assert not read, f"{row.name} as {role} reads {read}: a change there would not show on the kept page"
        tried += 1
    assert tried
