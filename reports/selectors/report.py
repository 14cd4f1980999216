"""One quarterly report, whole: its activities, progress, values, comments and events, its snapshots
and what changed between two submissions."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.text import capfirst

from antitrafik.formatting import format_number
from strategy.models import Activity, ReportingPeriod

from ..choices import EventKind, ProgressStatus, ReportStatus
from ..grid import cell_input_name, indicator_grids
from ..models import ActivityProgress, QuarterlyReport, ReportEvent, ReviewComment, StatValue
from ..numbers import figure, figure_from_text, figure_text, readable_figure, same_figure
from .activity_status import AsOf, done_activities, with_status


def report_activities(report):
    """Activities of the period's plan that the institution leads or partners in and that are not archived,
    with their status and lateness as of the end of the report's quarter (see activity_status)."""
    queryset = (
        Activity.objects.of_institution(report.institution)
        .filter(plan_id=report.period.plan_id, is_archived=False)
        .select_related("objective")
        .order_by("sort_key")
    )
    return list(with_status(queryset, as_of=AsOf.end_of(report.period)))


# ---------------------------------------------------------------------------------------------
# One report, whole
# ---------------------------------------------------------------------------------------------


@dataclass
class ReportData:
    """Everything a report's page, form, validation and export need, read in a fixed number of queries."""

    report: QuarterlyReport
    activities: list
    progress: dict  # activity id → ActivityProgress
    grids: list
    values: dict  # (indicator id, cell key) → Decimal, or AtLeast for an "at least" figure
    comments: list = field(default_factory=list)
    events: list = field(default_factory=list)
    # activity id → (year, quarter): reported implemented by the institution in an earlier accepted report.
    done: dict = field(default_factory=dict)

    @property
    def grid_by_id(self):
        return {g.pk: g for g in self.grids}

    @property
    def activity_by_id(self):
        return {a.pk: a for a in self.activities}

    def allowed_cells(self):
        """{input name: (indicator id, key)} of every cell the institution may fill."""
        return {cell_input_name(g.pk, key): (g.pk, key) for g in self.grids for key in g.all_keys()}

    def done_row(self, activity_id):
        """(year, quarter) when the activity is done for the institution and not reopened in this report."""
        if activity_id in self.progress:
            return None
        return self.done.get(activity_id)

    def reopened(self, activity_id):
        """(year, quarter) of the earlier 'implemented' when this report reopened a done activity."""
        return self.done.get(activity_id) if activity_id in self.progress else None

    def unanswered(self):
        """The activities this report must still give a status for: neither done nor answered."""
        return [a for a in self.activities
                if self.done_row(a.pk) is None and not getattr(self.progress.get(a.pk), "status", "")]

    def progress_rows(self):
        unanswered = {a.pk for a in self.unanswered()}
        rows = []
        for activity in self.activities:
            rows.append({
                "activity": activity,
                "progress": self.progress.get(activity.pk),
                "delayed": activity.is_late,
                "done": self.done_row(activity.pk),
                "reopened": self.reopened(activity.pk),
                "unanswered": activity.pk in unanswered,
                "comments": [c for c in self.comments if c.activity_id == activity.pk],
            })
        return rows

    def comments_for_indicator(self, indicator_id):
        return [c for c in self.comments if c.indicator_id == indicator_id]

    def general_comments(self):
        return [c for c in self.comments if not c.activity_id and not c.indicator_id]


def report_data(report, *, with_history=True):
    """Read everything of one report (about ten queries, whatever the number of activities or cells)."""
    grids = indicator_grids(report.institution)
    activities = report_activities(report)
    progress = {p.activity_id: p for p in ActivityProgress.objects.filter(report=report)}
    values = {
        (i, k): figure(v, lower_bound=bound)
        for i, k, v, bound in StatValue.objects.filter(report=report)
        .values_list("indicator_id", "cell_key", "value", "is_lower_bound")
    }
    data = ReportData(report=report, activities=activities, progress=progress, grids=grids, values=values,
                      done=done_activities(report.institution_id, report.period))
    if with_history:
        data.comments = list(ReviewComment.objects.filter(report=report).select_related("author"))
        data.events = list(ReportEvent.objects.filter(report=report).select_related("actor").defer("snapshot"))
    return data


def snapshot_of(data):
    """The report's content as plain JSON (for ReportEvent.snapshot on submission)."""
    return {
        "values": {f"{i}|{k}": figure_text(v) for (i, k), v in data.values.items()},
        "progress": {
            str(a): {"status": p.status, "narrative": p.narrative, "spent": None if p.spent is None else str(p.spent)}
            for a, p in data.progress.items()
        },
    }


def last_submission_snapshot(report, *, before_last=False):
    """The snapshot of the latest submission (or of the one before it, for 'what changed since')."""
    events = ReportEvent.objects.filter(report=report, kind=EventKind.SUBMITTED).order_by("-at", "-pk")
    event = events[1:2].first() if before_last else events.first()
    return event.snapshot if event else None


def changes_between(data, old_snapshot, new_snapshot=None):
    """What differs between two snapshots (default: the current content): rows for the reviewer's diff."""
    new_snapshot = new_snapshot or snapshot_of(data)
    changes = []
    grids = data.grid_by_id
    old_values, new_values = old_snapshot.get("values", {}), new_snapshot.get("values", {})
    for composite in sorted(set(old_values) | set(new_values)):
        old, new = figure_from_text(old_values.get(composite)), figure_from_text(new_values.get(composite))
        if same_figure(old, new):
            continue
        indicator_id, key = composite.split("|", 1)
        grid = grids.get(int(indicator_id))
        if grid is None:
            continue
        changes.append({
            "what": grid.indicator, "where": grid.label_for_key(key), "kind": "value",
            "old": readable_figure(old), "new": readable_figure(new),
        })
    activities = data.activity_by_id
    old_progress, new_progress = old_snapshot.get("progress", {}), new_snapshot.get("progress", {})
    for activity_id in sorted(set(old_progress) | set(new_progress), key=int):
        old, new = old_progress.get(activity_id) or {}, new_progress.get(activity_id) or {}
        activity = activities.get(int(activity_id))
        if activity is None:
            continue
        for name in ("status", "spent", "narrative"):
            before, after = old.get(name) or None, new.get(name) or None
            if name == "spent" and before is not None and after is not None and Decimal(before) == Decimal(after):
                continue
            if before != after:
                if name == "status":
                    before = ProgressStatus(before).label if before else None
                    after = ProgressStatus(after).label if after else None
                elif name == "spent":
                    before, after = format_number(before) or None, format_number(after) or None
                changes.append({"what": activity, "where": capfirst(ActivityProgress._meta.get_field(name).verbose_name),
                                "old": before, "new": after, "kind": "progress"})
    return changes


def previous_totals(report, indicator_ids, *, quarters=4):
    """{indicator id: [totals]} of the institution's submitted or accepted reports of earlier quarters (two queries)."""
    period = report.period
    earlier = list(
        ReportingPeriod.objects.filter(Q(year__lt=period.year) | Q(year=period.year, quarter__lt=period.quarter))
        .order_by("-year", "-quarter").values_list("pk", flat=True)[:quarters]
    )
    totals = {}
    if not earlier or not indicator_ids:
        return totals
    rows = StatValue.objects.filter(
        report__institution_id=report.institution_id, report__period_id__in=earlier, cell_key="",
        indicator_id__in=indicator_ids,
        report__status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED],
    ).values_list("indicator_id", "value")
    for indicator_id, value in rows:
        totals.setdefault(indicator_id, []).append(value)
    return totals
