"""Charts, Markdown sanitising and the fixed number of queries of compiling and of the pages."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from reports.committee import services
from reports.committee.charts import report_charts
from reports.committee.compile import compile_figures
from reports.committee.markdown import render_markdown, unsafe_markdown_problems
from reports.models import CommitteeReport
from strategy.quarters import quarter_label
from tests import factories
from tests.committee.builders import accepted, progress, stat

# The window of periods 1, coverage and discipline 2, implementation 4 (with the activities' other leads), the
# national figures 9 (reports.figures), the consistency rules and their terms 2.
COMPILE_QUERIES = 22


def test_charts_are_valid_svg_with_their_labels(committee_world):
    figures = compile_figures(periods=committee_world.p25, language="sq")
    with override("sq"):
        charts = {c["key"]: c for c in report_charts(figures)}
    assert set(charts) == {"implementation", "trend", "breakdown-V1-Gjinia", "breakdown-V1-Mosha"}
    for chart in charts.values():
        root = ET.fromstring(chart["svg"].encode())  # noqa: S314 (our own chart)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert chart["src"].startswith("data:image/svg+xml;base64,")
    assert "1. Parandalimi" in charts["implementation"]["svg"] and "2. Mbrojtja" in charts["implementation"]["svg"]
    with override("sq"):
        first_quarter = quarter_label(2024, 1)
    assert first_quarter in charts["trend"]["svg"] and "V1 Viktima të identifikuara" in charts["trend"]["svg"]
    assert "Femër" in charts["breakdown-V1-Gjinia"]["svg"] and "Mashkull" in charts["breakdown-V1-Gjinia"]["svg"]


@pytest.mark.parametrize("text,forbidden", [
    ("<script>alert(1)</script>", "<script"),
    ("[x](javascript:alert(1))", "javascript:"),
    ("[x](JaVaScRiPt&#58;alert(1))", "avascript"),
    ("[x]( java\tscript:alert(1))", "script:"),
    ("<img src=x onerror=alert(1)>", "<img"),
    ("<a href='https://x.al' onclick='alert(1)'>x</a>", "<a "),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
    ("<iframe src='https://x.al'></iframe>", "<iframe"),
])
def test_markdown_never_lets_html_or_script_links_through(text, forbidden):
    assert unsafe_markdown_problems(text)
    assert forbidden not in render_markdown(text)


def test_markdown_keeps_formatting_links_and_albanian_letters():
    html = render_markdown("## Gjetjet\n\n**Çështje** e *rëndësishme*:\n\n- një\n- dy\n\n[Ligji](https://qbz.gov.al)")
    assert "<h4>Gjetjet</h4>" in html  # headings sit under the report's own
    assert "<strong>Çështje</strong> e <em>rëndësishme</em>" in html
    assert "<li>një</li>" in html
    assert '<a href="https://qbz.gov.al" rel="noopener noreferrer">Ligji</a>' in html
    assert unsafe_markdown_problems("Data: 12.03.2025, a < b > c, <https://qbz.gov.al>") == []


def add_institutions(world, n, prefix):
    """n more institutions, each with accepted reports in every quarter of 2025, progress and statistics."""
    for i in range(n):
        institution = factories.InstitutionFactory(code=f"{prefix}{i:03d}", coordinator=world.coordinator)
        for period in world.p25:
            report = accepted(institution, period, late_days=i % 3, returned=i % 2)
            progress(report, world.act["1.2.1"], "in_progress", 10)
            stat(report, world.victims, 2)
            stat(report, world.proceedings, 1)


def compile_queries(world):
    from institutions.models import Institution

    with CaptureQueriesContext(connection) as ctx:
        figures = compile_figures(periods=world.p25, language="en")
    # Every institution that reports is a row of the discipline table.
    reporting = set(Institution.objects.exclude(code__in=["NJA", "DDD"]).values_list("code", flat=True))
    assert reporting <= {row["code"] for row in figures["discipline"]["rows"]}
    return len(ctx.captured_queries)


def test_compile_runs_a_fixed_number_of_queries(committee_world):
    from strategy.models import RuleTerm, ValidationRule

    rule = ValidationRule.objects.create(indicator=committee_world.victims, kind="relation", comparator="ge")
    RuleTerm.objects.create(rule=rule, indicator=committee_world.proceedings)
    add_institutions(committee_world, 5, "X")
    small = compile_queries(committee_world)
    add_institutions(committee_world, 10, "Y")
    large = compile_queries(committee_world)
    assert small == large == COMPILE_QUERIES


def test_list_page_queries_do_not_grow_with_reports(client, committee_world):
    w = committee_world

    def make(n):
        for _ in range(n):
            services.committee_report_create(by=w.director, title="T", language="sq", periods=w.p25[:2])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("reports:committee_list"))
        assert response.status_code == 200
        # One row a report, each a link to it.
        links = [report.get_absolute_url() for report in CommitteeReport.objects.all()]
        assert links and all(f'<a href="{link}">T</a>' in response.content.decode() for link in links)
        return len(ctx.captured_queries)

    client.force_login(w.director)
    make(2)
    small = count()
    make(6)
    assert count() == small


def test_preview_queries_do_not_grow_with_institutions(client, committee_world):
    w = committee_world
    report = services.committee_report_create(by=w.director, title="T", language="sq", periods=w.p25)
    client.force_login(w.director)

    def count():
        from institutions.models import Institution

        with CaptureQueriesContext(connection) as ctx:
            response = client.get(report.get_absolute_url())
        assert response.status_code == 200
        # The discipline table has a row for every institution, those just added too.
        html = response.content.decode()
        added = Institution.objects.filter(code__regex=r"^[XY]\d").values_list("code", flat=True)
        assert added and not [code for code in added if f"{code} – " not in html]
        return len(ctx.captured_queries)

    add_institutions(w, 3, "X")
    small = count()
    add_institutions(w, 6, "Y")
    assert count() == small
