"""What reports gives strategy's pages through `strategy.hooks` (registered by ReportsConfig.ready)."""

from django.db.models import Q

from strategy import hooks

from .choices import ReportStatus
from .models import ActivityProgress, QuarterlyReport, StatValue
from .secretariat import selectors as secretariat
from .selectors import activity_status


def with_activity_status(queryset, *, today=None, reported_quarter=True):
    """The plan pages' activities with their status and lateness as of `today` (one rule: see activity_status)."""
    return activity_status.with_status(queryset, as_of=activity_status.AsOf.on(today),
                                       reported_quarter=reported_quarter)


def activity_reports(activity, user):
    """What an activity's page shows of the reports: the lead's status, the partners' beside it, and the
    progress rows of the reports this user may see (newest quarter first)."""
    rows = (
        ActivityProgress.objects.filter(activity=activity, report__in=QuarterlyReport.objects.for_user(user))
        .select_related("report", "report__institution", "report__period")
        .order_by("-report__period__year", "-report__period__quarter", "report__institution__code")
    )
    return {"partners": activity_status.partner_statuses(activity), "rows": rows}


def option_values(option):
    """How many reported values use this dimension option (in any of the three option columns)."""
    return StatValue.objects.filter(Q(option_1=option) | Q(option_2=option) | Q(option_3=option)).count()


def indicator_has_values(indicator):
    return bool(indicator.pk) and StatValue.objects.filter(indicator=indicator).exists()


def indicator_breakdown_cells(indicator):
    """Whether reports hold values of the indicator in cross-table cells (several options, keys with '-') and in
    one-way cells (one option)."""
    cells = StatValue.objects.filter(indicator=indicator).exclude(cell_key="")
    return {"cross": cells.filter(cell_key__contains="-").exists(),
            "one_way": cells.exclude(cell_key__contains="-").exists()}


def period_open_reports(period):
    """How many of the period's reports are still being written: drafts and returned reports."""
    return QuarterlyReport.objects.filter(period=period, status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED]).count()


def register():
    hooks.register(
        with_activity_status=with_activity_status,
        filter_activity_status=activity_status.filter_by_status,
        activity_status_choices=activity_status.status_choices,
        activity_status_label=activity_status.status_label,
        activity_reports=activity_reports,
        option_values=option_values,
        indicator_has_values=indicator_has_values,
        indicator_breakdown_cells=indicator_breakdown_cells,
        item_trail=secretariat.item_trail,
        item_accounts=secretariat.item_accounts,
        meeting_committee_reports=secretariat.meeting_committee_reports,
        period_open_reports=period_open_reports,
    )
