from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # Strategy's pages ask for reported data (activity status, values using an option) through its hooks.
        from antitrafik.warm import at_start

        from . import hooks
        from .committee.services import warm_draft_charts
        from .grid import warm_indicator_grids

        hooks.register()
        at_start(warm_indicator_grids)  # each server process builds the institutions' grids as it starts
        at_start(warm_draft_charts)  # and draws the draft committee reports' charts
