"""Reads of the follow-up of decisions and recommendations in quarterly reports."""

from django.db.models import Q

from antitrafik import policy
from strategy.choices import OPEN_ITEM_STATUSES
from strategy.models import TrackedItem
from strategy.quarters import quarter_label

from .. import workflow
from ..choices import FollowUpStatus, ReportStatus
from ..models import CommitteeReport, ItemFollowUp, QuarterlyReport


def report_items(report):
    """The items the report follows up: while the institution can still change the report, every open item
    assigned to it (lead or partner) and those it already reported on; afterwards, those it reported on."""
    items = TrackedItem.objects.assigned_to(report.institution_id)
    reported = Q(follow_ups__report=report)
    if report.status in workflow.EDITABLE_STATUSES:
        items = items.filter(Q(status__in=OPEN_ITEM_STATUSES) | reported)
    else:
        items = items.filter(reported)
    return items.distinct().select_related("lead_institution", "meeting").order_by(
        "deadline", "pk")


def follow_up_rows(report):
    """[(item, its follow-up in this report or None)] in two queries."""
    items = list(report_items(report))
    stored = {f.item_id: f for f in ItemFollowUp.objects.filter(report=report)}
    return [(item, stored.get(item.pk)) for item in items]


def missing_follow_ups(report):
    """The items of the report without a status or without an account: the report cannot be submitted."""
    return [item for item, follow_up in follow_up_rows(report)
            if follow_up is None or not follow_up.status or not follow_up.account.strip()]


def _row(follow_up, *, linked):
    report = follow_up.report
    return {
        "label": quarter_label(report.period.year, report.period.quarter),
        "institution": report.institution.code,
        "status": follow_up.status,
        "status_label": FollowUpStatus(follow_up.status).label if follow_up.status else "–",
        "account": follow_up.account,
        "report_status_label": ReportStatus(report.status).label,
        "report_url": report.get_absolute_url() if linked else "",
    }


def item_trail(item, user):
    """What was reported on the item, quarter by quarter: the reports this user may open (linked), and for the
    readers of the Committee's work (the unit, committee members) the accepted ones too."""
    visible = set(QuarterlyReport.objects.for_user(user).values_list("pk", flat=True).filter(
        item_follow_ups__item=item))
    rows = ItemFollowUp.objects.filter(item=item).select_related("report__period", "report__institution").order_by(
        "report__period__year", "report__period__quarter", "report__institution__code")
    if not policy.can(user, "secretariat.meetings"):
        rows = rows.filter(report__in=visible)
    else:
        rows = rows.filter(Q(report__in=visible) | Q(report__status=ReportStatus.ACCEPTED))
    return [_row(f, linked=f.report_id in visible) for f in rows]


def item_accounts(item_ids):
    """{item id: the latest accepted account on it (quarter, institution, status, text)} in one query."""
    rows = (ItemFollowUp.objects.filter(item_id__in=item_ids, report__status=ReportStatus.ACCEPTED)
            .exclude(status="").select_related("report__period", "report__institution")
            .order_by("item_id", "-report__period__year", "-report__period__quarter", "report__institution__code"))
    accounts = {}
    for follow_up in rows:
        if follow_up.item_id not in accounts:
            row = _row(follow_up, linked=False)
            row["label"] = f"{row['label']} · {row['institution']}"
            accounts[follow_up.item_id] = row
    return accounts


def meeting_committee_reports(meeting, user):
    """The committee reports presented at the meeting that this user may see."""
    reports = CommitteeReport.objects.for_user(user).filter(presentations__meeting=meeting).order_by("-created_at")
    return [{"title": str(r), "url": r.get_absolute_url()} for r in reports]
