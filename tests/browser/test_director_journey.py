"""The director's first journey: sign in with the keyboard, home page, institutions, a filter, English."""

import pytest

from institutions.choices import InstitutionKind
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_director_signs_in_finds_institutions_and_switches_to_english(page, live_server):
    director = factories.DirectorFactory(username="director", first_name="Drita", last_name="Marku")
    coordinator = factories.CoordinatorFactory(username="coordinator2")
    police = factories.InstitutionFactory(code="PSH", name="Policia e Shtetit", kind=InstitutionKind.POLICE,
                                          coordinator=coordinator)
    factories.ReporterFactory(username="reporter-psh", institution=police)
    factories.InstitutionFactory(code="KRAT-FIE", name="Komiteti Rajonal Antitrafik Fier",
                                 kind=InstitutionKind.REGIONAL_COMMITTEE, region="Fier", coordinator=coordinator)

    page.goto("/")  # a visitor who is not signed in reaches the public site, which links to the sign-in
    assert "/public/" in page.url
    page.goto("/login/")
    assert page.get_attribute("html", "lang") == "sq"

    # Keyboard only: type, Tab to the password, Enter submits.
    page.focus("#id_username")
    page.keyboard.type(director.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")

    # The home page of the director: institutions by kind and by coordinator, users.
    assert page.locator("#h-by-kind").is_visible()
    assert page.locator("#h-by-coordinator").is_visible()
    assert page.locator("main").inner_text().count(coordinator.get_full_name()) >= 1

    page.click("header a.nav-link[href='/institutions/']")
    page.wait_for_url("**/institutions/")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 2

    page.select_option("#id_kind", "police")
    page.locator("main form[method=get] button[type=submit]").click()
    page.wait_for_url("**/institutions/?*kind=police*")
    assert rows.count() == 1
    assert rows.first.locator("td").first.inner_text() == "PSH"

    page.click("header button[name=language][value=en]")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert "kind=police" in page.url  # back on the same filtered page
    assert rows.count() == 1
    assert page.js_errors == []
