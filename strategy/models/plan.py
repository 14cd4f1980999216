"""The national strategy and its action plans: pillar → objective → activity."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antitrafik.links import object_url
from antitrafik.models import bilingual, choice_label

from ..choices import (
    FundingSource,
)
from ..quarters import quarter_end, quarter_label

CODE_RE = re.compile(r"^\d+(\.\d+)*$")
# The code of a dimension's "unknown" option: a one-way table that has it filled accounts for every person.
UNKNOWN_OPTION_CODE = "UNK"


def natural_sort_key(code):
    """A string that sorts codes naturally: '2.1.10' after '2.1.9'."""
    return ".".join(part.zfill(6) if part.isdigit() else part for part in (code or "").split("."))


def validate_code(value):
    if not CODE_RE.match(value or ""):
        raise ValidationError(_("Use numbers separated by dots, e.g. 2.1.3."), code="invalid_code")


class PlanQuerySet(models.QuerySet):
    """Strategies, plans, pillars, objectives, dimensions and validation rules: read by every signed-in user."""

    def for_user(self, user):
        """The rows of the plan this user may read (see antitrafik.policy)."""
        from antitrafik.policy import strategy as strategy_policy

        return strategy_policy.scope_plan(self, user)


class Strategy(models.Model):
    """A national strategy against trafficking, running for several years."""

    title = models.CharField(_("title"), max_length=255)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    history = HistoricalRecords()

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="strategy_strategy_years_ordered",
                violation_error_message=_("The last year cannot be before the first year."),
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.start_year}–{self.end_year})"


class ActionPlan(models.Model):
    """An action plan of a strategy: the tree of pillars, objectives and activities."""

    strategy = models.ForeignKey(Strategy, verbose_name=_("strategy"), on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(_("title"), max_length=255)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    decision = models.CharField(
        _("adopted by"), max_length=255, blank=True,
        help_text=_("The government decision that adopted the plan, e.g. DCM no. 1003, 29.12.2023."),
    )
    history = HistoricalRecords()

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year", "title"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="strategy_actionplan_years_ordered",
                violation_error_message=_("The last year cannot be before the first year."),
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.start_year}–{self.end_year})"

    def get_absolute_url(self):
        return reverse("strategy:plan_overview", args=[self.pk])

    def clean(self):
        if self.strategy_id and self.start_year and self.end_year:
            strategy = self.strategy
            if self.start_year < strategy.start_year or self.end_year > strategy.end_year:
                raise ValidationError(_("The plan's years must fall within the strategy's years."))


class Pillar(models.Model):
    """One of the four Ps of a plan: prevention, protection, prosecution, partnership."""

    plan = models.ForeignKey(ActionPlan, verbose_name=_("action plan"), on_delete=models.PROTECT, related_name="pillars")
    code = models.CharField(_("code"), max_length=10, validators=[validate_code])
    title = models.CharField(_("title"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_archived = models.BooleanField(_("archived"), default=False)
    history = HistoricalRecords()

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order", "code"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"], name="strategy_pillar_unique_code",
                violation_error_message=_("This plan already has a pillar with this code."),
            )
        ]

    def __str__(self):
        return f"{self.code}. {self.label}"

    @property
    def label(self):
        return bilingual(self.title, self.title_en)


class Objective(models.Model):
    """A specific objective of a pillar, coded like 2.1."""

    plan = models.ForeignKey(ActionPlan, verbose_name=_("action plan"), on_delete=models.PROTECT, related_name="objectives")
    pillar = models.ForeignKey(Pillar, verbose_name=_("pillar"), on_delete=models.PROTECT, related_name="objectives")
    code = models.CharField(_("code"), max_length=20, validators=[validate_code])
    sort_key = models.CharField(max_length=120, editable=False, db_index=True)
    title = models.TextField(_("title"))
    title_en = models.TextField(_("title (English)"), blank=True)
    is_archived = models.BooleanField(_("archived"), default=False)
    history = HistoricalRecords()

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "sort_key"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"], name="strategy_objective_unique_code",
                violation_error_message=_("This plan already has an objective with this code."),
            )
        ]

    def __str__(self):
        return f"{self.code} {self.label}"

    @property
    def label(self):
        return bilingual(self.title, self.title_en)

    def save(self, *args, **kwargs):
        self.plan_id = self.pillar.plan_id
        self.sort_key = natural_sort_key(self.code)
        super().save(*args, **kwargs)


class ActivityQuerySet(models.QuerySet):
    def for_user(self, user):
        from antitrafik import policy

        return policy.scope_activities(self, user)

    def of_institution(self, institution):
        """Activities an institution leads or is a partner in."""
        return self.filter(Q(lead_institution=institution) | Q(partners=institution)).distinct()


class Activity(models.Model):
    """An activity (measure) of the action plan, coded like 2.1.3, with its lead and partner institutions."""

    plan = models.ForeignKey(ActionPlan, verbose_name=_("action plan"), on_delete=models.PROTECT, related_name="activities")
    objective = models.ForeignKey(Objective, verbose_name=_("objective"), on_delete=models.PROTECT, related_name="activities")
    code = models.CharField(_("code"), max_length=30, validators=[validate_code])
    sort_key = models.CharField(max_length=180, editable=False, db_index=True)
    description = models.TextField(_("description"))
    description_en = models.TextField(_("description (English)"), blank=True)
    lead_institution = models.ForeignKey(
        "institutions.Institution", verbose_name=_("lead institution"), on_delete=models.PROTECT,
        related_name="led_activities",
    )
    partners = models.ManyToManyField(
        "institutions.Institution", verbose_name=_("partner institutions"), blank=True,
        related_name="partner_activities",
    )
    deadline_date = models.DateField(_("deadline (date)"), null=True, blank=True)
    deadline_quarter = models.PositiveSmallIntegerField(
        _("deadline (quarter)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    deadline_year = models.PositiveSmallIntegerField(
        _("deadline (year)"), null=True, blank=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    due_on = models.DateField(_("due on"), null=True, blank=True, editable=False, db_index=True)
    output_indicator = models.TextField(_("output indicator"), blank=True)
    target = models.CharField(_("target"), max_length=255, blank=True)
    estimated_cost = models.DecimalField(
        _("estimated cost (ALL)"), max_digits=16, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    funding_source = models.CharField(
        _("funding source"), max_length=20, choices=FundingSource.choices, default=FundingSource.NOT_COSTED
    )
    is_archived = models.BooleanField(_("archived"), default=False)
    history = HistoricalRecords(m2m_fields=[partners])

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "sort_key"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"], name="strategy_activity_unique_code",
                violation_error_message=_("This plan already has an activity with this code."),
            ),
            models.CheckConstraint(
                condition=Q(estimated_cost__isnull=True) | Q(estimated_cost__gte=0),
                name="strategy_activity_cost_not_negative",
                violation_error_message=_("The cost cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.description[:80]}"

    @property
    def description_label(self):
        """The description in the active language (Albanian when there is no English one)."""
        return bilingual(self.description, self.description_en)

    def get_absolute_url(self):
        return object_url("strategy:activity_detail", self.pk)

    def get_funding_source_display(self):
        return choice_label(FundingSource, self.funding_source)

    def clean(self):
        if self.deadline_quarter and not self.deadline_year:
            raise ValidationError({"deadline_year": _("A quarter deadline needs a year.")})
        if self.deadline_date and (self.deadline_quarter or self.deadline_year):
            raise ValidationError(_("Give the deadline either as a date or as a quarter/year, not both."))

    def compute_due_on(self):
        """The last day by which the activity is due, whatever form its deadline takes."""
        if self.deadline_date:
            return self.deadline_date
        if self.deadline_year and self.deadline_quarter:
            return quarter_end(self.deadline_year, self.deadline_quarter)
        if self.deadline_year:
            return datetime.date(self.deadline_year, 12, 31)
        return None

    @property
    def deadline_display(self):
        if self.deadline_date:
            return self.deadline_date.strftime("%d.%m.%Y")
        if self.deadline_year and self.deadline_quarter:
            return quarter_label(self.deadline_year, self.deadline_quarter)
        if self.deadline_year:
            return str(self.deadline_year)
        return ""

    def save(self, *args, **kwargs):
        self.plan_id = self.objective.plan_id
        self.sort_key = natural_sort_key(self.code)
        self.due_on = self.compute_due_on()
        super().save(*args, **kwargs)
