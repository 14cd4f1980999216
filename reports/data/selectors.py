"""The data viewer's reads: each indicator's figures shaped for its page, its downloads and the index.

The figures themselves come from reports.figures (the one place that says what a national figure is:
accepted data only, by the indicator's rules over time and across institutions). This module only
chooses the quarters, asks for the figures, keeps what the user may see and lays them out.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from antitrafik import policy
from institutions.choices import Region
from strategy.choices import PeriodStatus
from strategy.models import Indicator, IndicatorDimension, ReportingPeriod
from strategy.quarters import quarter_label

from ..models import PublicSourceFigure
from ..sources.selectors import published_beside, published_figures


def reported_periods():
    """The quarters that have begun (every state but planned), oldest first.

    Periods are the time axis of the figures, not scoped data: every reader of the data sees the same axis.
    """
    return list(ReportingPeriod.objects.exclude(status=PeriodStatus.PLANNED).order_by("year", "quarter"))


def _language():
    return "en" if (get_language() or "sq").startswith("en") else "sq"


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

    @property
    def complete(self):
        return self.quarters == 4 and self.complete_quarters == 4


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
    published: list  # [(year, [PublishedBeside])]
    chart: dict | None = None
    language: str = "sq"
    breakdowns: list = field(default_factory=list)  # [{name, overlapping, sum, adds_up, options: [{name, value}]}]
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


def _choose_year(requested, years):
    """The year asked for when it has begun, else the latest year with a figure, else the latest year."""
    choices = [y.year for y in years]
    try:
        requested = int(requested)
    except (TypeError, ValueError):
        requested = None
    if requested in choices:
        return requested
    with_data = [y.year for y in years if y.value is not None]
    return (with_data or choices or [None])[-1]


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
        {"name": b.label(language), "overlapping": b.overlapping, "sum": b.sum, "adds_up": b.adds_up,
         "options": [{"name": o.label(language), "value": o.value} for o in b.options]}
        for b in figures.breakdowns if any(o.value is not None for o in b.options)
    ]


def _percent(share):
    value = Decimal(str(share)) * 100
    return int(value) if value == value.to_integral_value() else float(value)


def indicator_page(indicator, user, *, year=None, today=None):
    """The page of `indicator` for `user`: its definition and the public-source figures recorded for it.

    The institutions' figures join them once reports.figures provides the national figures.
    """
    dimensions = list(IndicatorDimension.objects.filter(indicator=indicator).select_related("dimension")
                      .order_by("position"))
    beside = defaultdict(list)
    for row in published_beside(published_figures(indicator), lambda *_args: (None, None)):
        beside[row.figure.year].append(row)
    return IndicatorPage(
        indicator=indicator, dimensions=dimensions, quarters=[], years=[], year=None, year_choices=[], span=None,
        span_quarters=[], institutions=[], regions=None, regions_note="",
        see_institutions=policy.data_institution_ids(user) is None, published=sorted(beside.items()),
        language=_language(), threshold_percent=_percent(settings.PUBLIC_SOURCE_DIFFERENCE_SHARE),
    )


@dataclass
class IndexRow:
    indicator: Indicator
    latest: object  # QuarterRow of the latest quarter with a figure, or None
    year: YearRow | None  # the year of that quarter
    published: int  # public-source figures recorded


def data_index(user, *, today=None):
    """Every indicator the user may read with how many published figures sit beside it (two queries)."""
    indicators = list(Indicator.objects.for_user(user).select_related("pillar").order_by("order", "code"))
    published = dict(PublicSourceFigure.objects.filter(indicator__in=indicators).values("indicator_id")
                     .annotate(n=Count("id")).order_by().values_list("indicator_id", "n"))
    return [IndexRow(indicator=i, latest=None, year=None, published=published.get(i.pk, 0)) for i in indicators]
