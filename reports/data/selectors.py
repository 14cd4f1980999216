"""The data viewer's reads: each indicator's figures shaped for its page, its downloads and the index.

The figures themselves come from reports.figures (the one place that says what a national figure is:
accepted data only, by the indicator's rules over time and across institutions). This module only
chooses the quarters, asks for the figures, keeps what the user may see and lays them out.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from antitrafik import policy
from institutions.choices import Region
from strategy.choices import PeriodStatus
from strategy.models import Indicator, IndicatorDimension, ReportingPeriod
from strategy.quarters import quarter_label

from ..figures import FigureSource
from ..models import PublicSourceFigure
from ..sources.selectors import published_beside, published_figures
from .charts import quarters_chart


def reported_periods():
    """The quarters that have begun (every state but planned), oldest first.

    Periods are the time axis of the figures, not scoped data: every reader of the data sees the same axis.
    """
    return list(ReportingPeriod.objects.exclude(status=PeriodStatus.PLANNED).order_by("year", "quarter"))


def _language():
    return get_language() or "sq"


@dataclass
class QuarterRow:
    """One quarter of an indicator's national figure with its coverage."""

    period: ReportingPeriod
    label: str
    value: object
    expected: int
    accepted: int
    complete: bool
    due: bool  # past its due date: before it, nothing is missing yet


@dataclass
class YearRow:
    year: int
    value: object
    quarters: int  # quarters of the year that have begun
    complete_quarters: int
    due_quarters: int = 0  # quarters of the year past their due date

    @property
    def complete(self):
        return self.quarters == 4 and self.complete_quarters == 4

    @property
    def lacks_data(self):
        """A quarter past its due date is not complete: the figure misses reports (not just a year not over)."""
        return self.complete_quarters < self.due_quarters


@dataclass
class InstitutionRow:
    code: str
    name: str
    region: str
    values: list  # per quarter of the span, None where nothing was accepted
    value: object  # over the span, by the indicator's rule over time
    counted: bool  # added into the national figure (else a cross-check beside it)
    is_authority: bool


@dataclass
class IndicatorPage:
    """Everything an indicator's page and its downloads show."""

    indicator: Indicator
    dimensions: list  # [IndicatorDimension] in order
    quarters: list  # [QuarterRow], every begun quarter
    years: list  # [YearRow]
    year: int | None  # the span of the breakdowns below
    year_choices: list
    span: object  # IndicatorFigures of `year`, or None when there is no quarter
    span_quarters: list  # [QuarterRow] of `year`
    institutions: list  # [InstitutionRow] the user may see
    regions: list | None  # [(region label, value, institutions)], None when not shown
    regions_note: str
    see_institutions: bool
    published: list  # [PublishedBeside], by year, quarter and cell
    chart: dict | None = None
    language: str = "sq"
    breakdowns: list = field(default_factory=list)  # [{name, by, overlapping, sum, adds_up, options: [{name, value}]}]
    threshold_percent: float = 20

    @property
    def has_figures(self):
        return any(q.value is not None for q in self.quarters)


def _quarter_rows(figures, periods, today):
    by_pk = {p.pk: p for p in periods}
    return [
        QuarterRow(period=by_pk[q.period_id], label=quarter_label(q.year, q.quarter), value=q.value,
                   expected=q.expected, accepted=q.accepted, complete=q.complete,
                   due=by_pk[q.period_id].due_on < today)
        for q in figures.quarters
    ]


def _choose_year(requested, years, quarters):
    """The year asked for when it has begun; else the latest whole year (its four quarters past their due
    dates) with a figure; else the latest year with a figure; else the latest year."""
    choices = [y.year for y in years]
    try:
        requested = int(requested)
    except (TypeError, ValueError):
        requested = None
    if requested in choices:
        return requested
    due = Counter(q.period.year for q in quarters if q.due)
    with_data = [y.year for y in years if y.value is not None]
    whole = [year for year in with_data if due[year] == 4]
    return (whole or with_data or choices or [None])[-1]


def _regions(figures, language):
    """The counted institutions' figures summed by region (qark); None for an authoritative indicator."""
    if figures.is_authoritative:
        return None
    totals, counts = defaultdict(lambda: None), defaultdict(int)
    for row in figures.institutions:
        if not row.counted or row.value is None:
            continue
        key = row.region or ""
        totals[key] = row.value if totals[key] is None else totals[key] + row.value
        counts[key] += 1
    labels = dict(Region.choices)
    ordered = [r for r in labels if r in totals] + ([""] if "" in totals else [])
    return [(labels.get(r) or _("National (no region)"), totals[r], counts[r]) for r in ordered]


def _breakdowns(figures, language):
    """The national breakdowns of a span that have any figure, with their labels in `language`."""
    return [
        {"name": b.label(language), "by": b.by_label(language), "overlapping": b.overlapping, "sum": b.sum, "adds_up": b.adds_up,
         "options": [{"name": o.label(language), "value": o.value} for o in b.options]}
        for b in figures.breakdowns if any(o.value is not None for o in b.options)
    ]


