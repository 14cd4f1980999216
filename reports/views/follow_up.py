"""Following up quarterly reports: the reporter's own reports, the status board, the review queue and the
director's overview."""

import datetime

from django.conf import settings
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from antitrafik import policy
from antitrafik.kept_pages import MINUTE
from antitrafik.policy import PolicyMixin
from institutions.models import Institution, User
from strategy.models import ReportingPeriod

from ..choices import ReportStatus
from ..forms import BoardFilterForm
from ..models import QuarterlyReport
from ..selectors.follow_up import (
    board,
    open_comments,
    periods_in_use,
    reporter_reports,
    review_queue,
    submission_rates,
    waiting_too_long,
)


class MyReportsView(PolicyMixin, View):
    """The reporter's page: this quarter's report, its state and due date, comments to answer, past reports."""

    permission = "report.mine"

    def get(self, request):
        institution = request.user.institution
        rows = reporter_reports(institution)
        returned = [r for r in rows["reports"] if r.status == ReportStatus.RETURNED]
        return render(request, "reports/my_reports.html", {
            "institution": institution, "current": rows["current"], "comments": open_comments(returned),
            "past": rows["past"],
        })


class BoardView(PolicyMixin, View):
    """Portfolio × periods status board (the coordinator's portfolio; the director sees every institution)."""

    permission = "report.board"
    keep_page = True
    keep_resolution = MINUTE  # the queue under the board says how long each report has waited

    def get(self, request):
        user = request.user
        years = list(ReportingPeriod.objects.order_by("-year").values_list("year", flat=True).distinct())
        form = BoardFilterForm(request.GET or None, user=user, years=years)
        filters = form.cleaned_data if form.is_valid() else {}
        institutions = policy.scope_portfolio(Institution.objects.for_user(user).reporting(), user)
        if filters.get("coordinator"):
            institutions = institutions.filter(coordinator=filters["coordinator"])
        periods = periods_in_use(filters.get("year"))
        rows = board(institutions=institutions.select_related("coordinator"), periods=periods)
        state = filters.get("state")
        if state:
            rows = [r for r in rows if any(_cell_matches(c, state) for c in r["cells"])]
            for row in rows:
                for cell in row["cells"]:
                    cell["dimmed"] = not _cell_matches(cell, state)
        return render(request, "reports/board.html", {
            "form": form, "rows": rows, "periods": periods, "queue": list(review_queue(user)[:50]),
            "waiting_days": settings.REVIEW_WAITING_DAYS,
        })


def _cell_matches(cell, state):
    if cell.get("state") is None:
        return False
    if state == "late":
        return cell["late"]
    return cell["state"] == state


class ReviewQueueView(PolicyMixin, View):
    """Reports waiting for this user's review, the oldest submission first."""

    permission = "report.queue"

    def get(self, request):
        queue = list(review_queue(request.user))
        limit = timezone.now() - datetime.timedelta(days=settings.REVIEW_WAITING_DAYS)
        return render(request, "reports/review_queue.html", {"queue": queue, "limit": limit,
                                                             "waiting_days": settings.REVIEW_WAITING_DAYS})


class OverviewView(PolicyMixin, View):
    """The director's overview: submission rates and timeliness per period and per coordinator; long waits."""

    permission = "report.overview"

    def get(self, request):
        periods = periods_in_use()
        institutions = Institution.objects.for_user(request.user).reporting()
        expected = institutions.count()
        per_period = submission_rates(periods, institutions)
        per_coordinator = submission_rates(periods, institutions, group_by="coordinator_id")
        coordinators = list(User.objects.filter(Q(portfolio__in=institutions)).distinct()
                            .annotate(institutions=Count("portfolio", filter=Q(portfolio__in=institutions), distinct=True)))
        unassigned = institutions.filter(coordinator__isnull=True).count()
        period_rows = [_rate_row(p, per_period.get(p.pk), expected) for p in reversed(periods)]
        coordinator_rows = []
        for coordinator in coordinators:
            coordinator_rows.append({
                "coordinator": coordinator,
                "cells": [_rate_row(p, per_coordinator.get((p.pk, coordinator.pk)), coordinator.institutions)
                          for p in reversed(periods)],
            })
        waiting = waiting_too_long(
            QuarterlyReport.objects.for_user(request.user).with_relations(), settings.REVIEW_WAITING_DAYS
        ).order_by("submitted_at")
        return render(request, "reports/overview.html", {
            "period_rows": period_rows, "coordinator_rows": coordinator_rows, "periods": list(reversed(periods)),
            "waiting": list(waiting), "waiting_days": settings.REVIEW_WAITING_DAYS, "expected": expected,
            "unassigned": unassigned,
        })


def _rate_row(period, row, expected):
    row = row or {}
    submitted = row.get("submitted", 0)
    on_time = row.get("on_time", 0)
    return {
        "period": period, "expected": expected, "started": row.get("started", 0), "submitted": submitted,
        "on_time": on_time, "late": submitted - on_time, "accepted": row.get("accepted", 0),
        "waiting": row.get("waiting", 0), "oldest_waiting": row.get("oldest_waiting"),
        "rate": round(100 * submitted / expected) if expected else None,
        "on_time_rate": round(100 * on_time / expected) if expected else None,
    }
