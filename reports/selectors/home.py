"""The home page's "what needs doing now" panel, per role."""

from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone

from antitrafik import policy
from institutions.models import Institution
from strategy.models import Activity
from strategy.selectors import current_plan

from ..choices import CommitteeReportStatus
from ..models import CommitteeReport, QuarterlyReport
from ..workflow import EDITABLE_STATUSES, open_to_reporter
from .activity_status import AsOf, with_status
from .follow_up import is_due, not_submitted, periods_in_use, review_queue, waiting_too_long_q


def late_activities(plan, *, lead=None, today=None):
    """How many activities of `plan` (led by `lead`, if given) are late today: the one rule of activity_status."""
    if plan is None:
        return 0
    activities = Activity.objects.filter(plan=plan)
    if lead is not None:
        activities = activities.led_by(lead)
    return with_status(activities, as_of=AsOf.on(today), reported_quarter=False).filter(is_late=True).count()


def home_panel(user):
    """What needs doing now: a dict for templates/reports/_home_panel_content.html, whose `kind` says which
    panel: 'reporter' (the reports to fill), 'unit' (the reports to review, the ones not submitted) or
    'committee' (the finalised committee reports to read, newest first)."""
    today = timezone.localdate()
    if policy.can(user, "report.mine") and user.institution_id:
        periods = periods_in_use()
        reports = {r.period_id: r for r in QuarterlyReport.objects.filter(
            institution_id=user.institution_id, period__in=periods)}
        todo, missing = [], []
        for period in reversed(periods):  # the newest first
            report = reports.get(period.pk)
            if open_to_reporter(period, report) and (report is None or report.status in EDITABLE_STATUSES):
                todo.append({"period": period, "report": report, "overdue": today > period.due_on})
            elif report is None and is_due(period, today):
                missing.append(period)  # the period closed without the report: it stays visible
        plan = current_plan(user, today)
        return {"kind": "reporter", "todo": todo, "missing": missing, "plan": plan,
                "late_activities": late_activities(plan, lead=user.institution_id, today=today)}
    if policy.can(user, "report.queue"):
        queue = review_queue(user).aggregate(  # one query for the three figures of the queue
            to_review=Count("pk"), waiting=Count("pk", filter=waiting_too_long_q(settings.REVIEW_WAITING_DAYS)),
            oldest_submitted_at=Min("submitted_at"),
        )
        institutions = policy.scope_portfolio(Institution.objects.reporting(), user)
        plan = current_plan(user, today)
        return {"kind": "unit", **queue,
                "overdue": not_submitted(institutions, periods_in_use(), today=today),
                "waiting_days": settings.REVIEW_WAITING_DAYS,
                "plan": plan, "late_activities": late_activities(plan, today=today)}
    if policy.can(user, "committee.list"):
        return {"kind": "committee", "committee_reports": finalised_committee_reports(user)}
    return None


def finalised_committee_reports(user, limit=10):
    """The current (finalised, not superseded) committee reports this user may read, the newest first."""
    return list(
        CommitteeReport.objects.for_user(user).filter(status=CommitteeReportStatus.FINAL).with_people()
        .order_by("-finalised_at", "-pk")[:limit]
    )
