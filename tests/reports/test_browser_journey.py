"""The main journey in headless Chromium: fill and submit, return with a comment, fix and resubmit, accept, lock."""

import os
from pathlib import Path

import pytest
from django.db import connections

from reports.choices import ReportStatus
from reports.models import QuarterlyReport
from tests.browser.session import signed_in

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Chromium at {CHROMIUM}"),
]


@pytest.fixture
def chromium(monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()
        # Database calls made while Playwright's loop runs in this thread hold a connection of their own (Django's
        # connections are per asyncio context): closed here, so the test database can be dropped at the end (the
        # teardown warned that it was "being accessed by other users").
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_report_journey(chromium, live_server, setup, reporter, coordinator, director):
    from strategy import services as strategy_services

    v = setup.victims.pk
    f_minor, m_adult = setup.key(setup.female, setup.minor), setup.key(setup.male, setup.adult)
    reporter_page = signed_in(chromium, live_server, reporter, language="en")
    reporter_page.goto("/reports/mine/")
    reporter_page.wait_for_load_state("networkidle")
    reporter_page.click("text=Start the report")
    reporter_page.wait_for_url("**/edit/")
    reporter_page.fill(f"[name='v-{v}-']", "5")
    reporter_page.fill(f"[name='v-{v}-{f_minor}']", "2")
    reporter_page.fill(f"[name='v-{v}-{m_adult}']", "3")
    # Every activity needs a status before the report can be submitted.
    for activity, status in zip(setup.activities, ["implemented", "in_progress", "partial"], strict=True):
        reporter_page.select_option(f"[name='a-{activity.pk}-status']", status)
    reporter_page.fill(f"[name='a-{setup.activities[0].pk}-narrative']", "U trajnuan 40 punonjës.")
    reporter_page.click("button[value=submit]")
    reporter_page.wait_for_selector("text=The report was submitted.")
    report = QuarterlyReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED

    coordinator_page = signed_in(chromium, live_server, coordinator, language="en")
    coordinator_page.goto(report.get_absolute_url())
    coordinator_page.click("text=Return with comments")
    coordinator_page.fill("[name=comment]", "Kontrolloni viktimat e mitura.")
    coordinator_page.click("button:has-text('Return to the institution')")
    coordinator_page.wait_for_selector("text=The report was returned")

    reporter_page.goto(report.get_absolute_url())
    assert reporter_page.is_visible("text=Kontrolloni viktimat e mitura.")
    reporter_page.click("text=Edit the report")
    reporter_page.fill(f"[name='v-{v}-']", "6")
    reporter_page.fill(f"[name='v-{v}-{f_minor}']", "3")
    reporter_page.click("button[value=submit]")
    reporter_page.wait_for_selector("text=The report was submitted.")

    coordinator_page.goto(report.get_absolute_url())
    assert coordinator_page.is_visible("text=What changed since the last submission")
    coordinator_page.click("button:has-text('Accept')")
    coordinator_page.wait_for_selector("text=The report was accepted.")

    strategy_services.period_close(period=setup.period, by=director)
    strategy_services.period_lock(period=setup.period, by=director)
    reporter_page.goto(report.get_absolute_url())
    assert reporter_page.is_visible("text=Period locked")
    assert not reporter_page.is_visible("text=Edit the report")
    for kind in ("Created", "Submitted", "Returned with comments", "Accepted"):
        assert reporter_page.locator("#timeline-title + ol").get_by_text(kind, exact=True).count() >= 1
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.times_returned == 1
