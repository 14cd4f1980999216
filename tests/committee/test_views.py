"""What users see: compiling through the form, bad input, the preview, finalising, downloads and their log."""

import io
import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override
from openpyxl import load_workbook
from pypdf import PdfReader

from institutions.models import SecurityEvent
from reports.committee import services
from reports.models import CommitteeReport, CommitteeReportDownload
from tests.committee.builders import REASON, make_period


@pytest.fixture
def draft(committee_world):
    w = committee_world
    return services.committee_report_create(
        by=w.director, title="Raporti vjetor 2025", language="en", periods=w.p25,
        executive_summary="Viti 2025 solli **përparim** në zbatim.",
    )


def client_of(client, user):
    client.force_login(user)
    return client


def test_director_compiles_a_year_through_the_form(client, committee_world):
    w = committee_world
    response = client_of(client, w.director).post(reverse("reports:committee_create"), {
        "title": "Raporti vjetor 2025", "language": "sq", "periods": [p.pk for p in w.p25], "executive_summary": "",
    })
    report = CommitteeReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.span_kind == "year" and report.created_by == w.director


@pytest.mark.parametrize("case,message", [
    ("none", "Choose at least one reporting period."),
    ("gap", "without a gap"),
    ("plans", "same action plan"),
    ("no_data", "There is no accepted quarterly report"),
    ("script", "Raw HTML is not allowed"),
])
def test_bad_input_is_refused_next_to_the_field_and_nothing_is_created(client, committee_world, case, message):
    from strategy.models import ActionPlan

    w = committee_world
    periods = [p.pk for p in w.p25]
    summary = ""
    if case == "none":
        periods = []
    elif case == "gap":
        periods = [w.p25[0].pk, w.p25[2].pk]
    elif case == "plans":
        other = ActionPlan.objects.create(strategy=w.plan.strategy, title="Tjetër", start_year=2026, end_year=2026)
        periods = [w.p25[3].pk, make_period(other, 2026, 1).pk]
    elif case == "no_data":
        periods = [make_period(w.plan, 2026, 2).pk]
    else:
        summary = "<script>alert('x')</script>"
    response = client_of(client, w.director).post(reverse("reports:committee_create"), {
        "title": "X", "language": "sq", "periods": periods, "executive_summary": summary,
    })
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CommitteeReport.objects.exists()


def test_preview_shows_coverage_figures_and_sanitised_text(client, committee_world, draft):
    w = committee_world
    services.committee_report_update(report=draft, by=w.director, findings="Shih [raportin](https://example.org).")
    page = client_of(client, w.coordinator).get(draft.get_absolute_url()).content.decode()
    # Coverage is stated per quarter (the old headline "3 of 4 institutions" hid that half the reports are missing).
    assert "Q1 2025 (due on 15.04.2025): 2 of 4 reports accepted (50.0%)." in page
    assert "DDD – State Social Service" in page
    assert "<strong>përparim</strong>" in page
    assert '<a href="https://example.org" rel="noopener noreferrer">raportin</a>' in page
    assert page.count('src="data:image/svg+xml;base64,') >= 3
    assert "General Prosecutor&#x27;s Office" in page  # the delayed activity's lead institution
    assert "Finalise" not in page  # only the director finalises


