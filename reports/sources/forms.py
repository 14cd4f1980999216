"""Forms of public sources: the citation, and the figures one source publishes for one indicator and year."""

from decimal import Decimal

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from strategy.models import DimensionOption, Indicator

from ..models import PublicSource
from ..models.sources import FIRST_YEAR, LAST_YEAR
from ..numbers import is_lower_bound, parse_cell_value, plain_number
from .services import PublishedCell


class PublicSourceForm(forms.ModelForm):
    class Meta:
        model = PublicSource
        fields = ["title", "publisher", "publication_year", "url", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}


class FigureSetChooseForm(forms.Form):
    """Which figures to record: the indicator and the year (or one quarter of it)."""

    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), required=False, coerce=int, empty_value=None,
        choices=[("", _("The whole year")), *[(q, _("Q%(quarter)s") % {"quarter": q}) for q in (1, 2, 3, 4)]],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.for_user(user).order_by("order", "code")


class PublishedValueField(forms.CharField):
    """A published figure as typed, read as the report form reads it (reports.numbers: both notations, "≥ 15"
    for "at least"); empty when the source does not give it."""

    def __init__(self, *, unit, **kwargs):
        super().__init__(required=False, **kwargs)
        self.unit = unit
        self.widget.attrs.update({"inputmode": "decimal", "class": "form-control grid-input", "autocomplete": "off"})

    def clean(self, value):
        value, error = parse_cell_value(super().clean(value), self.unit)
        if error:
            raise forms.ValidationError(error)
        return value


class FigureSetForm(forms.Form):
    """The figures one source publishes for one indicator and year (or quarter): the total and the cells of
    each one-way breakdown, each with its "at least" box (or "≥" typed before the figure). An empty cell is a
    figure the source does not give.

    Field names: ``total`` / ``total-min`` and ``o-<option id>`` / ``o-<option id>-min``.
    """

    reference = forms.CharField(label=_("Page or table"), max_length=255, required=False,
                                help_text=_("Where in the source the figures are, e.g. p. 12, table 3."))

    def __init__(self, *args, indicator, existing=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        existing = {f.option_id: f for f in existing}
        self.options = {}
        self.sections = []
        self._add_cell("total", None, existing)
        self.sections.append({"title": _("Total"), "rows": [self._row("total", _("Total"))]})
        links = indicator.indicator_dimensions.select_related("dimension").order_by("position")
        dimension_ids = [link.dimension_id for link in links]
        options_by_dimension = {}
        for option in DimensionOption.objects.filter(dimension_id__in=dimension_ids).order_by("order", "code"):
            if not option.is_archived or option.pk in existing:
                options_by_dimension.setdefault(option.dimension_id, []).append(option)
        for link in links:
            rows = []
            for option in options_by_dimension.get(link.dimension_id, []):
                name = f"o-{option.pk}"
                self.options[name] = option
                self._add_cell(name, option.pk, existing)
                rows.append(self._row(name, option.label))
            self.sections.append({"title": capfirst(link.dimension.by_label),
                                  "rows": rows})
        if existing:
            self.fields["reference"].initial = next(iter(existing.values())).reference

    def _add_cell(self, name, option_id, existing):
        figure = existing.get(option_id)
        self.fields[name] = PublishedValueField(unit=self.indicator.unit, label=_("Value"))
        self.fields[f"{name}-min"] = forms.BooleanField(label=_("at least"), required=False)
        if figure is not None:
            self.fields[name].initial = plain_number(figure.value)
            self.fields[f"{name}-min"].initial = figure.is_lower_bound

    def _row(self, name, label):
        return {"label": label, "value": self[name], "minimum": self[f"{name}-min"]}

    def clean(self):
        cleaned = super().clean()
        cells = {}
        for name in ["total", *self.options]:
            value = cleaned.get(name)
            if value is None:
                if cleaned.get(f"{name}-min"):
                    self.add_error(name, _("Enter the figure that the source gives as a minimum."))
                continue
            minimum = bool(cleaned.get(f"{name}-min")) or is_lower_bound(value)
            cells[self.options.get(name)] = PublishedCell(value=Decimal(value), is_lower_bound=minimum)
        if not self.errors and not cells:
            raise forms.ValidationError(_("Enter at least one figure, or delete the figures instead."))
        self.cells = cells
        return cleaned
