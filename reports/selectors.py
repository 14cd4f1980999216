"""Reads of quarterly reports shaped for pages, forms, validation and exports (fixed numbers of queries)."""

import datetime
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Max, Min, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from institutions.models import Institution
from strategy.models import Activity, DimensionOption, Indicator, IndicatorDimension, ReportingPeriod, ValidationRule

from .choices import EventKind, ProgressStatus, ReportStatus
from .models import ActivityProgress, QuarterlyReport, ReportEvent, ReviewComment, StatValue

# ---------------------------------------------------------------------------------------------
# The statistics grid of one indicator
# ---------------------------------------------------------------------------------------------


@dataclass
class Cell:
    """One input of the grid: its key, its input name and its value (None when empty)."""

    indicator_id: int
    key: str
    value: object = None

    @property
    def name(self):
        return cell_input_name(self.indicator_id, self.key)


def cell_input_name(indicator_id, cell_key):
    """The name of the input of one cell: v-<indicator id>-<cell key> ('' key = the total)."""
    return f"v-{indicator_id}-{cell_key}"


@dataclass
class IndicatorGrid:
    """An indicator laid out as a grid: rows = options of its first dimension, columns = the
    cross product of the options of the others; plus the indicator's own total cell."""

    indicator: Indicator
    dimensions: list  # [(position, Dimension, [DimensionOption])] ordered by position
    rules: list

    @property
    def pk(self):
        return self.indicator.pk

    @property
    def row_dimension(self):
        return self.dimensions[0][1] if self.dimensions else None

    @property
    def rows(self):
        return self.dimensions[0][2] if self.dimensions else []

    @property
    def column_dimensions(self):
        return [d for _p, d, _o in self.dimensions[1:]]

    @property
    def columns(self):
        """Tuples of options of dimensions 2..n, in order; [()] when there is one dimension."""
        return list(itertools.product(*[opts for _p, _d, opts in self.dimensions[1:]]))

    def key_for(self, row_option, column_options):
        return StatValue.make_cell_key(row_option.pk, *[o.pk for o in column_options])

    def cell_keys(self):
        """Every key of the grid's cells (not the total)."""
        if not self.dimensions:
            return []
        return [self.key_for(r, c) for r in self.rows for c in self.columns]

    def all_keys(self):
        return ["", *self.cell_keys()]

    def options_for_key(self, key):
        """{position: option id} of a cell key."""
        if not key:
            return {}
        ids = [int(part) for part in key.split("-")]
        return {position: option_id for (position, _d, _o), option_id in zip(self.dimensions, ids, strict=True)}

    def label_for_key(self, key):
        """'Total' or the cell's options joined by ' · ', for messages and the diff."""
        if not key:
            return None
        by_id = {o.pk: o for _p, _d, opts in self.dimensions for o in opts}
        return " · ".join(str(by_id[int(part)]) for part in key.split("-") if int(part) in by_id)

    def _group_size(self):
        """How many columns each option of the second dimension spans (1 unless there is a third)."""
        return len(self.dimensions[2][2]) if len(self.dimensions) > 2 else 1

    def _column_header_ids(self, column_number):
        ids = f"h{self.pk}-c{column_number}"
        if len(self.dimensions) > 2:
            ids = f"h{self.pk}-g{(column_number - 1) // self._group_size() + 1} " + ids
        return ids

    def header_rows(self):
        """The column headers: one row per column dimension, as (id, label, colspan); the last row has one
        header per column. With a single dimension there is one 'Value' column."""
        pk = self.pk
        if len(self.dimensions) < 2:
            return [[(f"h{pk}-c1", None, 1)]]
        if len(self.dimensions) == 2:
            return [[(f"h{pk}-c{c}", str(o[0]), 1) for c, o in enumerate(self.columns, start=1)]]
        size = self._group_size()
        top = [(f"h{pk}-g{g}", str(o), size) for g, o in enumerate(self.dimensions[1][2], start=1)]
        bottom = [(f"h{pk}-c{c}", str(o[-1]), 1) for c, o in enumerate(self.columns, start=1)]
        return [top, bottom]

    def layout(self, values, errors=None, raw=None):
        """The grid as rows of cells for the template, with computed row/column totals.

        `values` maps (indicator id, key) → Decimal; `raw` (optional) maps input names to text the
        user typed (kept on the page after a refused save); `errors` maps input names to messages.
        """
        errors = errors or {}
        raw = raw or {}

        def cell(key, labelledby):
            name = cell_input_name(self.pk, key)
            value = values.get((self.pk, key))
            shown = raw[name] if name in raw else ("" if value is None else plain_number(value))
            return {"key": key, "name": name, "value": value, "shown": shown, "error": errors.get(name),
                    "labelledby": labelledby}

        pk = self.pk
        total = cell("", f"indicator-{pk}-title indicator-{pk}-total-label")
        rows = []
        column_sums = [None] * len(self.columns)
        for r, row_option in enumerate(self.rows, start=1):
            cells = [cell(self.key_for(row_option, col), f"h{pk}-r{r} {self._column_header_ids(c)}")
                     for c, col in enumerate(self.columns, start=1)]
            row_sum = _sum(c["value"] for c in cells)
            for i, c in enumerate(cells):
                if c["value"] is not None:
                    column_sums[i] = (column_sums[i] or 0) + c["value"]
            rows.append({"option": row_option, "cells": cells, "total": row_sum})
        column_labels = [" · ".join(str(o) for o in c) for c in self.columns]
        grand = _sum(column_sums)
        return {
            "grid": self, "total": total, "rows": rows, "column_labels": column_labels,
            "header_rows": self.header_rows(),
            "column_totals": column_sums, "breakdown_total": grand,
            "has_columns": len(self.columns) > 1 or bool(self.column_dimensions),
            "mismatch": total["value"] is not None and grand is not None and total["value"] != grand,
        }


