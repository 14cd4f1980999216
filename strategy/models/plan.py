"""The national strategy and its action plans: pillar → objective → activity."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antitrafik.links import object_url
from antitrafik.models import bilingual, choice_label

from .. import deadlines
from ..choices import (
    FundingSource,
)

# A code as plans write it: parts joined by dots, each digits and/or letters (a Roman numeral is letters),
# optionally in brackets: 2.1.3, A.1, IV.2, I.(d).(ii), C.1, 3a. No spaces, no empty part.
CODE_PART = r"(?:[0-9A-Za-z]{1,12}|\([0-9A-Za-z]{1,12}\))"
CODE_RE = re.compile(rf"^{CODE_PART}(?:\.{CODE_PART})*$")
ROMAN_RE = re.compile(r"^X{0,3}(?:IX|IV|V?I{0,3})$")
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
CODE_RUN_RE = re.compile(r"\d+|[^\d]+")
# The code of a dimension's "unknown" option: a one-way table that has it filled accounts for every person.
UNKNOWN_OPTION_CODE = "UNK"


def roman_value(text):
    """The value of a Roman numeral made of I, V and X (1–39), or None: 'IV' → 4, 'ii' → 2, 'C' → None.

    Only I, V and X count as numerals: plans number pillars and sub-points up to a few dozen, and C, D, L
    and M are letters in codes like C.1."""
    upper = text.upper()
    if not upper or not ROMAN_RE.match(upper):
        return None
    total = 0
    for index, char in enumerate(upper):
        value = ROMAN_VALUES[char]
        following = ROMAN_VALUES[upper[index + 1]] if index + 1 < len(upper) else 0
        total += -value if value < following else value
    return total


def _part_key(part):
    """One part of a code as a sortable string: numbers by value ('1' + 6 digits), Roman numerals by value
    after the numbers ('2' + 6 digits), letters alphabetically after both ('3' + the letters, case ignored);
    brackets do not count. A part that mixes digits and letters ('3a') sorts run by run."""
    bare = part.strip("()")
    value = roman_value(bare)
    if value is not None:
        return f"2{value:06d}"
    return "".join(f"1{int(run):06d}" if run.isdigit() else f"3{run.casefold()}" for run in CODE_RUN_RE.findall(bare))


def natural_sort_key(code):
    """A string that sorts codes naturally: '2.1.10' after '2.1.9', 'IX' before 'X', 'A.2' before 'B.1',
    'I.(d).(ii)' before 'I.(d).(iv)'."""
    return ".".join(_part_key(part) for part in (code or "").split("."))


CODE_MESSAGE = _("Write the code as the plan does: parts joined by dots, each part digits, letters or a Roman "
                 "numeral, optionally in brackets, without spaces (e.g. 2.1.3, A.1, IV.2, I.(d).(ii)).")


def validate_code(value):
    """A code as plans write it (see CODE_RE)."""
    if not CODE_RE.match(value or ""):
        raise ValidationError(CODE_MESSAGE, code="invalid_code")


def clean_code(text):
    """A code as typed or imported: without the spaces around it and a final dot ('2.' is pillar 2)."""
    text = (text or "").strip()
    return text[:-1] if text.endswith(".") and len(text) > 1 else text


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
    sort_key = models.CharField(max_length=60, editable=False, db_index=True, default="")
    title = models.CharField(_("title"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_archived = models.BooleanField(_("archived"), default=False)
    history = HistoricalRecords()

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order", "sort_key"]
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

    def save(self, *args, **kwargs):
        self.sort_key = natural_sort_key(self.code)
        super().save(*args, **kwargs)


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
        """Activities an institution leads (coordinating or not) or is a partner in."""
        return self.filter(led_by_q(institution) | Q(Exists(
            Activity.partners.through.objects.filter(activity=OuterRef("pk"), institution=institution))))

    def led_by(self, institution):
        """Activities an institution leads: as the coordinating lead or as one of the other leads."""
        return self.filter(led_by_q(institution))


def led_by_q(institution):
    """The condition 'led by `institution`' (an institution, its id or an OuterRef) on activities: as the
    coordinating lead or as one of the other leads."""
    return Q(lead_institution=institution) | Q(Exists(
        Activity.co_leads.through.objects.filter(activity=OuterRef("pk"), institution=institution)))


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
        help_text=_("The institution that coordinates the activity (the first lead the plan names)."),
    )
    co_leads = models.ManyToManyField(
        "institutions.Institution", verbose_name=_("other lead institutions"), blank=True,
        related_name="co_led_activities",
        help_text=_("Other institutions the plan names as responsible: each reports on the activity as a lead."),
    )
    partners = models.ManyToManyField(
        "institutions.Institution", verbose_name=_("partner institutions"), blank=True,
        related_name="partner_activities",
    )
    deadline_date = models.DateField(_("deadline (date)"), null=True, blank=True)
    deadline_month = models.PositiveSmallIntegerField(
        _("deadline (month)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    deadline_quarter = models.PositiveSmallIntegerField(
        _("deadline (quarter)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    deadline_year = models.PositiveSmallIntegerField(
        _("deadline (year)"), null=True, blank=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    deadline_start_year = models.PositiveSmallIntegerField(
        _("deadline range (first year)"), null=True, blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    deadline_start_quarter = models.PositiveSmallIntegerField(
        _("deadline range (first quarter)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    deadline_ongoing = models.BooleanField(_("ongoing"), default=False)
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
    resources = models.TextField(
        _("resources"), blank=True,
        help_text=_("The resources as the plan writes them, beside the cost, e.g. “Buxheti i shtetit + IOM, "
                    "2 trajnerë”."),
    )
    is_archived = models.BooleanField(_("archived"), default=False)
    history = HistoricalRecords(m2m_fields=[co_leads, partners])

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
        problems = deadlines.check(deadlines.of(self))
        if problems:
            raise ValidationError(problems)

    def compute_due_on(self):
        """The last day by which the activity is due, whatever form its deadline takes (None when it has no
        deadline or is ongoing: then it is never late). The one rule: lateness compares `due_on` with the day."""
        return deadlines.due_on(deadlines.of(self))

    @property
    def deadline_display(self):
        """The deadline as plans write it, in the active language: 'qershor 2026', '2025–2027', 'Në vazhdim'."""
        return deadlines.text(deadlines.of(self))

    def is_led_by(self, institution_id):
        """Whether the institution leads the activity, as its coordinating lead or another lead (uses the
        prefetched co-leads when there are some)."""
        if self.lead_institution_id == institution_id:
            return True
        return any(i.pk == institution_id for i in self.co_leads.all())

    @property
    def leads(self):
        """All the lead institutions, the coordinating one first (co-leads prefetched, or one query)."""
        return [self.lead_institution, *sorted(self.co_leads.all(), key=lambda i: i.code)]

    @property
    def status_reported_by(self):
        """The institution whose accepted report gave the activity its status (annotation
        `lead_status_institution_id` of the status rule): one of its leads now, or the one that led it then."""
        institution_id = getattr(self, "lead_status_institution_id", None)
        if institution_id is None:
            return None
        known = next((i for i in self.leads if i.pk == institution_id), None)
        return known or self.lead_institution.__class__.objects.filter(pk=institution_id).first()

    def save(self, *args, **kwargs):
        self.plan_id = self.objective.plan_id
        self.sort_key = natural_sort_key(self.code)
        self.due_on = self.compute_due_on()
        super().save(*args, **kwargs)
