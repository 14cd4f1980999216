from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "strategy"
    verbose_name = _("Strategy and action plan")

    def ready(self):
        # A change of an indicator's definition gives the definitions a new version (strategy.definitions).
        from . import definitions  # noqa: F401