def _sum(values):
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def plain_number(value):
    """A Decimal without trailing zeros ('12', '12.5'), as typed into an input."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def indicator_grids(institution):
    """The institution's active indicators as grids (four queries, whatever their number)."""
    options = DimensionOption.objects.filter(is_archived=False).order_by("order", "code")
    dimensions = IndicatorDimension.objects.select_related("dimension").prefetch_related(
        Prefetch("dimension__options", queryset=options)
    ).order_by("position")
    rules = ValidationRule.objects.filter(is_active=True).select_related("dimension", "other_indicator")
    indicators = (
        Indicator.objects.for_institution(institution).active()
        .select_related("pillar")
        .prefetch_related(Prefetch("indicator_dimensions", queryset=dimensions), Prefetch("rules", queryset=rules))
        .order_by("order", "code")
    )
    return [
        IndicatorGrid(
            indicator=ind,
            dimensions=[(d.position, d.dimension, list(d.dimension.options.all())) for d in ind.indicator_dimensions.all()],
            rules=list(ind.rules.all()),
        )
        for ind in indicators
    ]


# ---------------------------------------------------------------------------------------------
# Activities
# ---------------------------------------------------------------------------------------------


def report_activities(report):
    """Activities of the period's plan that the institution leads or partners in and that are not archived."""
    return list(
        Activity.objects.of_institution(report.institution)
        .filter(plan_id=report.period.plan_id, is_archived=False)
        .select_related("objective")
        .order_by("sort_key")
    )


