from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AntitrafikConfig(AppConfig):
    name = "antitrafik"
    verbose_name = _("Antitrafik")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from . import checks  # noqa: F401 - registers the deployment checks
        from .middleware import SessionTimeoutMiddleware
        from .versions import after_migrate

        user_logged_in.connect(SessionTimeoutMiddleware.signed_in, dispatch_uid="antitrafik.session_signed_in")
        # Once per migrate, after every app's migrations: every watched table has its triggers (antitrafik.versions).
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="antitrafik.versions")
