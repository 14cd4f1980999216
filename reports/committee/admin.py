"""Admin of committee reports: read-only for the system administrator.

A committee report is compiled, edited, finalised and superseded through the application's services
(which keep its audit and its frozen figures); the admin only shows it and its download log.
"""

from django.contrib import admin

from antitrafik.admin import ReadOnlyHistoryAdmin, ReadOnlyMixin
from reports.models import CommitteeReport, CommitteeReportDownload


@admin.register(CommitteeReport)
class CommitteeReportAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "version", "language", "span_kind", "status", "created_by", "finalised_at"]
    list_filter = ["status", "language", "span_kind"]
    search_fields = ["title"]
    list_select_related = ["created_by"]
    exclude = ["frozen_pdf", "frozen_figures"]
    actions = None


@admin.register(CommitteeReportDownload)
class CommitteeReportDownloadAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["at", "report", "user", "format"]
    list_filter = ["format"]
    list_select_related = ["report", "user"]
    actions = None
