"""Follow-up of quarterly reports: the status board, review queues, submission rates, open comments."""

import datetime

from django.db.models import Count, F, Max, Min, Q
from django.utils import timezone

from ..choices import ReportStatus
from ..models import QuarterlyReport, ReviewComment


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
    queryset = QuarterlyReport.objects.for_user(user).reviewed_by(user).with_relations()
    return queryset.filter(status=ReportStatus.SUBMITTED).order_by("submitted_at", "pk")


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
