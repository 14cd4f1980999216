from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AntitrafikConfig(AppConfig):
    name = "antitrafik"
    verbose_name = _("Antitrafik")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401 - registers the deployment checks
        from .middleware import SessionTimeoutMiddleware

        user_logged_in.connect(SessionTimeoutMiddleware.signed_in, dispatch_uid="antitrafik.session_signed_in")
