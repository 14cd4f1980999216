"""The committee report's PDF as a minister reads it: the download's name is whole, headers break between words,
money tables use the page's width, breakdown charts sit two to a row rather than leaving half-empty pages."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from reports.committee import services
from reports.models import CommitteeReport
from tests.committee.builders import REASON

PRINT_CSS = Path(settings.BASE_DIR) / "static" / "css" / "committee-print.css"


def test_the_downloads_file_name_is_the_whole_title_cut_only_between_words(client, committee_world):
    w = committee_world
    report = services.committee_report_create(
        by=w.director, language="sq", periods=w.p25,
        title="Raporti vjetor 2025 për Komitetin Shtetëror kundër Trafikimit të Personave")
    client.force_login(w.director)
    client.post(reverse("reports:committee_draft_pdf", args=[report.pk]))  # the task makes it (at once in tests)
    response = client.get(reverse("reports:committee_pdf", args=[report.pk]))
    assert ('filename="raporti-vjetor-2025-per-komitetin-shteteror-kunder-trafikimit-te-personave-v1-sq-draft.pdf"'
            in response["Content-Disposition"])
    report = services.committee_report_finalise(report=report, by=w.director, coverage_reason=REASON)
    assert report.file_stem.endswith("-personave-v1-sq")
    long = CommitteeReport(title="Raporti " + "i zgjeruar mbi zbatimin " * 8, version=2, language="en",
                           status="final")
    stem = long.file_stem
    assert stem.endswith("-v2-en") and len(stem) <= 100
    assert all(word in {"raporti", "i", "zgjeruar", "mbi", "zbatimin"} for word in stem[:-6].split("-"))


def test_headers_never_break_inside_a_word_and_money_tables_use_the_page_width():
    css = PRINT_CSS.read_text()
    assert "hyphens: auto" not in css
    assert re.search(r"\.money-table \{ width: 100%; \}", css)


def test_breakdown_charts_sit_two_to_a_row_in_the_page_and_the_pdf(client, committee_world):
    w = committee_world
    report = services.committee_report_create(by=w.director, title="Raporti vjetor 2025", language="sq",
                                              periods=w.p25)
    client.force_login(w.director)
    page = client.get(report.get_absolute_url()).content.decode()
    grid = page[page.index('<div class="chart-grid">'):]
    grid = grid[:grid.index("</div>")]
    assert grid.count("<figure") >= 2
    assert 'class="table table-sm report-table money-table"' in page
    css = PRINT_CSS.read_text()
    assert re.search(r"\.chart-grid figure\.chart \{[^}]*width: 48\.5%", css)
