"""Indicators, their dimensions (breakdowns) and options, and the rules that check reported values."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language, gettext, override
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antitrafik.models import BilingualNameMixin, bilingual

from ..choices import (
    BreakdownLayout,
    Comparator,
    IndicatorUnit,
    InstitutionAggregation,
    RuleKind,
    Severity,
    TimeAggregation,
)
from .plan import Pillar, PlanQuerySet


class Dimension(BilingualNameMixin, models.Model):
    """A breakdown of an indicator (sex, age group, form of exploitation…) with ordered options."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Albanian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    # Albanian declines the name after "sipas": the phrase is stored as sentences need it ("sipas gjinisë").
    by_phrase = models.CharField(_("“by …” phrase (Albanian)"), max_length=160, blank=True,
                                 help_text=_("How captions say “broken down by” this dimension, e.g. “sipas gjinisë”."))
    by_phrase_en = models.CharField(_("“by …” phrase (English)"), max_length=160, blank=True,
                                    help_text=_("E.g. “by sex”."))
    history = HistoricalRecords()

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")

    def __str__(self):
        return self.label

    @property
    def by_label(self):
        """'sipas gjinisë' / 'by sex' in the active language (see by_phrase_of)."""
        return by_phrase_of(self.name, self.name_en, self.by_phrase, self.by_phrase_en)


def by_phrase_of(name, name_en, by_phrase, by_phrase_en, language=None):
    """A dimension's "by …" phrase in `language` (default: the active one): the stored phrase, or one that needs
    no declension ('sipas dimensionit “Gjinia”') when none is stored."""
    phrase = bilingual(by_phrase, by_phrase_en, language)
    if phrase and (by_phrase_en or not (language or get_language() or "sq").startswith("en")):
        return phrase
    with override(language or get_language()):
        return gettext("by %(dimension)s") % {"dimension": bilingual(name, name_en, language).lower()}


class DimensionOption(BilingualNameMixin, models.Model):
    """One option of a dimension, e.g. Female, with its code in an international standard."""

    dimension = models.ForeignKey(Dimension, verbose_name=_("dimension"), on_delete=models.PROTECT, related_name="options")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name (Albanian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    standard_code = models.CharField(
        _("standard code"), max_length=255, blank=True,
        help_text=_("The matching code in HTCDS, CTDC, Eurostat crim_thb or ISO 3166."),
    )
    is_archived = models.BooleanField(_("archived"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["dimension", "order", "code"]
        verbose_name = _("dimension option")
        verbose_name_plural = _("dimension options")
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "code"], name="strategy_dimensionoption_unique_code",
                violation_error_message=_("This dimension already has an option with this code."),
            )
        ]

    def __str__(self):
        return self.label


class IndicatorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_user(self, user):
        """The indicators this user may read (see antitrafik.policy)."""
        from antitrafik.policy import strategy as strategy_policy

        return strategy_policy.scope_plan(self, user)

    def for_institution(self, institution):
        """Indicators an institution reports: named directly, or through its kind (matched exactly)."""
        kind = institution.kind
        by_kind = (
            Q(reporting_kinds=kind)
            | Q(reporting_kinds__startswith=f"{kind},")
            | Q(reporting_kinds__endswith=f",{kind}")
            | Q(reporting_kinds__contains=f",{kind},")
        )
        direct = Indicator.reporting_institutions.through.objects.filter(indicator=models.OuterRef("pk"),
                                                                          institution=institution)
        return self.filter(by_kind | Q(models.Exists(direct)))


def normalise_kinds(value):
    """'ngo, shelter,ngo' -> 'ngo,shelter': no spaces, no repeats, so exact matching works."""
    seen = []
    for part in (value or "").split(","):
        part = part.strip()
        if part and part not in seen:
            seen.append(part)
    return ",".join(seen)