def is_delayed(activity, status, period):
    """Derived 'delayed': the deadline passed (by the end of the quarter, or today) and it is not implemented."""
    if not activity.due_on or status in (ProgressStatus.IMPLEMENTED, ProgressStatus.NOT_APPLICABLE):
        return False
    reference = min(timezone.localdate(), period.ends_on)
    return activity.due_on < reference


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
    values: dict  # (indicator id, cell key) → Decimal
    comments: list = field(default_factory=list)
    events: list = field(default_factory=list)

    @property
    def grid_by_id(self):
        return {g.pk: g for g in self.grids}

    @property
    def activity_by_id(self):
        return {a.pk: a for a in self.activities}

    def allowed_cells(self):
        """{input name: (indicator id, key)} of every cell the institution may fill."""
        return {cell_input_name(g.pk, key): (g.pk, key) for g in self.grids for key in g.all_keys()}

    def progress_rows(self):
        rows = []
        for activity in self.activities:
            progress = self.progress.get(activity.pk)
            status = progress.status if progress else ""
            rows.append({
                "activity": activity,
                "progress": progress,
                "delayed": is_delayed(activity, status, self.report.period),
                "comments": [c for c in self.comments if c.activity_id == activity.pk],
            })
        return rows

    def comments_for_indicator(self, indicator_id):
        return [c for c in self.comments if c.indicator_id == indicator_id]

    def general_comments(self):
        return [c for c in self.comments if not c.activity_id and not c.indicator_id]


def report_with_relations(queryset):
    return queryset.select_related("institution", "institution__coordinator", "period", "updated_by", "accepted_by")


def report_data(report, *, with_history=True):
    """Read everything of one report (about ten queries, whatever the number of activities or cells)."""
    grids = indicator_grids(report.institution)
    activities = report_activities(report)
    progress = {p.activity_id: p for p in ActivityProgress.objects.filter(report=report)}
    values = {(i, k): v for i, k, v in StatValue.objects.filter(report=report).values_list("indicator_id", "cell_key", "value")}
    data = ReportData(report=report, activities=activities, progress=progress, grids=grids, values=values)
    if with_history:
        data.comments = list(ReviewComment.objects.filter(report=report).select_related("author"))
        data.events = list(ReportEvent.objects.filter(report=report).select_related("actor").defer("snapshot"))
    return data