def _percent(share):
    value = Decimal(str(share)) * 100
    return int(value) if value == value.to_integral_value() else float(value)


def indicator_page(indicator, user, *, year=None, today=None):
    """The page of `indicator` for `user`: national figures always; institutions' figures within the policy."""
    today = today or timezone.localdate()
    language = _language()
    periods = reported_periods()
    dimensions = list(IndicatorDimension.objects.filter(indicator=indicator).select_related("dimension")
                      .order_by("position"))
    published = list(published_figures(indicator))
    source = FigureSource.load([indicator], periods)
    whole = source.figures_of(indicator.pk, periods, institutions=False)
    quarters = _quarter_rows(whole, periods, today)

    periods_by_year = defaultdict(list)
    for period in periods:
        periods_by_year[period.year].append(period)
    year_figures = {y: source.figures_of(indicator.pk, ps, institutions=False) for y, ps in periods_by_year.items()}
    due = Counter(q.period.year for q in quarters if q.due)
    years = [YearRow(year=y, value=f.total, quarters=len(f.quarters), complete_quarters=f.complete_quarters,
                     due_quarters=due[y])
             for y, f in sorted(year_figures.items())]

    chosen = _choose_year(year, years, quarters)
    span = source.figures_of(indicator.pk, periods_by_year[chosen]) if chosen in periods_by_year else None
    allowed = policy.data_institution_ids(user)
    see_institutions = allowed is None
    institutions, regions, regions_note = [], None, ""
    span_quarters = [q for q in quarters if q.period.year == chosen]
    if span is not None:
        span_ids = [q.period_id for q in span.quarters]
        institutions = [
            InstitutionRow(code=i.code, name=i.label(language), region=i.region, value=i.value,
                           values=[i.values.get(pid) for pid in span_ids], counted=i.counted,
                           is_authority=i.is_authority)
            for i in span.institutions if allowed is None or i.institution_id in allowed
        ]
        if see_institutions:
            regions = _regions(span, language)
            if regions is None:
                regions_note = _("The national figure is the authoritative institution's: it has no breakdown by "
                                 "region.")

    def ours_for(fig_year, fig_quarter, option_id):
        if fig_quarter:
            period = next((p for p in periods_by_year.get(fig_year, []) if p.quarter == fig_quarter), None)
            if period is None:
                return None, None
            figures = source.figures_of(indicator.pk, [period], institutions=False)
            complete = figures.quarters[0].complete
        else:
            figures = year_figures.get(fig_year)
            if figures is None:
                return None, None
            complete = len(figures.quarters) == 4 and figures.complete_quarters == 4
        value = figures.total if option_id is None else figures.option_value(option_id)
        return value, (complete if value is not None else None)


    page = IndicatorPage(
        indicator=indicator, dimensions=dimensions, quarters=quarters, years=years, year=chosen,
        year_choices=[y.year for y in years], span=span, span_quarters=span_quarters, institutions=institutions,
        regions=regions, regions_note=regions_note, see_institutions=see_institutions,
        published=published_beside(published, ours_for), language=language,
        breakdowns=[] if span is None else _breakdowns(span, language),
        threshold_percent=_percent(settings.PUBLIC_SOURCE_DIFFERENCE_SHARE),
    )
    page.chart = quarters_chart([{"label": q.label, "value": q.value, "complete": q.complete} for q in quarters],
                                unit_label=indicator.get_unit_display())
    return page


@dataclass
class IndexRow:
    indicator: Indicator
    latest: object  # QuarterRow of the latest quarter with a figure, or None
    year: YearRow | None  # the year of that quarter
    published: int  # public-source figures recorded


def data_index(user, *, today=None):
    """Every indicator the user may read with its latest national figure, its coverage and how many published
    figures sit beside it (a fixed number of queries, whatever the number of indicators or reports)."""
    today = today or timezone.localdate()
    indicators = list(Indicator.objects.for_user(user).select_related("pillar").order_by("order", "code"))
    periods = reported_periods()
    published = dict(PublicSourceFigure.objects.filter(indicator__in=indicators).values("indicator_id")
                     .annotate(n=Count("id")).order_by().values_list("indicator_id", "n"))
    source = FigureSource.load(indicators, periods)
    rows = []
    for indicator in indicators:
        figures = source.figures_of(indicator.pk, periods, institutions=False)
        quarters = _quarter_rows(figures, periods, today)
        latest = next((q for q in reversed(quarters) if q.value is not None), None)
        year = None
        if latest is not None:
            of_year = [p for p in periods if p.year == latest.period.year]
            span = source.figures_of(indicator.pk, of_year, institutions=False)
            year = YearRow(year=latest.period.year, value=span.total, quarters=len(span.quarters),
                           complete_quarters=span.complete_quarters,
                           due_quarters=sum(1 for p in of_year if p.due_on < today))
        rows.append(IndexRow(indicator=indicator, latest=latest, year=year, published=published.get(indicator.pk, 0)))
    return rows
