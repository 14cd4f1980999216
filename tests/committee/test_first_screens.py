"""Each role's first screen of committee reports: a member's home lists the finalised reports, newest first, with
the latest PDF a click away; the report page has a table of contents and the checksums at its end."""

import re

from django.urls import reverse

from reports.committee import services
from tests.committee.builders import REASON


def finalise(w, title, periods):
    report = services.committee_report_create(by=w.director, title=title, language="sq", periods=periods)
    return services.committee_report_finalise(report=report, by=w.director, coverage_reason=REASON)


def test_a_committee_member_sees_the_finalised_reports_newest_first_with_the_latest_pdf(client, committee_world):
    w = committee_world
    year = finalise(w, "Raporti vjetor 2025", w.p25)
    half = finalise(w, "Raporti i gjashtëmujorit të parë 2025", w.p25[:2])
    services.committee_report_create(by=w.director, title="Në hartim T4", language="sq", periods=[w.p25[3]])
    client.force_login(w.member)
    page = client.get(reverse("home")).content.decode()
    panel = page[page.index("Reports to the State Committee"):]
    assert panel.index(half.title) < panel.index(year.title)  # finalised last, shown first
    assert reverse("reports:committee_pdf", args=[half.pk]) in panel.split("</p>")[0]  # the latest PDF's button
    assert "First half-year 2025" in panel and "Year 2025" in panel
    assert "Në hartim T4" not in page


def test_the_committee_members_list_shows_title_period_and_date_not_the_units_working_columns(
        client, committee_world):
    w = committee_world
    report = finalise(w, "Raporti vjetor 2025", w.p25)
    client.force_login(w.member)
    page = client.get(reverse("reports:committee_list")).content.decode()
    headers = re.findall(r'<th scope="col">([^<]*)</th>', page)
    assert headers == ["Title", "Period", "Status", "Finalised"]
    assert "Year 2025" in page and reverse("reports:committee_pdf", args=[report.pk]) in page
    client.force_login(w.director)
    headers = re.findall(r'<th scope="col">([^<]*)</th>', client.get(reverse("reports:committee_list")).content.decode())
    assert headers == ["Title", "Period", "Language", "Version", "Status", "Created by", "Finalised"]


def test_the_report_page_has_a_table_of_contents_reaching_every_section_and_the_checksums_at_the_end(
        client, committee_world):
    w = committee_world
    report = finalise(w, "Raporti vjetor 2025", w.p25)
    client.force_login(w.member)
    page = client.get(report.get_absolute_url()).content.decode()
    toc = page[page.index('id="toc-title"'):page.index("</nav>", page.index('id="toc-title"'))]
    targets = re.findall(r'href="#([\w-]+)"', toc)
    assert len(targets) >= 10
    for target in targets:
        assert f'id="{target}"' in page, target
    assert page.index(report.figures_sha256) > page.index('id="sec-proposals"')  # the checksum box comes last
    assert page.index('id="sec-integrity"') > page.index("</article>")
