"""Admin of quarterly reports: read-only for the system administrator.

Reports have a workflow, period locks and an audit trail, so the admin never writes them: changes go
through the application's pages and services. (Even so, a write would meet the lock guards of the
model layer.)
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from .models import ActivityProgress, QuarterlyReport, ReminderLog, ReportEvent, ReviewComment, StatValue


class ReadOnlyMixin:
    """No add, change or delete: the admin only shows."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyHistoryAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """The history pages of SimpleHistoryAdmin, without its "revert": a POST to a past version would save it.

    simple_history checks only the view permission before saving a reverted version, so the
    read-only permissions above do not stop it; this does.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False


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


# The committee reports' admin builds on the classes above, so it is registered last.
from .committee import admin as committee_admin  # noqa: E402, F401
