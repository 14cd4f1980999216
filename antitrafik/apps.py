from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AntitrafikConfig(AppConfig):
    name = "antitrafik"
    verbose_name = _("Antitrafik")
