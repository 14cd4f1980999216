"""URL configuration of Antitrafik."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views


def admin_patterns():
    """The Django admin at ADMIN_URL where ADMIN_ENABLED (by default only with DEBUG on); elsewhere its pages,
    sign-in included, answer 404. Its sign-in is the application's (password, then the second factor)."""
    if not settings.ADMIN_ENABLED:
        return []
    return [path(f"{settings.ADMIN_URL}login/", views.admin_sign_in), path(settings.ADMIN_URL, admin.site.urls)]


urlpatterns = [
    path("healthz/", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    *admin_patterns(),
    path("", include("institutions.auth_urls")),
    path("", include("institutions.urls")),
    path("plan/", include("strategy.urls")),
    path("reports/", include("reports.urls")),
    path("data/", include("reports.data.urls")),
    path("public/", include("reports.public.urls")),
]

handler400 = "antitrafik.views.error_400"
handler403 = "antitrafik.views.error_403"
handler404 = "antitrafik.views.error_404"
handler500 = "antitrafik.views.error_500"

if settings.DEBUG:
    urlpatterns.append(path("__errors__/500/", views.error_500))
