"""URLs of committee reports (included in the 'reports' namespace)."""

from django.urls import path

from reports.models.committee import DownloadFormat

from . import views

urlpatterns = [
    path("committee/", views.CommitteeReportListView.as_view(), name="committee_list"),
    path("committee/new/", views.CommitteeReportCreateView.as_view(), name="committee_create"),
    path("committee/<int:pk>/", views.CommitteeReportDetailView.as_view(), name="committee_detail"),
    path("committee/<int:pk>/texts/", views.CommitteeReportEditView.as_view(), name="committee_edit"),
    path("committee/<int:pk>/finalise/", views.CommitteeReportFinaliseView.as_view(), name="committee_finalise"),
    path("committee/<int:pk>/draft-pdf/", views.CommitteeReportDraftPdfView.as_view(), name="committee_draft_pdf"),
    path("committee/<int:pk>/task/", views.CommitteeReportTaskView.as_view(), name="committee_task"),
    path("committee/<int:pk>/new-version/", views.CommitteeReportSupersedeView.as_view(), name="committee_supersede"),
    path("committee/<int:pk>/pdf/", views.CommitteeReportDownloadView.as_view(format=DownloadFormat.PDF),
         name="committee_pdf"),
    path("committee/<int:pk>/xlsx/", views.CommitteeReportDownloadView.as_view(format=DownloadFormat.XLSX),
         name="committee_xlsx"),
    path("committee/<int:pk>/csv/", views.CommitteeReportDownloadView.as_view(format=DownloadFormat.CSV),
         name="committee_csv"),
]
