"""The home page's "what needs doing now" panel, per role."""


from django.utils import timezone

from antitrafik import policy
from institutions.models import Institution
from strategy.models import ReportingPeriod

from ..choices import ReportStatus
from ..models import QuarterlyReport
from .follow_up import review_queue, waiting_too_long


def home_panel(user):
    """What needs doing now: a dict for templates/reports/_home_panel_content.html, whose `kind` says which
    panel: 'reporter' (the reports to fill) or 'unit' (the reports to review, the ones overdue)."""
    from django.conf import settings

    from strategy.choices import PeriodStatus

    today = timezone.localdate()
    if policy.can(user, "report.mine") and user.institution_id:
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
        return {"kind": "reporter", "todo": todo}
    if policy.can(user, "report.queue"):
        queue = review_queue(user)
        waiting = waiting_too_long(queue, settings.REVIEW_WAITING_DAYS)
        past_due = list(ReportingPeriod.objects.filter(status=PeriodStatus.OPEN, due_on__lt=today).values_list("pk", flat=True))
        institutions = policy.scope_portfolio(Institution.objects.reporting(), user)
        overdue = 0
        if past_due:
            expected = institutions.count() * len(past_due)
            done = QuarterlyReport.objects.filter(institution__in=institutions, period__in=past_due,
                                                  first_submitted_at__isnull=False).count()
            overdue = expected - done
        return {"kind": "unit", "to_review": queue.count(), "waiting": waiting.count(), "overdue": overdue,
                "oldest": queue.first(), "waiting_days": settings.REVIEW_WAITING_DAYS}
    return None
