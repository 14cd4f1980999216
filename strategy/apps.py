from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "strategy"
    verbose_name = _("Strategy and action plan")

    def ready(self):
        # The definitions' tables are watched by a version of their own (strategy.definitions).
        from . import definitions  # noqa: F401
