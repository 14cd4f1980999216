"""The public site: what an anonymous visitor sees, in both languages, from the cache on a second visit."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.public import services

from .builders import PDF, SECRET


@pytest.fixture
def published(public_world):
    w = public_world
    w.publication = services.publication_publish(by=w.director, year=2025, committee_reports=[w.final_report])
    return w


def test_the_statistics_page_shows_the_published_year_with_small_numbers_suppressed(client, published):
    response = client.get(reverse("public:statistics", kwargs={"lang": "en", "span": "2025"}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Indicator VT-01" in page and ">20<" in page
    assert "&lt;5" in page and ">x<" in page  # F 3 → "<5", M 17 → x
    assert ">17<" not in page and ">3<" not in page
    assert ">9<" in page and ">11<" in page
    assert "Partial: 2 of 4 quarters" in page
    assert "116 006" in page
    assert reverse("public:report_pdf", kwargs={"pk": published.final_report.pk}) in page
    assert 'href="/public/sq/2025/"' in page  # the language switch


def test_albanian_is_the_public_site_s_default_and_the_root_leads_there(client_for, published):
    response = client_for(None, language=None).get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("public:home", kwargs={"lang": "sq"})
    page = response.content.decode()
    assert 'lang="sq"' in page and "Treguesi VT-01" in page


def test_the_sign_in_page_links_to_the_public_site(client, db):
    assert reverse("public:root") in client.get(reverse("login")).content.decode()


@pytest.mark.parametrize("name", ["home", "statistics", "open_data", "reports", "about"])
def test_a_second_visit_is_served_from_the_cache_without_the_database(client, published,
                                                                      django_assert_num_queries, name):
    kwargs = {"lang": "en", **({"span": "2025"} if name == "statistics" else {})}
    url = reverse(f"public:{name}", kwargs=kwargs)
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(url + "?year=2024&page=999999")
    assert second.status_code == 200 and second.content == first.content


def test_the_cache_is_per_language(client, published):
    english = client.get(reverse("public:about", kwargs={"lang": "en"})).content.decode()
    albanian = client.get(reverse("public:about", kwargs={"lang": "sq"})).content.decode()
    assert "How to get help" in english and "Si të merrni ndihmë" in albanian


def test_withdrawing_takes_every_page_and_file_off_at_once(client, published):
    w = published
    urls = [reverse("public:statistics", kwargs={"lang": "en", "span": "2025"}),
            reverse("public:data_csv", kwargs={"lang": "en", "span": "2025"}),
            reverse("public:report_pdf", kwargs={"pk": w.final_report.pk})]
    assert [client.get(u).status_code for u in urls] == [200, 200, 200]
    services.publication_withdraw(publication=w.publication, by=w.director, reason="Wrong figure")
    assert [client.get(u).status_code for u in urls] == [404, 404, 404]
    assert "Indicator VT-01" not in client.get(reverse("public:home", kwargs={"lang": "en"})).content.decode()


def test_the_published_committee_report_is_its_frozen_pdf(client, published):
    response = client.get(reverse("public:report_pdf", kwargs={"pk": published.final_report.pk}))
    assert response["Content-Type"] == "application/pdf" and response.content == PDF


def test_the_csv_has_stable_columns_the_version_date_and_rule(client, published):
    response = client.get(reverse("public:data_csv", kwargs={"lang": "en", "span": "2025"}))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0])[:4] == ["span", "version", "published_on", "indicator_code"]
    total, female, male, minor = rows[0], rows[1], rows[2], rows[3]
    assert (total["span"], total["version"], total["value"], total["flag"]) == ("2025", "1", "20", "")
    assert total["published_on"] == published.publication.published_at.date().isoformat()
    assert (female["option_code"], female["value"], female["flag"], female["shown_as"]) == ("F", "", "small", "<5")
    assert female["option_standard_code"] == "HTCDS Gender Feminine; Eurostat F"
    assert (male["value"], male["flag"], male["shown_as"]) == ("", "hidden", "x")
    assert (minor["option_code"], minor["value"]) == ("MINOR", "9")
    assert total["indicator_standard_code"] == "Eurostat crim_thb_vsage"
    assert "from 1 to 4" in total["suppression_rule"]
    assert str(SECRET) not in response.content.decode("utf-8-sig")


def test_the_xlsx_has_the_data_the_dictionary_and_what_the_file_is(client, published):
    response = client.get(reverse("public:data_xlsx", kwargs={"lang": "sq", "span": "2025"}))
    book = load_workbook(io.BytesIO(response.content))
    assert {"data", "plan_by_pillar", "plan_by_institution", "reporting", "dictionary", "about"} <= set(book.sheetnames)
    header = [c.value for c in book["data"][1]]
    assert header[:3] == ["span", "version", "published_on"]
    values = [row[header.index("value")] for row in book["data"].iter_rows(min_row=2, values_only=True)]
    assert values[:5] == [20, None, None, 9, 11]
    assert [r[0] for r in book["dictionary"].iter_rows(min_row=2, values_only=True)][:3] == [
        "span", "version", "published_on"]


def test_the_open_data_page_lists_the_files_and_the_dictionary(client, published):
    page = client.get(reverse("public:open_data", kwargs={"lang": "en"})).content.decode()
    assert reverse("public:data_xlsx", kwargs={"lang": "en", "span": "2025"}) in page
    assert "<code>indicator_standard_code</code>" in page
