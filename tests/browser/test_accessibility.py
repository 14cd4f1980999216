"""Every main page of every role, in a real browser: axe-core (vendored in tests/browser/vendor, not fetched) finds
no serious or critical violation, and no page is wider than the screen, at 1366 px nor on a 390 px phone."""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from reports.committee import services as committee_services
from tests.browser.session import signed_in
from tests.committee.builders import REASON, build_committee_world

pytestmark = pytest.mark.django_db(transaction=True)

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
WIDTHS = (1366, 390)
SERIOUS = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .filter(v => ['serious', 'critical'].includes(v.impact))
  .map(v => ({id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""


def pages_of(w, final, draft):
    """The main pages of each role in the committee world (tests/committee/builders.py)."""
    accepted = w.reports[("AAA", 1)]
    submitted = w.reports[("CCC", 2)]
    activity = w.act["1.1.1"]
    return {
        w.director: ["/", reverse("institutions:institution_list"), reverse("institutions:user_list"),
                     reverse("strategy:plan_overview", args=[w.plan.pk]), reverse("strategy:activity_list"),
                     reverse("strategy:activity_detail", args=[activity.pk]), reverse("strategy:indicator_list"),
                     reverse("strategy:indicator_detail", args=[w.victims.pk]), reverse("strategy:period_list"),
                     reverse("reports:board"), reverse("reports:overview"), reverse("reports:committee_list"),
                     final.get_absolute_url(), draft.get_absolute_url(), accepted.get_absolute_url(),
                     reverse("reports:report_history", args=[accepted.pk]), reverse("strategy:tracked_item_list"),
                     reverse("strategy:meeting_list"), reverse("institutions:security_log"),
                     reverse("reports:publication_list"), reverse("account")],
        w.coordinator: ["/", reverse("reports:review_queue"), submitted.get_absolute_url(),
                        reverse("reports:report_return", args=[submitted.pk]), reverse("reports:board")],
        w.reporter: ["/", reverse("reports:my_reports"), accepted.get_absolute_url(),
                     reverse("strategy:my_activities"), reverse("account")],
        w.member: ["/", reverse("reports:committee_list"), final.get_absolute_url()],
    }


@pytest.fixture
def committee_pages(db):
    w = build_committee_world()
    draft = committee_services.committee_report_create(by=w.director, title="Raporti vjetor 2025", language="sq",
                                                       periods=w.p25)
    final = committee_services.committee_report_finalise(report=draft, by=w.director, coverage_reason=REASON)
    draft = committee_services.committee_report_create(by=w.director, title="Raporti i tremujorit të katërt",
                                                       language="sq", periods=[w.p25[3]])
    return w, pages_of(w, final, draft)


@pytest.mark.parametrize("role", ["director", "coordinator", "reporter", "member"])
def test_main_pages_pass_axe_and_fit_the_screen(browser, live_server, committee_pages, role):
    w, pages = committee_pages
    user = getattr(w, role)
    problems = []
    for width in WIDTHS:
        page = signed_in(browser, live_server, user, width=width, bypass_csp=True)
        for path in pages[user]:
            response = page.goto(path)
            assert response.status == 200, path
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                problems.append(f"{path} at {width} px is {overflow} px wider than the screen")
            if path == reverse("reports:board"):  # the board opens on its newest quarter, even on a phone
                newest = page.locator("table.board thead th").last.bounding_box()
                if newest["x"] + newest["width"] > width:
                    problems.append(f"the board's newest quarter is out of view at {width} px")
            if width == WIDTHS[0]:
                page.evaluate(AXE)
                violations = page.evaluate(SERIOUS)
                if violations:
                    problems.append(f"{path}: {json.dumps(violations)}")
        page.context.close()
    assert not problems, "\n".join(problems)


def test_the_public_site_passes_axe_and_fits_the_screen(browser, live_server, db):
    problems = []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, base_url=live_server.url,
                                      bypass_csp=True)  # only so that axe-core can be injected
        page = context.new_page()
        for path in ["/public/sq/", "/public/en/", "/public/sq/about/", "/public/sq/open-data/", "/login/"]:
            assert page.goto(path).status == 200, path
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                problems.append(f"{path} at {width} px is {overflow} px wider than the screen")
            if width == WIDTHS[0]:
                page.evaluate(AXE)
                violations = page.evaluate(SERIOUS)
                if violations:
                    problems.append(f"{path}: {json.dumps(violations)}")
        context.close()
    assert not problems, "\n".join(problems)
