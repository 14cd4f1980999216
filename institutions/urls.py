"""URLs of institutions and users."""

from django.urls import path

from . import views
from .twofactor.views import UserSecondFactorResetView

app_name = "institutions"
urlpatterns = [
    path("institutions/", views.InstitutionListView.as_view(), name="institution_list"),
    path("institutions/new/", views.InstitutionCreateView.as_view(), name="institution_create"),
    path("institutions/<int:pk>/", views.InstitutionDetailView.as_view(), name="institution_detail"),
    path("institutions/<int:pk>/edit/", views.InstitutionUpdateView.as_view(), name="institution_update"),
    path("institutions/<int:pk>/deactivate/", views.InstitutionDeactivateView.as_view(), name="institution_deactivate"),
    path("institutions/<int:pk>/reactivate/", views.InstitutionReactivateView.as_view(), name="institution_reactivate"),
    path("institutions/<int:pk>/delete/", views.InstitutionDeleteView.as_view(), name="institution_delete"),
    path("institutions/<int:pk>/history/", views.InstitutionHistoryView.as_view(), name="institution_history"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/new/", views.UserCreateView.as_view(), name="user_create"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/edit/", views.UserUpdateView.as_view(), name="user_update"),
    path("users/<int:pk>/deactivate/", views.UserDeactivateView.as_view(), name="user_deactivate"),
    path("users/<int:pk>/reactivate/", views.UserReactivateView.as_view(), name="user_reactivate"),
    path("users/<int:pk>/send-link/", views.UserSendLinkView.as_view(), name="user_send_link"),
    path("users/<int:pk>/two-step/reset/", UserSecondFactorResetView.as_view(), name="user_second_factor_reset"),
    path("users/<int:pk>/history/", views.UserHistoryView.as_view(), name="user_history"),
    path("security/", views.SecurityLogView.as_view(), name="security_log"),
]
