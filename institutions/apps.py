from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def record_last_login(sender, user, **kwargs):
    """Store the time of sign-in without a save(): a sign-in is not a change of the user's record (history)."""
    from django.utils import timezone

    user.last_login = timezone.now()
    type(user)._default_manager.filter(pk=user.pk).update(last_login=user.last_login)


class InstitutionsConfig(AppConfig):
    name = "institutions"
    verbose_name = _("Institutions and users")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.disconnect(dispatch_uid="update_last_login")
        user_logged_in.connect(record_last_login, dispatch_uid="record_last_login")

        from .security import signals

        signals.connect()
