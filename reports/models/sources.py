"""Figures from public sources (INSTAT, the courts' and prosecution's reports, GRETA, the US TIP report, NGOs).

The unit records published figures with their citation, so they can be read beside the figures of the
institutions' accepted quarterly reports. A figure is an indicator's total, or one cell of a one-way
breakdown (one option of one of the indicator's dimensions), as the sources publish them; it may be an
"at least" figure.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antitrafik.formatting import format_number
from strategy.quarters import quarter_label

FIRST_YEAR, LAST_YEAR = 1990, 2100
NOTE_MAX_LENGTH = 5000


class PublicSourceQuerySet(models.QuerySet):
    def for_user(self, user):
        """The public sources this user may read (see antitrafik.policy)."""
        from antitrafik import policy

        return policy.scope_public_sources(self, user)

    def with_figure_counts(self):
        """With `figure_count`, the number of figures recorded from each source, in the same query."""
        return self.annotate(figure_count=models.Count("figures"))


class PublicSource(models.Model):
    """A published document the unit takes figures from, with its citation."""

    title = models.CharField(_("title"), max_length=255)
    publisher = models.CharField(_("publisher"), max_length=255,
                                 help_text=_("Who published it, e.g. INSTAT, GRETA (Council of Europe), "
                                             "US Department of State."))
    publication_year = models.PositiveSmallIntegerField(
        _("year of publication"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)])
    url = models.URLField(_("address (URL)"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True, validators=[MaxLengthValidator(NOTE_MAX_LENGTH)],
                            help_text=_("What the figures cover and how they were counted, as the source says."))
    history = HistoricalRecords()

    objects = PublicSourceQuerySet.as_manager()

    class Meta:
        ordering = ["-publication_year", "publisher", "title"]
        verbose_name = _("public source")
        verbose_name_plural = _("public sources")
        constraints = [
            models.UniqueConstraint(
                fields=["publisher", "title", "publication_year"], name="reports_publicsource_unique_citation",
                violation_error_message=_("This source is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(publication_year__gte=FIRST_YEAR, publication_year__lte=LAST_YEAR),
                name="reports_publicsource_year_range",
                violation_error_message=_("The year of publication is out of range."),
            ),
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title} ({self.publication_year})"

    def get_absolute_url(self):
        return reverse("data:source_detail", args=[self.pk])


class PublicSourceFigureQuerySet(models.QuerySet):
    def for_user(self, user):
        """The public-source figures this user may read (those of the sources in scope)."""
        from antitrafik import policy

        return self.filter(source__in=policy.scope_public_sources(PublicSource.objects.all(), user))

    def with_relations(self):
        """With the source, indicator and option a table row shows, in the same query."""
        return self.select_related("source", "indicator", "option", "option__dimension")

    def in_published_order(self):
        """Ordered as a table is read: indicator, year, quarter, the total first, then the cells of each
        dimension in the indicator's order of dimensions (annotated as `dimension_position`)."""
        from strategy.models import IndicatorDimension

        position = IndicatorDimension.objects.filter(
            indicator_id=OuterRef("indicator_id"), dimension_id=OuterRef("option__dimension_id")).values("position")[:1]
        return self.annotate(dimension_position=Subquery(position)).order_by(
            "indicator__order", "indicator__code", "year", F("quarter").asc(nulls_first=True),
            F("dimension_position").asc(nulls_first=True), "option__order", "option__code",
        )


class PublicSourceFigure(models.Model):
    """One published figure: an indicator's total, or one option of a one-way breakdown, for a year or quarter."""

    source = models.ForeignKey(PublicSource, verbose_name=_("source"), on_delete=models.CASCADE,
                               related_name="figures")
    indicator = models.ForeignKey("strategy.Indicator", verbose_name=_("indicator"), on_delete=models.PROTECT,
                                  related_name="public_figures")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)])
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("Empty for a figure of the whole year."))
    option = models.ForeignKey(
        "strategy.DimensionOption", verbose_name=_("breakdown cell"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+", help_text=_("Empty for the total; else one option of one of the "
                                                  "indicator's dimensions (a one-way breakdown)."))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    is_lower_bound = models.BooleanField(_("at least"), default=False,
                                         help_text=_("The source gives the figure as a minimum (“at least …”)."))
    reference = models.CharField(_("page or table"), max_length=255, blank=True,
                                 help_text=_("Where in the source the figure is, e.g. p. 12, table 3."))
    history = HistoricalRecords()

    objects = PublicSourceFigureQuerySet.as_manager()

    class Meta:
        ordering = ["indicator__order", "indicator__code", "year", "quarter", "option__dimension__code",
                    "option__order"]
        verbose_name = _("public-source figure")
        verbose_name_plural = _("public-source figures")
        constraints = [
            # One figure per cell: the total (no option) and whole years (no quarter) count as one cell each.
            models.UniqueConstraint(
                F("source"), F("indicator"), F("year"), Coalesce(F("quarter"), Value(0)),
                Coalesce(F("option"), Value(0)), name="reports_publicsourcefigure_unique_cell",
                violation_error_message=_("This source already has this figure for this year (or quarter)."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="reports_publicsourcefigure_not_negative",
                violation_error_message=_("A value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="reports_publicsourcefigure_quarter_range",
                violation_error_message=_("The quarter must be between 1 and 4."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR), name="reports_publicsourcefigure_year_range",
                violation_error_message=_("The year is out of range."),
            ),
        ]

    def __str__(self):
        cell = f" [{self.option.label}]" if self.option_id else ""
        when = quarter_label(self.year, self.quarter) if self.quarter else str(self.year)
        bound = "≥ " if self.is_lower_bound else ""
        return f"{self.indicator.code}{cell} {when}: {bound}{format_number(self.value)}"

    def clean(self):
        if self.option_id and self.indicator_id and not self.indicator.indicator_dimensions.filter(
                dimension_id=self.option.dimension_id).exists():
            raise ValidationError({"option": _("The indicator is not broken down by this option's dimension.")})