def snapshot_of(data):
    """The report's content as plain JSON (for ReportEvent.snapshot on submission)."""
    return {
        "values": {f"{i}|{k}": str(v) for (i, k), v in data.values.items()},
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
        old, new = old_values.get(composite), new_values.get(composite)
        if old is not None and new is not None and Decimal(old) == Decimal(new):
            continue
        indicator_id, key = composite.split("|", 1)
        grid = grids.get(int(indicator_id))
        if grid is None:
            continue
        changes.append({
            "what": grid.indicator, "where": grid.label_for_key(key), "kind": "value",
            "old": None if old is None else plain_number(Decimal(old)),
            "new": None if new is None else plain_number(Decimal(new)),
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
                changes.append({"what": activity, "where": name, "old": before, "new": after, "kind": "progress"})
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


# ---------------------------------------------------------------------------------------------
# Follow-up: boards, queues, overview
# ---------------------------------------------------------------------------------------------


def is_late(*, due_on, first_submitted_at, today):
    """Late: submitted after the due date, or not submitted and the due date has passed."""
    if first_submitted_at is not None:
        return timezone.localtime(first_submitted_at).date() > due_on
    return today > due_on


BOARD_NOT_STARTED = "not_started"


def board(*, institutions, periods, today=None):
    """The status board: for each institution a row of cells, one per period (three queries in all).

    Each cell is a dict: state (a ReportStatus value or 'not_started'), late, waiting_since, report id.
    """
    today = today or timezone.localdate()
    institutions = list(institutions)
    periods = list(periods)
    reports = QuarterlyReport.objects.filter(
        institution__in=[i.pk for i in institutions], period__in=[p.pk for p in periods]
    ).values("pk", "institution_id", "period_id", "status", "first_submitted_at", "submitted_at")
    by_cell = {(r["institution_id"], r["period_id"]): r for r in reports}
    rows = []
    for institution in institutions:
        cells = []
        for period in periods:
            r = by_cell.get((institution.pk, period.pk))
            if period.status == "planned" and r is None:
                cells.append({"state": None, "period": period})
                continue
            state = r["status"] if r else BOARD_NOT_STARTED
            cells.append({
                "state": state,
                "label": ReportStatus(state).label if r else None,
                "late": is_late(due_on=period.due_on, first_submitted_at=r["first_submitted_at"] if r else None,
                                today=today),
                "waiting_since": r["submitted_at"] if r and state == ReportStatus.SUBMITTED else None,
                "report_id": r["pk"] if r else None,
                "period": period,
            })
        rows.append({"institution": institution, "cells": cells})
    return rows


def review_queue(user):
    """Submitted reports this user reviews, the oldest submission first."""
    queryset = report_with_relations(QuarterlyReport.objects.for_user(user)).filter(status=ReportStatus.SUBMITTED)
    if user.is_coordinator:
        queryset = queryset.filter(institution__coordinator=user)
    return queryset.order_by("submitted_at", "pk")


def waiting_too_long(queryset, days, now=None):
    now = now or timezone.now()
    return queryset.filter(status=ReportStatus.SUBMITTED, submitted_at__lt=now - datetime.timedelta(days=days))


def submission_rates(periods, institutions_qs, *, group_by=None):
    """Per period (and per `group_by` value of the institution, e.g. its coordinator): expected, submitted,
    on time, late, accepted, waiting. Aggregated in SQL (one query per call)."""
    period_ids = [p.pk for p in periods]
    filters = Q(quarterly_reports__period_id__in=period_ids)
    key = ["quarterly_reports__period_id"] + ([group_by] if group_by else [])
    submitted = Q(quarterly_reports__first_submitted_at__isnull=False)
    on_time = submitted & Q(quarterly_reports__first_submitted_at__date__lte=F("quarterly_reports__period__due_on"))
    rows = (
        institutions_qs.filter(filters).values(*key)
        .annotate(
            started=Count("quarterly_reports", distinct=True),
            submitted=Count("quarterly_reports", filter=submitted, distinct=True),
            on_time=Count("quarterly_reports", filter=on_time, distinct=True),
            accepted=Count("quarterly_reports", filter=Q(quarterly_reports__status=ReportStatus.ACCEPTED), distinct=True),
            waiting=Count("quarterly_reports", filter=Q(quarterly_reports__status=ReportStatus.SUBMITTED), distinct=True),
            oldest_waiting=Min("quarterly_reports__submitted_at",
                               filter=Q(quarterly_reports__status=ReportStatus.SUBMITTED)),
            last_submitted=Max("quarterly_reports__first_submitted_at"),
        )
        .order_by()
    )
    return {tuple(r[k] for k in key) if group_by else r[key[0]]: r for r in rows}


def open_comments(returned_reports):
    """The review comments of the latest return of these reports: what the institution has to answer."""
    if not returned_reports:
        return []
    condition = Q()
    for report in returned_reports:
        condition |= Q(report_id=report.pk, round=report.times_returned)
    return list(ReviewComment.objects.filter(condition).select_related("report__period", "activity", "indicator", "author"))


# ---------------------------------------------------------------------------------------------
# The change log of one report (from django-simple-history)
# ---------------------------------------------------------------------------------------------


def report_change_log(report, data, limit=1000):
    """Newest first: every recorded change of the report row, its cells and progress rows, with before → after.

    Four queries: the history of each model, read in date order so 'before' is the previous record.
    """
    grids = data.grid_by_id
    activities = data.activity_by_id
    entries = []

    def walk(records, identity, describe, fields):
        last = {}
        for record in records:
            key = identity(record)
            previous = last.get(key)
            for name in fields:
                before = getattr(previous, name) if previous is not None and previous.history_type != "-" else None
                after = getattr(record, name) if record.history_type != "-" else None
                if before == after or (previous is None and after in (None, "")):
                    continue
                what, where = describe(record)
                entries.append({"when": record.history_date, "who": record.history_user, "what": what, "where": where,
                                "field": name, "before": before, "after": after})
            last[key] = record

    def records(model, **filters):
        return model.history.filter(**filters).select_related("history_user").order_by("history_date", "history_id")

    report_records = records(QuarterlyReport, id=report.pk)
    walk(report_records, lambda r: r.id, lambda r: (report, None), ["status", "warning_explanation"])
    value_records = records(StatValue, report_id=report.pk)
    walk(value_records, lambda r: (r.indicator_id, r.cell_key),
         lambda r: (grids[r.indicator_id].indicator if r.indicator_id in grids else r.indicator_id,
                    grids[r.indicator_id].label_for_key(r.cell_key) if r.indicator_id in grids else r.cell_key),
         ["value"])
    progress_records = records(ActivityProgress, report_id=report.pk)
    walk(progress_records, lambda r: r.activity_id,
         lambda r: (activities.get(r.activity_id, r.activity_id), None), ["status", "narrative", "spent"])
    comment_records = records(ReviewComment, report_id=report.pk)
    walk(comment_records, lambda r: r.id, lambda r: (_("Review comment"), None), ["body"])
    entries.sort(key=lambda e: e["when"], reverse=True)
    for entry in entries:
        if entry["field"] in ("value", "spent"):
            entry["before"] = None if entry["before"] is None else plain_number(entry["before"])
            entry["after"] = None if entry["after"] is None else plain_number(entry["after"])
        elif entry["field"] == "status" and entry["what"] is report:
            entry["before"] = ReportStatus(entry["before"]).label if entry["before"] else None
            entry["after"] = ReportStatus(entry["after"]).label if entry["after"] else None
        elif entry["field"] == "status":
            entry["before"] = ProgressStatus(entry["before"]).label if entry["before"] else None
            entry["after"] = ProgressStatus(entry["after"]).label if entry["after"] else None
    return entries[:limit]


# ---------------------------------------------------------------------------------------------
# The home page panel
# ---------------------------------------------------------------------------------------------


def home_panel(user):
    """What needs doing now, per role: a dict for templates/reports/_home_panel_content.html."""
    from django.conf import settings

    from strategy.choices import PeriodStatus

    today = timezone.localdate()
    if user.is_reporter and user.institution_id:
        periods = list(ReportingPeriod.objects.filter(status__in=[PeriodStatus.OPEN, PeriodStatus.CLOSED])
                       .order_by("-year", "-quarter"))
        reports = {r.period_id: r for r in QuarterlyReport.objects.filter(
            institution_id=user.institution_id, period__in=periods)}
        todo = []
        for period in periods:
            report = reports.get(period.pk)
            if report is None and period.status == PeriodStatus.OPEN:
                todo.append({"period": period, "report": None, "overdue": today > period.due_on})
            elif report is not None and report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED):
                if period.status == PeriodStatus.OPEN or report.status == ReportStatus.RETURNED:
                    todo.append({"period": period, "report": report, "overdue": today > period.due_on})
        return {"role": "reporter", "todo": todo}
    if user.is_coordinator or user.is_director:
        queue = review_queue(user)
        waiting = waiting_too_long(queue, settings.REVIEW_WAITING_DAYS)
        past_due = list(ReportingPeriod.objects.filter(status=PeriodStatus.OPEN, due_on__lt=today).values_list("pk", flat=True))
        institutions = Institution.objects.reporting()
        if user.is_coordinator:
            institutions = institutions.filter(coordinator=user)
        overdue = 0
        if past_due:
            expected = institutions.count() * len(past_due)
            done = QuarterlyReport.objects.filter(institution__in=institutions, period__in=past_due,
                                                  first_submitted_at__isnull=False).count()
            overdue = expected - done
        return {"role": "unit", "to_review": queue.count(), "waiting": waiting.count(), "overdue": overdue,
                "oldest": queue.first(), "waiting_days": settings.REVIEW_WAITING_DAYS}
    return None
