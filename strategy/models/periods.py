"""Reporting periods: the quarters for which institutions report, with their states."""


from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import (
    PeriodStatus,
)
from ..quarters import quarter_end, quarter_label, quarter_sequence, quarter_start
from .plan import ActionPlan


class ReportingPeriodQuerySet(models.QuerySet):
    def for_user(self, user):
        """The periods this user may see (see antitrafik.policy)."""
        from antitrafik.policy import strategy as strategy_policy

        return strategy_policy.scope_periods(self, user)

    def open(self):
        return self.filter(status=PeriodStatus.OPEN)


class ReportingPeriod(models.Model):
    """A quarter for which institutions report: opens, is due, closes and is locked."""

    plan = models.ForeignKey(ActionPlan, verbose_name=_("action plan"), on_delete=models.PROTECT, related_name="periods")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    opens_on = models.DateField(_("opens on"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.PLANNED)
    history = HistoricalRecords()

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-quarter"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="strategy_reportingperiod_unique_quarter",
                                    violation_error_message=_("This quarter already exists.")),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4),
                                   name="strategy_reportingperiod_quarter_range",
                                   violation_error_message=_("The quarter must be between 1 and 4.")),
            models.CheckConstraint(condition=Q(due_on__gte=models.F("opens_on")),
                                   name="strategy_reportingperiod_due_after_open",
                                   violation_error_message=_("The due date cannot be before the opening date.")),
        ]

    def __str__(self):
        return quarter_label(self.year, self.quarter)

    def get_absolute_url(self):
        return reverse("strategy:period_detail", args=[self.pk])

    @property
    def starts_on(self):
        return quarter_start(self.year, self.quarter)

    @property
    def ends_on(self):
        return quarter_end(self.year, self.quarter)

    @property
    def is_locked(self):
        return self.status == PeriodStatus.LOCKED

    @property
    def sequence(self):
        """A number that grows by one per quarter, for spans and comparisons (see strategy.quarters)."""
        return quarter_sequence(self.year, self.quarter)
