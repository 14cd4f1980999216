"""URLs of quarterly reports, their review and follow-up."""

from django.urls import path

from . import views

urlpatterns = [
    path("mine/", views.MyReportsView.as_view(), name="my_reports"),
    path("board/", views.BoardView.as_view(), name="board"),
    path("queue/", views.ReviewQueueView.as_view(), name="review_queue"),
    path("overview/", views.OverviewView.as_view(), name="overview"),
    path("period/<int:period_pk>/open/", views.ReportOpenView.as_view(), name="report_open"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("<int:pk>/edit/", views.ReportEditView.as_view(), name="report_edit"),
    path("<int:pk>/submit/", views.ReportSubmitView.as_view(), name="report_submit"),
    path("<int:pk>/return/", views.ReportReturnView.as_view(), name="report_return"),
    path("<int:pk>/accept/", views.ReportAcceptView.as_view(), name="report_accept"),
    path("<int:pk>/reopen/", views.ReportReopenView.as_view(), name="report_reopen"),
    path("<int:pk>/history/", views.ReportHistoryView.as_view(), name="report_history"),
    path("<int:pk>/statistics.xlsx", views.ReportXlsxView.as_view(), name="report_xlsx"),
    path("<int:pk>/upload/", views.ReportUploadView.as_view(), name="report_upload"),
]
