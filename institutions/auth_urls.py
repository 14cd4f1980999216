"""URLs of sign-in (with its second step), one's own account and the home page.

Not namespaced: Django's auth views reverse them by bare name."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import StrongSetPasswordForm
from .twofactor import views as two_step

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", two_step.SecondStepView.as_view(), name="login_code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        form_class=StrongSetPasswordForm), name="password_reset_confirm"),
    path("password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("account/", two_step.AccountView.as_view(), name="account"),
    path("account/two-step/setup/", two_step.EnrolView.as_view(), name="second_factor_enrol"),
    path("account/two-step/recovery-codes/", two_step.RecoveryCodesView.as_view(), name="second_factor_recovery_codes"),
    path("account/two-step/switch-off/", two_step.DisableView.as_view(), name="second_factor_disable"),
]
