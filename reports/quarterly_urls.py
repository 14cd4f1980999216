"""URLs of quarterly reports, their review and follow-up."""

from django.urls import path

from .views import follow_up, report, spreadsheets

urlpatterns = [
    path("mine/", follow_up.MyReportsView.as_view(), name="my_reports"),
    path("board/", follow_up.BoardView.as_view(), name="board"),
    path("queue/", follow_up.ReviewQueueView.as_view(), name="review_queue"),
    path("overview/", follow_up.OverviewView.as_view(), name="overview"),
    path("period/<int:period_pk>/open/", report.ReportOpenView.as_view(), name="report_open"),
    path("<int:pk>/", report.ReportDetailView.as_view(), name="report_detail"),
    path("<int:pk>/edit/", report.ReportEditView.as_view(), name="report_edit"),
    path("<int:pk>/submit/", report.ReportSubmitView.as_view(), name="report_submit"),
    path("<int:pk>/return/", report.ReportReturnView.as_view(), name="report_return"),
    path("<int:pk>/accept/", report.ReportAcceptView.as_view(), name="report_accept"),
    path("<int:pk>/reopen/", report.ReportReopenView.as_view(), name="report_reopen"),
    path("<int:pk>/history/", report.ReportHistoryView.as_view(), name="report_history"),
    path("<int:pk>/statistics.xlsx", spreadsheets.ReportXlsxView.as_view(), name="report_xlsx"),
    path("<int:pk>/upload/", spreadsheets.ReportUploadView.as_view(), name="report_upload"),
]
