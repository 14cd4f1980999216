"""The director's situation report (on the home page): plan progress by pillar, how complete the latest
quarters' reporting is, and the headline figures with their coverage.

Each part asks the one function that answers its question: an activity's status and lateness come from
reports.selectors.activity_status, a report's state (missing only once due) from the status board
(reports.selectors.follow_up.board), national figures from reports.figures. The headline figures are the
first active indicator of each pillar (in the indicators' order): this year so far and last year, each
with how many of its quarters are complete.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from institutions.models import Institution
from strategy.models import Activity, Indicator, Pillar
from strategy.quarters import quarter_label
from strategy.selectors import current_plan

from ..choices import ProgressStatus, ReportStatus
from ..figures import FigureSource
from ..selectors.activity_status import AsOf, with_status
from ..selectors.follow_up import BOARD_NOT_STARTED, NOT_SUBMITTED, board, periods_in_use
from .selectors import reported_periods

# The columns of plan progress, in order. A late activity counts as late whatever it reported; an activity
# without an accepted status of its lead institution counts as not started; one reported not applicable is
# neither done nor to do.
PROGRESS_COLUMNS = [
    ("implemented", ProgressStatus.IMPLEMENTED.label), ("partial", ProgressStatus.PARTIAL.label),
    ("in_progress", ProgressStatus.IN_PROGRESS.label), ("not_started", ProgressStatus.NOT_STARTED.label),
    ("late", _("Late")), ("not_applicable", ProgressStatus.NOT_APPLICABLE.label),
]
# The columns of completeness: the board's states of a report, in the order of the workflow; before its due
# date a report not begun is not missing.
COMPLETENESS_COLUMNS = [
    (ReportStatus.ACCEPTED, ReportStatus.ACCEPTED.label), (ReportStatus.SUBMITTED, ReportStatus.SUBMITTED.label),
    (ReportStatus.RETURNED, ReportStatus.RETURNED.label), (ReportStatus.DRAFT, ReportStatus.DRAFT.label),
    (NOT_SUBMITTED, _("Not submitted")), (BOARD_NOT_STARTED, _("Not yet due")),
]
QUARTERS_SHOWN = 2


@dataclass
class PillarProgress:
    pillar: Pillar
    counts: dict = field(default_factory=lambda: {key: 0 for key, _label in PROGRESS_COLUMNS})

    @property
    def cells(self):
        return [self.counts[key] for key, _label in PROGRESS_COLUMNS]

    @property
    def total(self):
        return sum(self.counts.values())


def _column(status, is_late):
    if is_late:
        return "late"
    if status in (ProgressStatus.IMPLEMENTED, ProgressStatus.PARTIAL, ProgressStatus.IN_PROGRESS,
                  ProgressStatus.NOT_APPLICABLE):
        return status
    return "not_started"


def plan_progress(plan, *, today=None):
    """Each pillar of `plan` with its activities counted by status as of today, the late ones apart
    (two queries). Archived activities and those of archived objectives are left out."""
    pillars = {p.pk: PillarProgress(p) for p in Pillar.objects.filter(plan=plan, is_archived=False)
               .order_by("order", "code")}
    activities = Activity.objects.filter(plan=plan, is_archived=False, objective__is_archived=False)
    rows = (with_status(activities, as_of=AsOf.on(today), reported_quarter=False)
            .values("objective__pillar_id", "lead_status", "is_late").annotate(n=Count("pk")).order_by())
    for row in rows:
        progress = pillars.get(row["objective__pillar_id"])
        if progress is not None:
            progress.counts[_column(row["lead_status"], row["is_late"])] += row["n"]
    return list(pillars.values())


@dataclass
class QuarterCompleteness:
    period: object
    label: str
    expected: int
    counts: dict  # the keys of COMPLETENESS_COLUMNS → number of institutions

    @property
    def cells(self):
        return [self.counts[key] for key, _label in COMPLETENESS_COLUMNS]


def completeness(periods, *, today=None):
    """For each period, the reporting institutions counted by the state of their report, as the status board
    shows it (three queries)."""
    institutions = list(Institution.objects.reporting().order_by("code"))
    columns = {period.pk: Counter() for period in periods}
    for row in board(institutions=institutions, periods=periods, today=today):
        for cell in row["cells"]:
            if cell["state"] is not None:
                columns[cell["period"].pk][cell["state"]] += 1
    return [QuarterCompleteness(period=p, label=quarter_label(p.year, p.quarter), expected=len(institutions),
                                counts={key: columns[p.pk][key] for key, _label in COMPLETENESS_COLUMNS})
            for p in periods]


def completeness_rows(quarters):
    """The completeness table turned so that each state is a row and each quarter a column (narrow pages)."""
    return [(label, [q.counts[key] for q in quarters]) for key, label in COMPLETENESS_COLUMNS]


def headline_indicators():
    """The first active indicator of each pillar, in the pillars' order (indicators without a pillar last)."""
    chosen, seen = [], set()
    for indicator in (Indicator.objects.active().select_related("pillar")
                      .order_by("pillar__order", "pillar__code", "order", "code")):
        if indicator.pillar_id not in seen:
            seen.add(indicator.pillar_id)
            chosen.append(indicator)
    return chosen


@dataclass
class YearFigure:
    year: int
    value: object
    complete_quarters: int
    quarters: int  # of the year's quarters, those that have begun
    due_quarters: int  # of them, those past their due date: an incomplete one of these is missing data

    @property
    def lacks_data(self):
        return self.complete_quarters < self.due_quarters


@dataclass
class Headline:
    indicator: Indicator
    this_year: YearFigure
    last_year: YearFigure | None


def headline_figures(*, today=None):
    """Each headline indicator's national figure this year so far and last year, with the quarters complete
    (a fixed number of queries: reports.figures loads both years at once)."""
    today = today or timezone.localdate()
    periods = reported_periods()
    if not periods:
        return []
    year = today.year if any(p.year == today.year for p in periods) else periods[-1].year
    this_year = [p for p in periods if p.year == year]
    last_year = [p for p in periods if p.year == year - 1]
    indicators = headline_indicators()
    source = FigureSource.load(indicators, this_year + last_year, breakdowns=False)  # totals only

    def of(indicator, span):
        figures = source.figures_of(indicator.pk, span, institutions=False)
        return YearFigure(span[0].year, figures.total, figures.complete_quarters, len(span),
                          sum(1 for p in span if p.due_on < today))

    return [Headline(indicator, of(indicator, this_year), of(indicator, last_year) if last_year else None)
            for indicator in indicators]


def situation_report(user, *, today=None):
    """What the director's home page shows: a dict for templates/reports/data/_situation_content.html."""
    today = today or timezone.localdate()
    plan = current_plan(user, today)
    quarters = completeness(periods_in_use(last=QUARTERS_SHOWN), today=today)
    return {
        "plan": plan,
        "pillars": plan_progress(plan, today=today) if plan else [],
        "progress_columns": PROGRESS_COLUMNS,
        "quarters": quarters,
        "completeness_rows": completeness_rows(quarters),
        "headlines": headline_figures(today=today),
    }
