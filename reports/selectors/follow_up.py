"""Follow-up of quarterly reports: the status board, the reporter's reports, review queues, submission rates,
open comments.

Missing means one thing everywhere (board, My reports, home pages): a period is *due* once its due date has
passed or it is closed or locked, and an institution without a report for a due period has *not submitted*
it, however long ago the period closed. Before a period is due nothing is missing: a report not begun is
*not started*.
"""

import datetime

from django.db.models import Count, F, Max, Min, Q, Subquery
from django.utils import timezone

from strategy.choices import PeriodStatus
from strategy.models import ReportingPeriod
from strategy.quarters import quarter_sequence

from ..choices import ReportStatus
from ..models import QuarterlyReport, ReviewComment
from ..workflow import open_to_reporter


def is_late(*, due_on, first_submitted_at, today, tz=None):
    """Late: submitted after the due date, or not submitted and the due date has passed. The day of submission
    is taken in `tz` (default: the current time zone; a caller judging many reports passes it once)."""
    if first_submitted_at is not None:
        return timezone.localtime(first_submitted_at, tz).date() > due_on
    return today > due_on


def is_due(period, today):
    """Whether a report for `period` is due: its due date has passed, or the period is closed or locked."""
    return today > period.due_on or period.status in (PeriodStatus.CLOSED, PeriodStatus.LOCKED)


BOARD_NOT_STARTED = "not_started"
NOT_SUBMITTED = "missing"  # no report for a due period


def periods_in_use(year=None, *, last=12):
    """The periods the follow-up pages show, oldest first: open and closed ones, and locked ones from the first
    quarter that holds a report on (not the years before the application was used); the last `last` of them,
    or those of one year. One query."""
    sequence = quarter_sequence(F("year"), F("quarter"))
    first_used = (
        ReportingPeriod.objects.filter(reports__isnull=False).annotate(seq=sequence).order_by("seq").values("seq")[:1]
    )
    periods = (
        ReportingPeriod.objects.exclude(status=PeriodStatus.PLANNED)
        .annotate(seq=sequence)
        .filter(Q(status__in=[PeriodStatus.OPEN, PeriodStatus.CLOSED]) | Q(seq__gte=Subquery(first_used)))
        .order_by("-year", "-quarter")
    )
    if year:
        return list(periods.filter(year=year))[::-1]
    return list(periods[:last])[::-1]


def board(*, institutions, periods, today=None):
    """The status board: for each institution a row of cells, one per period (three queries in all).

    Each cell is a dict: state (a ReportStatus value, 'missing' when a due report is not there, 'not_started'
    before it is due), late, waiting_since, report id.
    """
    today = today or timezone.localdate()
    institutions = list(institutions)
    periods = list(periods)
    reports = QuarterlyReport.objects.filter(
        institution__in=[i.pk for i in institutions], period__in=[p.pk for p in periods]
    ).values("pk", "institution_id", "period_id", "status", "first_submitted_at", "submitted_at")
    by_cell = {(r["institution_id"], r["period_id"]): r for r in reports}
    tz = timezone.get_current_timezone()
    labels = {state: ReportStatus(state).label for state in ReportStatus.values}
    # What a period's column says of an institution without a report in it: nothing yet (planned), missing once
    # the report is due, not started before.
    columns = [(period, period.pk, period.status == "planned",
                NOT_SUBMITTED if is_due(period, today) else BOARD_NOT_STARTED) for period in periods]
    rows = []
    for institution in institutions:
        cells = []
        institution_id = institution.pk
        for period, period_id, planned, absent in columns:
            r = by_cell.get((institution_id, period_id))
            if r is None:
                cells.append({"state": None, "period": period} if planned else {
                    "state": absent, "label": None,
                    "late": is_late(due_on=period.due_on, first_submitted_at=None, today=today),
                    "waiting_since": None, "report_id": None, "period": period,
                })
                continue
            state = r["status"]
            cells.append({
                "state": state,
                "label": labels[state],
                "late": is_late(due_on=period.due_on, first_submitted_at=r["first_submitted_at"], today=today, tz=tz),
                "waiting_since": r["submitted_at"] if state == ReportStatus.SUBMITTED else None,
                "report_id": r["pk"],
                "period": period,
            })
        rows.append({"institution": institution, "cells": cells})
    return rows


def review_queue(user):
    """Submitted reports this user reviews, the oldest submission first."""
    queryset = QuarterlyReport.objects.for_user(user).reviewed_by(user).with_relations()
    return queryset.filter(status=ReportStatus.SUBMITTED).order_by("submitted_at", "pk")


def waiting_too_long_q(days, now=None):
    """The condition 'submitted and waiting for review for more than `days` days'."""
    now = now or timezone.now()
    return Q(status=ReportStatus.SUBMITTED, submitted_at__lt=now - datetime.timedelta(days=days))


def waiting_too_long(queryset, days, now=None):
    return queryset.filter(waiting_too_long_q(days, now))


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


def reporter_reports(institution, *, today=None):
    """The reporter's page: `current` (the periods it can still work in: workflow.open_to_reporter) and
    `past` (every other period in use, newest first: its report, or 'not submitted' when it is due and there
    is none). Rows are dicts: period, report (or None), late. Two queries."""
    today = today or timezone.localdate()
    reports = list(QuarterlyReport.objects.filter(institution=institution).with_relations()
                   .annotate(comment_count=Count("comments")).order_by("-period__year", "-period__quarter"))
    by_period = {r.period_id: r for r in reports}
    current, past = [], []
    for period in reversed(periods_in_use(last=None)):
        report = by_period.pop(period.pk, None)
        row = {"period": period, "report": report,
               "late": is_late(due_on=period.due_on, first_submitted_at=report.first_submitted_at if report else None,
                               today=today)}
        if open_to_reporter(period, report):
            current.append(row)
        elif report is not None or is_due(period, today):
            past.append(row)
    past += [{"period": r.period, "report": r, "late": False} for r in by_period.values()]  # outside the periods shown
    past.sort(key=lambda row: (row["period"].year, row["period"].quarter), reverse=True)
    return {"current": current, "past": past, "reports": reports}


def not_submitted(institutions, periods, *, today=None):
    """How many reports of these institutions for the due ones of these periods were never submitted (a draft
    or no report at all). One query (plus one to count the institutions)."""
    today = today or timezone.localdate()
    due = [p.pk for p in periods if is_due(p, today)]
    if not due:
        return 0
    submitted = QuarterlyReport.objects.filter(institution__in=institutions, period__in=due,
                                               first_submitted_at__isnull=False).count()
    return institutions.count() * len(due) - submitted
