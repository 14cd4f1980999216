"""URL configuration of Antitrafik."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("healthz/", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("institutions.auth_urls")),
    path("", include("institutions.urls")),
    path("plan/", include("strategy.urls")),
    path("reports/", include("reports.urls")),
    path("data/", include("reports.data.urls")),
]

handler400 = "antitrafik.views.error_400"
handler403 = "antitrafik.views.error_403"
handler404 = "antitrafik.views.error_404"
handler500 = "antitrafik.views.error_500"

if settings.DEBUG:
    urlpatterns.append(path("__errors__/500/", views.error_500))