class Indicator(BilingualNameMixin, models.Model):
    """A statistic the unit collects each quarter, with up to three dimensions (breakdowns)."""

    MAX_DIMENSIONS = 3

    code = models.CharField(_("code"), max_length=20, unique=True,
                            error_messages={"unique": _("An indicator with this code already exists.")})
    name = models.CharField(_("name (Albanian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    description = models.TextField(_("help text"), blank=True)
    unit = models.CharField(_("unit of measure"), max_length=10, choices=IndicatorUnit.choices, default=IndicatorUnit.COUNT)
    time_aggregation = models.CharField(
        _("over time"), max_length=10, choices=TimeAggregation.choices, default=TimeAggregation.FLOW,
        help_text=_("A flow (cases in the quarter) is summed over a span; a stock (persons at the end of the "
                    "quarter) takes the span's last quarter with data; a rate is averaged."),
    )
    institution_aggregation = models.CharField(
        _("across institutions"), max_length=15, choices=InstitutionAggregation.choices,
        default=InstitutionAggregation.SUM,
        help_text=_("Summed when each institution counts different cases; otherwise the national figure is one "
                    "institution's, and the others' figures are shown beside it as cross-checks."),
    )
    authoritative_institution = models.ForeignKey(
        "institutions.Institution", verbose_name=_("authoritative institution"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="authoritative_indicators",
        help_text=_("The institution whose accepted figure is the national figure (e.g. the Responsible "
                    "Authority's register for identified victims)."),
    )
    pillar = models.ForeignKey(Pillar, verbose_name=_("pillar"), on_delete=models.PROTECT, null=True, blank=True,
                               related_name="indicators")
    reporting_institutions = models.ManyToManyField(
        "institutions.Institution", verbose_name=_("reporting institutions"), blank=True, related_name="indicators"
    )
    reporting_kinds = models.CharField(
        _("reporting kinds of institution"), max_length=255, blank=True,
        help_text=_("Kinds of institution that report this indicator, separated by commas."),
    )
    breakdown_layout = models.CharField(
        _("breakdown layout"), max_length=10, choices=BreakdownLayout.choices, default=BreakdownLayout.SEPARATE,
        help_text=_("How the breakdowns are entered: separate one-way tables (by sex; by age; …), as official "
                    "sources publish them, the full cross-table, or either of the two."),
    )
    standard_code = models.CharField(
        _("international codes"), max_length=255, blank=True,
        help_text=_("What the indicator matches in Eurostat's crim_thb tables and IOM's HTCDS, so that the open "
                    "data joins with others' (e.g. “Eurostat crim_thb_vsage, victims identified”)."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[reporting_institutions])

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(institution_aggregation=InstitutionAggregation.SUM)
                | Q(authoritative_institution__isnull=False),
                name="strategy_indicator_authority_named",
                violation_error_message=_("Choose the institution whose figure is authoritative."),
            )
        ]

    def __str__(self):
        return f"{self.code} {self.label}"

    @property
    def is_authoritative(self):
        return self.institution_aggregation == InstitutionAggregation.AUTHORITATIVE

    def get_absolute_url(self):
        return reverse("strategy:indicator_detail", args=[self.pk])

    @property
    def kinds(self):
        """The institution kinds that report this indicator, as a list."""
        return [k for k in self.reporting_kinds.split(",") if k]

    def clean(self):
        from institutions.choices import InstitutionKind

        self.reporting_kinds = normalise_kinds(self.reporting_kinds)
        unknown = [k for k in self.kinds if k not in InstitutionKind.values]
        if unknown:
            raise ValidationError({"reporting_kinds": _("Unknown kind of institution: %(kinds)s.")
                                   % {"kinds": ", ".join(unknown)}})
        if self.institution_aggregation == InstitutionAggregation.SUM:
            self.authoritative_institution = None
        elif not self.authoritative_institution_id:
            raise ValidationError({"authoritative_institution": _(
                "Choose the institution whose figure is authoritative.")})
        if (self.time_aggregation == TimeAggregation.RATE
                and self.institution_aggregation == InstitutionAggregation.SUM):
            raise ValidationError({"institution_aggregation": _(
                "Rates cannot be added up across institutions: take the rate from one authoritative institution.")})

    def save(self, *args, **kwargs):
        self.reporting_kinds = normalise_kinds(self.reporting_kinds)
        super().save(*args, **kwargs)


class IndicatorDimension(models.Model):
    """A dimension of an indicator, at a position (1–3) that is the column of StatValue holding its option."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="indicator_dimensions")
    dimension = models.ForeignKey(Dimension, verbose_name=_("dimension"), on_delete=models.PROTECT,
                                  related_name="indicator_dimensions")
    position = models.PositiveSmallIntegerField(_("position"), validators=[MinValueValidator(1), MaxValueValidator(3)])
    options_overlap = models.BooleanField(
        _("options overlap"), default=False,
        help_text=_("One person may count in several options (e.g. several forms of exploitation)."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "position"]
        verbose_name = _("indicator dimension")
        verbose_name_plural = _("indicator dimensions")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "position"], name="strategy_indicatordimension_unique_position",
                                    violation_error_message=_("Two dimensions cannot share a position.")),
            models.UniqueConstraint(fields=["indicator", "dimension"], name="strategy_indicatordimension_unique_dimension",
                                    violation_error_message=_("This dimension is already used by the indicator.")),
            models.CheckConstraint(condition=Q(position__gte=1, position__lte=3),
                                   name="strategy_indicatordimension_position_range",
                                   violation_error_message=_("An indicator has at most three dimensions.")),
        ]

    def __str__(self):
        return f"{self.indicator.code} · {self.dimension}"


class ValidationRule(models.Model):
    """A check run on an indicator's values when a quarterly report is submitted.

    A *relation* rule compares the indicator (or one option of its breakdown, its "slice") with the sum of
    one or more other indicators or slices (its terms): minors in VT-01 ≥ VT-06; CJ-01 = CJ-02 + CJ-03.
    It is checked within each report and, on the national figures, when a committee report is compiled.
    """

    MAX_TERMS = 4

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("kind"), max_length=20, choices=RuleKind.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.ERROR)
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.PROTECT, null=True, blank=True,
        help_text=_("For 'breakdown adds up to the total': the dimension whose breakdown is checked."),
    )
    other_indicator = models.ForeignKey(
        Indicator, verbose_name=_("other indicator"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", help_text=_("For 'not more than': the indicator whose total is the upper bound."),
    )
    threshold_percent = models.PositiveIntegerField(
        _("threshold (%)"), null=True, blank=True,
        help_text=_("For 'departs strongly': how far from the average of earlier quarters, in percent."),
    )
    option = models.ForeignKey(
        DimensionOption, verbose_name=_("slice of this indicator"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
        help_text=_("For a relation: compare only this option of the indicator's breakdown (e.g. minors); "
                    "empty for the total."),
    )
    comparator = models.CharField(_("comparison"), max_length=2, choices=Comparator.choices, blank=True)
    message = models.CharField(_("message"), max_length=255, blank=True)
    message_en = models.CharField(_("message (English)"), max_length=255, blank=True,
                                  help_text=_("Shown in the English interface; without it, English readers get the "
                                              "standard message."))
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "pk"]
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")

    def __str__(self):
        return f"{self.indicator.code}: {self.get_kind_display()}"

    @property
    def is_relation(self):
        return self.kind == RuleKind.RELATION

    def relation_text(self, terms=None):
        """The relation written out, e.g. 'VT-01 [Minor] ≥ VT-06' (terms: this rule's RuleTerms, in order)."""
        terms = list(self.terms.all()) if terms is None else terms
        left = slice_label(self.indicator, self.option)
        right = " + ".join(slice_label(t.indicator, t.option) for t in terms) or "?"
        return f"{left} {self.get_comparator_display()} {right}"

    def clean(self):
        # Fields that do not belong to the kind are cleared, so a rule never carries stale settings.
        if self.kind != RuleKind.BREAKDOWN_SUM:
            self.dimension = None
        if self.kind != RuleKind.LESS_OR_EQUAL:
            self.other_indicator = None
        if self.kind != RuleKind.DEVIATION:
            self.threshold_percent = None
        if self.kind != RuleKind.RELATION:
            self.option = None
            self.comparator = ""
        if self.kind == RuleKind.BREAKDOWN_SUM:
            if not self.dimension_id:
                raise ValidationError({"dimension": _("Choose the dimension whose breakdown must add up.")})
            if self.indicator_id and not self.indicator.indicator_dimensions.filter(dimension_id=self.dimension_id).exists():
                raise ValidationError({"dimension": _("The indicator is not broken down by this dimension.")})
        if self.kind == RuleKind.LESS_OR_EQUAL and not self.other_indicator_id:
            raise ValidationError({"other_indicator": _("Choose the indicator to compare with.")})
        if self.kind == RuleKind.LESS_OR_EQUAL and self.other_indicator_id == self.indicator_id:
            raise ValidationError({"other_indicator": _("An indicator cannot be compared with itself.")})
        if self.kind == RuleKind.DEVIATION and not self.threshold_percent:
            raise ValidationError({"threshold_percent": _("Give the threshold in percent.")})
        if self.kind == RuleKind.RELATION:
            if not self.comparator:
                raise ValidationError({"comparator": _("Choose how the two sides compare.")})
            if self.option_id and self.indicator_id and not option_belongs_to(self.option, self.indicator):
                raise ValidationError({"option": _("The indicator is not broken down by this option's dimension.")})


def slice_label(indicator, option=None):
    """'VT-01' or 'VT-01 [Minor (0–17)]': an indicator, or one option of its breakdown."""
    return f"{indicator.code} [{option.label}]" if option is not None else indicator.code


def option_belongs_to(option, indicator):
    """Whether the indicator is broken down by the option's dimension."""
    return indicator.indicator_dimensions.filter(dimension_id=option.dimension_id).exists()


class RuleTerm(models.Model):
    """One term of the right side of a relation rule: an indicator, or one option (slice) of its breakdown."""

    rule = models.ForeignKey(ValidationRule, on_delete=models.CASCADE, related_name="terms")
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(DimensionOption, verbose_name=_("slice"), on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rule", "order", "pk"]
        verbose_name = _("term of a relation rule")
        verbose_name_plural = _("terms of relation rules")

    def __str__(self):
        return slice_label(self.indicator, self.option)

    def clean(self):
        if self.option_id and self.indicator_id and not option_belongs_to(self.option, self.indicator):
            raise ValidationError({"option": _("The indicator is not broken down by this option's dimension.")})
