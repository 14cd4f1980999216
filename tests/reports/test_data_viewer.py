"""The data viewer: each indicator's accepted figures by quarter and year, by institution and region, with its
breakdowns, coverage and the public sources beside them; checked against figures computed by hand.

The world (2025, four quarters past their due dates):

* A (the authority, Tiranë), B (Shkodër), C (Tiranë) report.
* VT, identified victims: authoritative (A), a flow, by sex. A: Q1 10 (F 7, M 3), Q2 12 (F 8, M 4);
  B: Q1 15 (a cross-check, never added). National 2025 = 10 + 12 = 22, F = 15, M = 7.
* TR, trainings: summed, a flow. A: Q1 2; B: Q1 3; C: Q2 4; B's Q2 report (TR 100) is a draft and does
  not count. Q1 = 5, Q2 = 4, 2025 = 9; Tiranë 2 + 4 = 6, Shkodër 3.
* ST, persons in shelters: summed, a stock. A: Q1 5, Q2 7 → 2025 = 7 (the last quarter, not 12).
* Published: VT 2025 total 30 (ours 22: off by 8/30 = 27% > 20%, flagged) and "at least 10" women (ours 15: met).
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from institutions.choices import InstitutionKind
from reports.choices import ReportStatus
from reports.data.selectors import data_index, indicator_page
from reports.models import QuarterlyReport, StatValue
from reports.sources import services as source_services
from reports.sources.services import PublishedCell
from strategy.choices import InstitutionAggregation, PeriodStatus, TimeAggregation
from tests import factories

from .builders import make_dimension, make_indicator, make_period, make_plan

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 1)


class World:
    def __init__(self, director):
        self.plan = make_plan()
        self.periods = [make_period(self.plan, 2025, q, status=PeriodStatus.CLOSED,
                                    due_on=datetime.date(2025, q * 3, 28) + datetime.timedelta(days=20))
                        for q in (1, 2, 3, 4)]
        self.a = factories.InstitutionFactory(code="A", region="Tiranë", kind=InstitutionKind.SOCIAL_SERVICES)
        self.b = factories.InstitutionFactory(code="B", region="Shkodër", kind=InstitutionKind.POLICE)
        self.c = factories.InstitutionFactory(code="C", region="Tiranë", kind=InstitutionKind.NGO)
        self.sex, (self.female, self.male) = make_dimension("v-sex", ["F", "M"])
        self.victims = make_indicator("VT", dimensions=[self.sex], institutions=[self.a, self.b], order=1)
        self.victims.institution_aggregation = InstitutionAggregation.AUTHORITATIVE
        self.victims.authoritative_institution = self.a
        self.victims.save()
        self.trainings = make_indicator("TR", institutions=[self.a, self.b, self.c], order=2)
        self.sheltered = make_indicator("ST", institutions=[self.a], order=3)
        self.sheltered.time_aggregation = TimeAggregation.STOCK
        self.sheltered.save()
        self.reports = {}
        q1, q2 = self.periods[0], self.periods[1]
        self.value(self.a, q1, self.victims, 10, {self.female: 7, self.male: 3})
        self.value(self.a, q2, self.victims, 12, {self.female: 8, self.male: 4})
        self.value(self.b, q1, self.victims, 15)
        self.value(self.a, q1, self.trainings, 2)
        self.value(self.b, q1, self.trainings, 3)
        self.value(self.c, q2, self.trainings, 4)
        self.value(self.b, q2, self.trainings, 100, status=ReportStatus.DRAFT)
        self.value(self.a, q1, self.sheltered, 5)
        self.value(self.a, q2, self.sheltered, 7)
        self.source = source_services.public_source_create(by=director, title="Raporti vjetor", publisher="OJQ",
                                                           publication_year=2026)
        source_services.public_source_figures_save(
            source=self.source, indicator=self.victims, year=2025, by=director,
            cells={None: PublishedCell(Decimal(30)), self.female: PublishedCell(Decimal(10), is_lower_bound=True)})

    def value(self, institution, period, indicator, total, cells=None, status=ReportStatus.ACCEPTED):
        report = self.reports.get((institution.pk, period.pk))
        if report is None:
            report = self.reports[(institution.pk, period.pk)] = QuarterlyReport.objects.create(
                institution=institution, period=period, status=status)
        StatValue.objects.create(report=report, indicator=indicator, cell_key="", value=total)
        for option, value in (cells or {}).items():
            StatValue.objects.create(report=report, indicator=indicator, option_1=option, cell_key=str(option.pk),
                                     value=value)


@pytest.fixture
def world(director):
    return World(director)


def test_an_authoritative_flow_by_quarter_and_year(world, director):
    page = indicator_page(world.victims, director, today=TODAY)
    assert [(q.label, q.value) for q in page.quarters] == [("Q1 2025", 10), ("Q2 2025", 12), ("Q3 2025", None),
                                                          ("Q4 2025", None)]
    assert [(y.year, y.value, y.complete_quarters) for y in page.years] == [(2025, 22, 2)]
    assert page.year == 2025 and page.span.total == 22


def test_other_institutions_are_cross_checks_beside_the_national_figure(world, director):
    page = indicator_page(world.victims, director, today=TODAY)
    rows = {r.code: (r.values[:2], r.value, r.counted, r.is_authority) for r in page.institutions}
    assert rows == {"A": ([10, 12], 22, True, True), "B": ([15, None], 15, False, False)}
    assert page.regions is None and "authoritative" in page.regions_note


def test_the_breakdown_is_the_authority_s(world, director):
    (by_sex,) = indicator_page(world.victims, director, today=TODAY).breakdowns
    assert [(o["name"], o["value"]) for o in by_sex["options"]] == [("F", 15), ("M", 7)]
    assert by_sex["sum"] == 22 and by_sex["adds_up"] is True


def test_a_summed_flow_leaves_drafts_out_and_adds_up_by_region(world, director):
    page = indicator_page(world.trainings, director, today=TODAY)
    assert [q.value for q in page.quarters[:2]] == [5, 4]
    assert page.span.total == 9
    assert page.regions == [("Shkodër", 3, 1), ("Tiranë", 6, 2)]


def test_the_breakdowns_default_to_the_last_whole_year_and_any_year_can_be_asked(world, director):
    later = make_period(world.plan, 2026, 1, status=PeriodStatus.OPEN, due_on=datetime.date(2026, 4, 20))
    world.value(world.a, later, world.victims, 9)
    assert indicator_page(world.victims, director, today=TODAY).year == 2025, "2026 is not over"
    page = indicator_page(world.victims, director, year="2026", today=TODAY)
    assert (page.year, page.span.total) == (2026, 9)
    assert indicator_page(world.victims, director, year="1999", today=TODAY).year == 2025


def test_a_stock_takes_the_last_quarter(world, director):
    page = indicator_page(world.sheltered, director, today=TODAY)
    assert page.span.total == 7


def test_coverage_per_quarter(world, director):
    quarters = indicator_page(world.trainings, director, today=TODAY).quarters
    """Accepted reports of the three institutions expected, whatever they hold: Q1 A and B, Q2 A and C (B's is a
    draft); Q3 and Q4 none, though past their due dates."""
    assert [(q.accepted, q.expected, q.complete, q.due) for q in quarters] == [
        (2, 3, False, True), (2, 3, False, True), (0, 3, False, True), (0, 3, False, True)]


def test_published_figures_beside_ours_flagged_beyond_the_share(world, director, settings):
    settings.PUBLIC_SOURCE_DIFFERENCE_SHARE = 0.2
    rows = indicator_page(world.victims, director, today=TODAY).published
    assert {r.figure.year for r in rows} == {2025}
    assert [(r.figure.option_id, r.ours, r.difference, r.flagged) for r in rows] == [
        (None, 22, -8, True), (world.female.pk, 15, 5, False)]
    assert rows[0].complete is False, "two quarters of 2025 have no accepted report of the authority"


def test_a_reporter_sees_the_national_figures_and_only_its_own_institution(world, client_for):
    reporter = factories.ReporterFactory(institution=world.b)
    page = indicator_page(world.trainings, reporter, today=TODAY)
    assert page.span.total == 9
    assert [r.code for r in page.institutions] == ["B"]
    assert page.regions is None
    html = client_for(reporter).get(reverse("data:indicator", args=[world.trainings.pk])).content.decode()
    assert "B – " in html and "C – " not in html and "A – " not in html


def test_the_download_holds_what_the_page_shows(world, client_for, director):
    reporter = factories.ReporterFactory(institution=world.c)
    csv = client_for(reporter).get(reverse("data:indicator_csv", args=[world.trainings.pk])).content.decode("utf-8-sig")
    assert "Q1 2025,5," in csv and "By institution,C," in csv
    assert "By institution,A," not in csv and "By region" not in csv
    response = client_for(director).get(reverse("data:indicator_xlsx", args=[world.victims.pk]))
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(response.content))
    assert {"By quarter", "By year", "Breakdowns", "By institution", "Public sources"} <= set(book.sheetnames)
    published = list(book["Public sources"].iter_rows(values_only=True))
    assert published[1][3] == 30 and published[1][-1] == "yes"


def test_the_page_shows_the_figures_the_chart_and_the_flag(world, client_for, director):
    html = client_for(director).get(reverse("data:indicator", args=[world.victims.pk])).content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    assert "Differs by more than 20%" in html
    assert "cross-check" in html


def test_the_index_lists_the_latest_national_figure_with_its_coverage(world, director):
    rows = {r.indicator.code: r for r in data_index(director, today=TODAY)}
    assert (rows["VT"].latest.label, rows["VT"].latest.value, rows["VT"].year.value) == ("Q2 2025", 12, 22)
    assert (rows["TR"].latest.accepted, rows["TR"].latest.expected) == (2, 3)
    assert rows["VT"].published == 2 and rows["ST"].published == 0


def _more_data(world, n):
    """`n` more institutions with accepted reports of every indicator in every quarter."""
    for i in range(n):
        institution = factories.InstitutionFactory(code=f"M{i}{n}", region="Vlorë")
        world.trainings.reporting_institutions.add(institution)
        for period in world.periods:
            world.value(institution, period, world.trainings, 1)
            world.value(institution, period, world.victims, 1, {world.female: 1})


def test_query_counts_do_not_grow_with_the_data(world, client_for, director, django_assert_num_queries):
    client = client_for(director)
    pages = [(reverse("data:index"), INDEX_QUERIES), (reverse("data:indicator", args=[world.victims.pk]), PAGE_QUERIES)]
    for url, _count in pages:
        client.get(url)  # the chart is drawn once
    for n in (1, 5):
        _more_data(world, n)
        for url, count in pages:
            with django_assert_num_queries(count):
                assert client.get(url).status_code == 200


# Session, the data's version and user; the indicators (or the indicator and its dimensions), the periods, the published figures;
# then reports.figures' fixed set of aggregates.
INDEX_QUERIES = 15
PAGE_QUERIES = 15
