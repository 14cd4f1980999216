"""URLs of the follow-up of decisions and recommendations in reports (included in the 'reports' namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/follow-up/", views.ReportFollowUpView.as_view(), name="report_follow_up"),
    path("committee/<int:pk>/presented/", views.CommitteePresentView.as_view(), name="committee_present"),
    path("committee/<int:pk>/recommendation-item/", views.CommitteeRecommendationItemView.as_view(),
         name="committee_recommendation_item"),
]
