"""URLs for the error-page tests: the application's, plus views that fail."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path

from antitrafik.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def fail(request):
    raise RuntimeError("internal detail that must not leak: db password hunter2")


def suspicious(request):
    raise SuspiciousOperation("internal detail that must not leak")


urlpatterns = [path("test-fail/", fail), path("test-suspicious/", suspicious), *urlpatterns]
