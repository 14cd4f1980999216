"""One quarterly report, whole: its activities, progress, values, comments and events, its snapshots
and what changed between two submissions."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, CharField, Q, Value, When
from django.utils.text import capfirst

from antitrafik.formatting import format_number
from strategy import definitions
from strategy.models import Activity, ReportingPeriod, led_by_q

from ..choices import ActivityRole, EventKind, ProgressStatus, ReportStatus
from ..grid import cell_input_name, indicator_grids
from ..models import ActivityProgress, QuarterlyReport, ReportEvent, ReviewComment, StatValue
from ..numbers import figure, figure_from_text, figure_text, readable_figure, same_figure
from .activity_status import AsOf, done_activities, with_status


def shows_saved_plan(report):
    """Whether the report shows the plan rows it was saved with (`plan_rows`) rather than the live plan: once it is
    submitted or accepted, or its period is locked. A draft or returned report follows the plan as it is now."""
    return report.plan_rows is not None and (
        report.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED) or report.period.is_locked)


def _role(lead):
    """The institution's part in the activity, as an annotation `report_role` from the condition `lead`."""
    return Case(When(lead, then=Value(ActivityRole.LEAD)), default=Value(ActivityRole.PARTNER),
                output_field=CharField())


def report_activities(report, *, statuses=True):
    """The report's activities with their status and lateness as of the end of its quarter (see activity_status;
    not when `statuses` is false: what a save, a check or an export needs does not depend on them) and
    `report_role`, the institution's part in each (lead or partner).

    While the report can change: the activities of the period's plan that the institution leads or partners in
    now and that are not archived. Once it is submitted, accepted or locked: exactly those it was saved with, in
    the role it had then, whatever happened to the plan since (archived, lead or partners changed)."""
    if shows_saved_plan(report):
        roles = dict(report.plan_rows["activities"])
        leads = [pk for pk, role in roles.items() if role == ActivityRole.LEAD]
        queryset = Activity.objects.filter(pk__in=list(roles)).annotate(
            report_role=_role(Q(pk__in=leads)) if leads else Value(ActivityRole.PARTNER, output_field=CharField()))
        archived_too = True
    else:
        queryset = (
            Activity.objects.of_institution(report.institution)
            .filter(plan_id=report.period.plan_id, is_archived=False)
            .annotate(report_role=_role(led_by_q(report.institution_id)))
        )
        archived_too = False
    queryset = queryset.select_related("objective").order_by("sort_key")
    if not statuses:
        return list(queryset)
    # Whether each is late needs its status; the quarter the status was reported for is not shown on the report.
    return list(with_status(queryset, as_of=AsOf.end_of(report.period), archived_too=archived_too,
                            reported_quarter=False))


def report_grids(report, *, token=None):
    """The report's indicators as grids: the institution's active indicators and options while the report can
    change; once submitted, accepted or locked, exactly those it was saved with (deactivated or archived since,
    or not). `token`: the definitions' token when already read (reports.grid.indicator_grids)."""
    return indicator_grids(report.institution, rows=report.plan_rows if shows_saved_plan(report) else None,
                           token=token)


def plan_rows_of(activities, grids, *, progress=(), values=()):
    """The plan rows a report is saved with (QuarterlyReport.plan_rows), from its activities and grids, and from the
    `progress` rows and `values` keys it holds outside them (an activity archived or an indicator deactivated while
    it was a draft): once submitted it shows every row it holds, as the committee report counts them."""
    roles = {a.pk: a.report_role for a in activities}
    for row in progress:
        roles.setdefault(row.activity_id, row.role or ActivityRole.PARTNER)
    indicators = [g.pk for g in grids]
    indicators += sorted({indicator_id for indicator_id, _key in values} - set(indicators))
    options = {o.pk for g in grids for _p, _d, opts in g.dimensions for o in opts}
    options |= {int(part) for _indicator_id, key in values for part in key.split("-") if part}
    return {"activities": [[pk, role] for pk, role in roles.items()], "indicators": indicators,
            "options": sorted(options)}


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
    # The indicators' definitions' token read before the grids (strategy.definitions): what is kept from them
    # for this report (its statistics section, reports.grid_section) is kept under it.
    definitions_token: str | None = None
    # Whether the activities carry their status and lateness (report_data(statuses=True)); the rows shown need them.
    statuses: bool = True

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

    def with_statuses(self):
        """The same data, its activities with their status and lateness (to show the rows after a save refused)."""
        if not self.statuses:
            self.activities, self.statuses = report_activities(self.report), True
        return self

    def progress_rows(self):
        if not self.statuses:
            raise ValueError("The progress rows show lateness: read the report with its activities' statuses.")
        unanswered = {a.pk for a in self.unanswered()}
        rows = []
        for activity in self.activities:
            rows.append({
                "activity": activity,
                "is_lead": activity.report_role == ActivityRole.LEAD,
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


def _events(report):
    return list(ReportEvent.objects.filter(report=report).select_related("actor").defer("snapshot"))


def stored_progress(report):
    """The report's progress rows, {activity id: ActivityProgress} (one query). Read into dicts: no ordering (the
    models' default ordering joins the report's period and institution)."""
    return {p.activity_id: p for p in ActivityProgress.objects.filter(report=report).order_by()}


def stored_figures(report):
    """The report's statistics, {(indicator id, cell key): figure} (one query, no model instances)."""
    return {
        (i, k): figure(v, lower_bound=bound)
        for i, k, v, bound in StatValue.objects.filter(report=report).order_by()
        .values_list("indicator_id", "cell_key", "value", "is_lower_bound")
    }


def report_data(report, *, with_history=True, statuses=True, events=True):
    """Read everything of one report (about ten queries, whatever the number of activities or cells). Without
    `statuses`, the activities do not carry their status and lateness (a save, a check, an export); without
    `with_history`, neither its review comments nor its timeline; without `events`, not its timeline (a save
    reads the comments, which the replies answer, but shows no timeline)."""
    token = definitions.definitions_token()
    grids = report_grids(report, token=token)
    activities = report_activities(report, statuses=statuses)
    progress, values = stored_progress(report), stored_figures(report)
    data = ReportData(report=report, activities=activities, progress=progress, grids=grids, values=values,
                      done=done_activities(report.institution_id, report.period), definitions_token=token,
                      statuses=statuses)
    if with_history:
        data.comments = list(ReviewComment.objects.filter(report=report).select_related("author"))
        if events:
            data.events = _events(report)
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
    ).order_by().values_list("indicator_id", "value")
    for indicator_id, value in rows:
        totals.setdefault(indicator_id, []).append(value)
    return totals
