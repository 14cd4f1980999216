"""Nothing unpublished reaches the public: every public URL, with unpublished data all around.

The world holds accepted figures of 2024 (SECRET, never published), a finalised committee report never given to
the public, a withdrawn publication and a superseded one. Every public page and file is requested in both
languages, with crafted query strings; none may show the unpublished numbers, and every unpublished span,
report or file answers a plain 404.
"""

import pytest
from django.urls import reverse

from reports.public import services

from .builders import SECRET

CRAFTED = ["", "?year=2024", "?span=2024&indicator=VT-01&page=99999999999999999999", "?lang=xx&quarter=%00",
           "?year[]=2024&filter=1%27%20OR%201=1"]


@pytest.fixture
def mixed(public_world):
    """2025 published (version 2, version 1 superseded), 2024 figures accepted but never published, a quarter
    published then withdrawn, a finalised report kept from the public."""
    w = public_world
    withdrawn = services.publication_publish(by=w.director, year=2024, quarter=4)
    services.publication_withdraw(publication=withdrawn, by=w.director, reason="Not for the public")
    services.publication_publish(by=w.director, year=2025, committee_reports=[w.other_report])
    services.publication_publish(by=w.director, year=2025, committee_reports=[w.final_report])
    return w


def _public_urls(w):
    urls = [reverse("public:root"), reverse("public:report_pdf", kwargs={"pk": w.final_report.pk})]
    for lang in ("sq", "en"):
        urls += [reverse(f"public:{name}", kwargs={"lang": lang})
                 for name in ("home", "open_data", "reports", "about")]
        urls += [reverse(f"public:{name}", kwargs={"lang": lang, "span": "2025"})
                 for name in ("statistics", "data_csv", "data_xlsx")]
    return urls


def test_no_public_page_or_file_shows_unpublished_figures_or_reports(client, mixed):
    for url in _public_urls(mixed):
        for query in CRAFTED:
            response = client.get(url + query)
            if "%00" in query:  # a NUL character is refused for every page at once, with a short clear page
                assert response.status_code == 400, (url, query, response.status_code)
                continue
            assert response.status_code in (200, 302), (url, query, response.status_code)
            body = response.content.decode("utf-8", errors="replace") if "xlsx" not in url else ""
            assert str(SECRET) not in body, url
            assert "Raporti i tremujorit" not in body and "never published" not in body, url


@pytest.mark.parametrize("span", ["2024", "2024-q4", "2025-q1", "2023", "9999", "2025-q4"])
@pytest.mark.parametrize("name", ["statistics", "data_csv", "data_xlsx"])
def test_an_unpublished_span_answers_404(client, mixed, name, span):
    response = client.get(reverse(f"public:{name}", kwargs={"lang": "en", "span": span}) + "?year=2025")
    assert response.status_code == 404
    assert str(SECRET) not in response.content.decode()


@pytest.mark.parametrize("which", ["other_report", "draft_report"])
def test_a_report_not_given_to_the_public_answers_404(client, mixed, which):
    """The other report was published with version 1 only, which version 2 superseded; the draft never was."""
    report = getattr(mixed, which)
    assert client.get(reverse("public:report_pdf", kwargs={"pk": report.pk})).status_code == 404
    assert client.get(reverse("public:report_pdf", kwargs={"pk": 10**9})).status_code == 404


@pytest.mark.parametrize("path", ["/public/xx/", "/public/en/2025-q5/", "/public/en/20255/", "/public/en/2025/x.csv",
                                  "/public/reports/-1.pdf", "/public/en/../../admin/"])
def test_malformed_public_addresses_answer_a_plain_404(client, mixed, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()


def test_the_unit_s_publication_list_is_not_public(client, mixed):
    response = client.get(reverse("reports:publication_list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
