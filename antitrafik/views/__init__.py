"""Project-wide views: health check and error pages."""

from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from antitrafik.tasks import queue_health


@never_cache
def healthz(request):
    """200 when the database answers (503 when it does not), with the task queue's state.

    The body says only what a monitor needs: the overall state ("ok", or "degraded" when tasks wait longer
    than TASK_QUEUE_DEGRADED_AFTER: no worker is running or it cannot keep up) and how long the oldest
    waiting task has waited, in seconds. A degraded queue still answers 200: the web server itself serves.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        state, age = queue_health()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse(f"{state}\ntasks: {state}\noldest waiting task: {age} s\n", content_type="text/plain")


def error_400(request, exception=None):
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)


def admin_sign_in(request):
    """The admin's sign-in page is the application's, so that the admin too asks for the second factor."""
    from django.conf import settings
    from django.contrib.auth.views import redirect_to_login

    return redirect_to_login(request.GET.get("next") or "/" + settings.ADMIN_URL)
