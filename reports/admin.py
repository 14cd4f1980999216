"""Admin of quarterly reports: read-only for the system administrator.

Reports have a workflow, period locks and an audit trail, so the admin never writes them: changes go
through the application's pages and services. (Even so, a write would meet the lock guards of the
model layer.)
"""

from django.contrib import admin

from antitrafik.admin import ReadOnlyHistoryAdmin, ReadOnlyInline, ReadOnlyMixin

from .committee import admin as committee_admin  # noqa: F401  (registers the committee reports' admin)
from .models import ActivityProgress, QuarterlyReport, ReminderLog, ReportEvent, ReviewComment, StatValue


class ProgressInline(ReadOnlyInline):
    model = ActivityProgress
    fields = ["activity", "status", "narrative", "spent"]
    readonly_fields = fields


class ValueInline(ReadOnlyInline):
    model = StatValue
    fields = ["indicator", "cell_key", "value", "is_lower_bound"]
    readonly_fields = fields


class CommentInline(ReadOnlyInline):
    model = ReviewComment
    fields = ["author", "round", "activity", "indicator", "body", "created_at"]
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = ReportEvent
    fields = ["at", "kind", "actor", "note"]
    readonly_fields = fields


@admin.register(QuarterlyReport)
class QuarterlyReportAdmin(ReadOnlyHistoryAdmin):
    list_display = ["institution", "period", "status", "submitted_at", "accepted_at", "version"]
    list_filter = ["status", "period"]
    search_fields = ["institution__code", "institution__name"]
    list_select_related = ["institution", "period"]
    inlines = [ProgressInline, ValueInline, CommentInline, EventInline]
    actions = None


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["sent_at", "kind", "report_institution", "period", "recipient"]
    list_filter = ["kind"]
    actions = None