def test_stored_unsafe_text_is_escaped_on_the_page(client, committee_world, draft):
    CommitteeReport.objects.filter(pk=draft.pk).update(findings="<script>alert(1)</script> [x](javascript:alert(1))")
    page = client_of(client, committee_world.director).get(draft.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and "javascript:" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_edit_form_refuses_javascript_links(client, committee_world, draft):
    url = reverse("reports:committee_edit", args=[draft.pk])
    response = client_of(client, committee_world.director).post(url, {
        "title": draft.title, "language": "en", "executive_summary": "", "findings": "",
        "recommendations": "[kliko](javascript:alert(1))", "proposals": "",
    })
    assert response.status_code == 200
    assert "javascript:, vbscript: and data: are not allowed" in response.content.decode()
    draft.refresh_from_db()
    assert draft.recommendations == "" and draft.executive_summary


def test_finalise_through_the_page_and_then_every_edit_is_refused(client, committee_world, draft):
    w = committee_world
    c = client_of(client, w.director)
    response = c.post(reverse("reports:committee_finalise", args=[draft.pk]), {"coverage_reason": REASON})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "final"
    page = c.get(draft.get_absolute_url()).content.decode()
    assert draft.figures_sha256 in page and draft.pdf_sha256 in page
    response = c.post(reverse("reports:committee_edit", args=[draft.pk]), {"title": "Tjetër", "language": "en"},
                      follow=True)
    assert "This report is finalised and can no longer be changed" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "Raporti vjetor 2025"


def test_a_finalised_report_page_is_served_from_what_was_frozen(client, committee_world, draft, monkeypatch,
                                                                 django_assert_max_num_queries):
    from reports.committee import document, views

    w = committee_world
    report = services.committee_report_finalise(report=draft, by=w.director, coverage_reason=REASON)
    frozen = report.frozen_page
    assert set(frozen) == {"toc", "body", "span_label"}
    assert 'href="#sec-statistics"' in frozen["toc"] and 'id="sec-statistics"' in frozen["body"]
    assert report.figures_sha256 not in frozen["body"]  # the checksums are the page's, around the frozen body

    def refuse(*args, **kwargs):
        raise AssertionError("a finalised report's page compiles or renders nothing")

    monkeypatch.setattr(views.services, "committee_report_figures", refuse)
    monkeypatch.setattr(views, "document_context", refuse)
    monkeypatch.setattr(document, "render_to_string", refuse)
    c = client_of(client, w.member)
    with django_assert_max_num_queries(12):
        page = c.get(report.get_absolute_url()).content.decode()
    assert frozen["body"] in page and frozen["toc"] in page and report.pdf_sha256 in page
    assert frozen["span_label"] in page.split("<article", 1)[0]  # the heading's span, before the body


def test_committee_member_downloads_the_frozen_pdf_and_every_download_is_logged(client, committee_world, draft):
    w = committee_world
    report = services.committee_report_finalise(report=draft, by=w.director, coverage_reason=REASON)
    member = client_of(client, w.member)
    response = member.get(reverse("reports:committee_pdf", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content == bytes(report.frozen_pdf)
    assert member.get(reverse("reports:committee_xlsx", args=[report.pk])).status_code == 200
    assert member.get(reverse("reports:committee_csv", args=[report.pk])).status_code == 200
    assert list(CommitteeReportDownload.objects.order_by("at", "pk").values_list("user__username", "format")) == [
        ("cw-committee", "pdf"), ("cw-committee", "xlsx"), ("cw-committee", "csv")]
    # ... and in the security log, beside every other download.
    assert list(SecurityEvent.objects.filter(kind="download").order_by("pk").values_list(
        "user__username", "target", "detail")) == [
        ("cw-committee", f"reports:committee_{fmt} pk={report.pk}", {"format": fmt}) for fmt in ("pdf", "xlsx", "csv")]
    director_page = client_of(client, w.director).get(report.get_absolute_url()).content.decode()
    assert "Downloads of this report" in director_page
    assert director_page.count("<td>XLSX</td>") == 1 and director_page.count("<td>CSV</td>") == 1
    coordinator_page = client_of(client, w.coordinator).get(report.get_absolute_url()).content.decode()
    assert "Downloads of this report" not in coordinator_page


def test_committee_member_lists_only_finalised_reports(client, committee_world, draft):
    w = committee_world
    other = services.committee_report_create(by=w.director, title="Draft T4", language="sq", periods=[w.p25[3]])
    services.committee_report_finalise(report=draft, by=w.director, coverage_reason=REASON)
    page = client_of(client, w.member).get(reverse("reports:committee_list")).content.decode()
    assert "Raporti vjetor 2025" in page and "Draft T4" not in page
    assert client.get(other.get_absolute_url()).status_code == 404


def test_pdf_text_has_headings_figures_and_albanian_letters(client, committee_world):
    w = committee_world
    report = services.committee_report_create(
        by=w.director, title="Raporti për Komitetin Shtetëror", language="sq", periods=w.p25,
        executive_summary="Çështjet e trafikimit: përparim i dukshëm në Korçë.",
    )
    director = client_of(client, w.director)
    director.post(reverse("reports:committee_draft_pdf", args=[report.pk]))  # made by the task worker (here at once)
    data = director.get(reverse("reports:committee_pdf", args=[report.pk])).content
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert len(reader.pages) >= 8
    with override("sq"):
        labels = [gettext("Implementation of the action plan"), gettext("Reporting discipline"), gettext("DRAFT"),
                  gettext("Page") + " 2 / " + str(len(reader.pages))]
    for expected in ["Njësia Antitrafik – Zyra e Koordinatorit Kombëtar kundër Trafikimit të Personave",
                     "Raporti për Komitetin Shtetëror", "Çështjet e trafikimit: përparim i dukshëm në Korçë.",
                     "Viktima të identifikuara", "Shërbimi Social Shtetëror", "Parandalimi", *labels]:
        assert expected in text, expected
    # Between the name and the figures: the source column (a sum of two institutions' figures).
    assert re.search(r"Viktima të identifikuara shuma e 2 institucioneve 9 6 \+3 \+50[.,]0", text)
    fonts = [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]
    descriptors = [f["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object() for f in fonts]
    assert descriptors and all("/FontFile2" in d for d in descriptors)  # embedded
    assert any("Report-Sans" in str(f["/BaseFont"]) for f in fonts)


def test_xlsx_holds_the_figures_and_neutralises_formulas(client, committee_world):
    w = committee_world
    w.a.name_en = "=HYPERLINK(\"http://evil\")"
    w.a.save()
    report = services.committee_report_create(by=w.director, title="=cmd|' /C calc'!A0", language="en", periods=w.p25)
    response = client_of(client, w.director).get(reverse("reports:committee_xlsx", args=[report.pk]))
    book = load_workbook(io.BytesIO(response.content))
    stats = [list(r) for r in book["Statistics"].iter_rows(values_only=True)]
    assert stats[1][:4] == ["V1", "Victims identified", 9, 6]
    discipline = [list(r) for r in book["Reporting discipline"].iter_rows(values_only=True)]
    assert discipline[1][1] == "'=HYPERLINK(\"http://evil\")"
    assert 'filename="cmd-c-calca0-v1-en-draft.xlsx"' in response["Content-Disposition"]
    csv_text = client.get(reverse("reports:committee_csv", args=[report.pk])).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "Victims identified,9,6,3,50.0" in csv_text


def test_a_starting_server_process_draws_the_drafts_charts(client, committee_world, draft, monkeypatch):
    """antitrafik.warm runs the builder as each server process starts: the director's first look at the draft
    then reads its charts, drawn, instead of drawing them in the request."""
    from django.core.cache import cache

    from antitrafik import warm
    from reports.committee import charts

    assert services.warm_draft_charts in warm._builders
    cache.clear()
    assert services.warm_draft_charts() == 1

    def not_again(*args):
        raise AssertionError("a chart was drawn again in the request")

    for name in ("implementation_chart", "trend_chart", "breakdown_chart"):
        monkeypatch.setattr(charts, name, not_again)
    page = client_of(client, committee_world.director).get(reverse("reports:committee_detail", args=[draft.pk]))
    assert page.status_code == 200
    assert page.content.decode().count('src="data:image/svg+xml;base64,') >= 2


def test_a_draft_that_cannot_be_compiled_is_left_to_its_page(committee_world, draft, monkeypatch):
    from django.core.exceptions import ValidationError

    def cannot(report):
        raise ValidationError("no quarter")

    monkeypatch.setattr(services, "committee_report_figures", cannot)
    assert services.warm_draft_charts() == 1  # counted, drawn on its page (which says why it cannot)
