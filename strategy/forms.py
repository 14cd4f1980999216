"""Forms of the strategy app: the plan tree, indicators, dimensions, rules, periods and the import."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from institutions.choices import InstitutionKind
from institutions.models import Institution

from . import deadlines
from .models import (
    ActionPlan,
    Activity,
    Dimension,
    DimensionOption,
    Indicator,
    Objective,
    Pillar,
    ReportingPeriod,
    Strategy,
    ValidationRule,
    clean_code,
)


class StrategyForm(forms.ModelForm):
    class Meta:
        model = Strategy
        fields = ["title", "start_year", "end_year"]


class ActionPlanForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = ["strategy", "title", "start_year", "end_year", "decision"]


class PillarForm(forms.ModelForm):
    class Meta:
        model = Pillar
        fields = ["code", "title", "title_en", "order", "is_archived"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_code(self):
        code = clean_code(self.cleaned_data["code"])
        if Pillar.objects.filter(plan=self.plan, code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This plan already has a pillar with this code."))
        return code


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["pillar", "code", "title", "title_en", "is_archived"]
        widgets = {"title": forms.Textarea(attrs={"rows": 3}), "title_en": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["pillar"].queryset = Pillar.objects.filter(plan=plan)

    def clean_code(self):
        code = clean_code(self.cleaned_data["code"])
        if Objective.objects.filter(plan=self.plan, code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This plan already has an objective with this code."))
        return code


class ActivityForm(forms.ModelForm):
    """An activity: its leads (the coordinating one and the others), partners, and its deadline written as plans
    write it (the same text the spreadsheet import reads, see strategy.deadlines)."""

    deadline = forms.CharField(
        label=_("Deadline"), required=False, max_length=60,
        help_text=_("A date (31.12.2025), a month (06/2026 or June 2026), a quarter (Q2 2026), a year (2026), "
                    "a range (2025–2027 or Q1 2025 – Q4 2026) or “ongoing” (never late)."),
    )

    class Meta:
        model = Activity
        fields = [
            "objective", "code", "description", "description_en", "lead_institution", "co_leads", "partners",
            "output_indicator", "target", "estimated_cost", "funding_source", "resources", "is_archived",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "output_indicator": forms.Textarea(attrs={"rows": 2}),
            "resources": forms.Textarea(attrs={"rows": 2}),
            "co_leads": forms.SelectMultiple(attrs={"size": 6}),
            "partners": forms.SelectMultiple(attrs={"size": 8}),
        }

    field_order = ["objective", "code", "description", "description_en", "lead_institution", "co_leads", "partners",
                   "deadline"]

    def __init__(self, *args, plan, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["objective"].queryset = Objective.objects.filter(plan=plan).order_by("sort_key")
        institutions = Institution.objects.for_user(user).active().order_by("code")
        self.fields["lead_institution"].queryset = institutions
        self.fields["lead_institution"].label = _("Lead institution (coordinating)")
        self.fields["co_leads"].queryset = institutions
        self.fields["partners"].queryset = institutions
        if self.instance.pk:
            self.initial.setdefault("deadline", deadlines.text(deadlines.of(self.instance)))

    def clean_code(self):
        code = clean_code(self.cleaned_data["code"])
        if Activity.objects.filter(plan=self.plan, code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This plan already has an activity with this code."))
        return code

    def clean_deadline(self):
        try:
            self.cleaned_data.update(deadlines.parse(self.cleaned_data["deadline"]))
        except deadlines.DeadlineError as exc:
            raise forms.ValidationError(str(exc), code="invalid_deadline") from None
        return self.cleaned_data["deadline"]

    def clean(self):
        data = super().clean()
        lead, co_leads, partners = data.get("lead_institution"), data.get("co_leads") or [], data.get("partners")
        if lead and partners and lead in partners:
            self.add_error("partners", _("The lead institution cannot also be a partner."))
        elif partners and set(co_leads) & set(partners):
            self.add_error("partners", _("A lead institution cannot also be a partner."))
        return data


class IndicatorForm(forms.ModelForm):
    """An indicator with its ordered dimensions (positions 1–3) and who reports it."""

    kinds = forms.MultipleChoiceField(
        label=_("Reporting kinds of institution"), required=False,
        choices=[(k, label) for k, label in InstitutionKind.choices if k != InstitutionKind.UNIT],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every institution of these kinds reports the indicator."),
    )
    dimension_1 = forms.ModelChoiceField(label=_("Dimension 1"), queryset=Dimension.objects.none(), required=False)
    dimension_2 = forms.ModelChoiceField(label=_("Dimension 2"), queryset=Dimension.objects.none(), required=False)
    dimension_3 = forms.ModelChoiceField(label=_("Dimension 3"), queryset=Dimension.objects.none(), required=False)
    dimension_1_overlap = forms.BooleanField(label=_("The options of dimension 1 can overlap"), required=False)
    dimension_2_overlap = forms.BooleanField(label=_("The options of dimension 2 can overlap"), required=False)
    dimension_3_overlap = forms.BooleanField(
        label=_("The options of dimension 3 can overlap"), required=False,
        help_text=_("Tick when one person can fall under several options (e.g. several forms of exploitation): "
                    "the breakdown may then add up to more than the total."),
    )

    class Meta:
        model = Indicator
        fields = ["code", "name", "name_en", "description", "unit", "time_aggregation", "institution_aggregation",
                  "authoritative_institution", "pillar", "breakdown_layout", "reporting_institutions", "order",
                  "is_active", "standard_code"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "breakdown_layout": forms.RadioSelect,
                   "reporting_institutions": forms.SelectMultiple(attrs={"size": 8}),
                   "time_aggregation": forms.RadioSelect, "institution_aggregation": forms.RadioSelect}

    field_order = ["code", "name", "name_en", "description", "unit", "time_aggregation", "pillar",
                   "dimension_1", "dimension_1_overlap", "dimension_2", "dimension_2_overlap", "dimension_3",
                   "dimension_3_overlap", "breakdown_layout", "kinds", "reporting_institutions",
                   "institution_aggregation", "authoritative_institution", "standard_code", "order", "is_active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporting_institutions"].help_text = _(
            "Institutions that report it whatever their kind (hold Ctrl to choose several).")
        self.fields["pillar"].queryset = Pillar.objects.select_related("plan").order_by("-plan__start_year", "order")
        self.fields["reporting_institutions"].queryset = Institution.objects.for_user(user).reporting().order_by("code")
        # Not sent (an older form): the layout stays as it is (separate one-way tables for a new indicator).
        self.fields["breakdown_layout"].required = False
        self.fields["authoritative_institution"].queryset = (
            Institution.objects.for_user(user).reporting().order_by("code"))
        for name in ("time_aggregation", "institution_aggregation"):  # not given: the model's default (a summed flow)
            self.fields[name].required = False
        dimensions = Dimension.objects.order_by("code")
        current = []
        if self.instance.pk:
            current = list(self.instance.indicator_dimensions.order_by("position")
                           .values_list("dimension_id", "options_overlap"))
            self.fields["kinds"].initial = self.instance.kinds
        for position in range(1, Indicator.MAX_DIMENSIONS + 1):
            self.fields[f"dimension_{position}"].queryset = dimensions
            if len(current) >= position:
                self.fields[f"dimension_{position}"].initial = current[position - 1][0]
                self.fields[f"dimension_{position}_overlap"].initial = current[position - 1][1]

    def clean(self):
        data = super().clean()
        chosen = [data.get(f"dimension_{p}") for p in range(1, Indicator.MAX_DIMENSIONS + 1)]
        seen = set()
        for position, dimension in enumerate(chosen, start=1):
            if dimension is None:
                continue
            if dimension.pk in seen:
                self.add_error(f"dimension_{position}", _("This dimension is already used by the indicator."))
            seen.add(dimension.pk)
        for name in ("time_aggregation", "institution_aggregation"):
            if not data.get(name):
                data[name] = Indicator._meta.get_field(name).default
                setattr(self.instance, name, data[name])
        self.dimensions = [d for d in chosen if d is not None]
        self.overlapping = [d for position, d in enumerate(chosen, start=1)
                            if d is not None and data.get(f"dimension_{position}_overlap")]
        self.instance.reporting_kinds = ",".join(data.get("kinds") or [])
        authority = data.get("authoritative_institution")
        if authority is not None and data.get("institution_aggregation") == "authoritative":
            reporters = data.get("reporting_institutions") or []
            if authority not in reporters and authority.kind not in (data.get("kinds") or []):
                self.add_error("authoritative_institution", _(
                    "The authoritative institution must report the indicator: add it to the reporting institutions."))
        return data

    def clean_breakdown_layout(self):
        return self.cleaned_data.get("breakdown_layout") or self.instance.breakdown_layout


class SliceChoiceField(forms.ModelChoiceField):
    """An option of a breakdown, shown with its dimension ('Age group: Minor')."""

    def label_from_instance(self, obj):
        return f"{obj.dimension.label}: {obj.label}"


class ValidationRuleForm(forms.ModelForm):
    """A rule of the indicator. A relation compares it (or a slice) with the sum of up to four indicators (or slices)."""

    class Meta:
        model = ValidationRule
        fields = ["kind", "severity", "dimension", "other_indicator", "threshold_percent", "option", "comparator",
                  "message", "message_en", "is_active"]

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.indicator = indicator
        self.fields["dimension"].queryset = Dimension.objects.filter(indicator_dimensions__indicator=indicator)
        self.fields["other_indicator"].queryset = Indicator.objects.exclude(pk=indicator.pk)
        options = DimensionOption.objects.filter(is_archived=False).select_related("dimension").order_by(
            "dimension__code", "order", "code")
        self.fields["option"] = SliceChoiceField(
            label=_("Slice of this indicator"), required=False,
            queryset=options.filter(dimension__indicator_dimensions__indicator=indicator),
            help_text=self.Meta.model._meta.get_field("option").help_text,
        )
        terms = list(self.instance.terms.select_related("indicator", "option") if self.instance.pk else [])
        indicators = Indicator.objects.order_by("order", "code")
        for n in range(1, ValidationRule.MAX_TERMS + 1):
            self.fields[f"term_{n}_indicator"] = forms.ModelChoiceField(
                label=_("Right side, indicator %(n)s") % {"n": n}, queryset=indicators, required=False,
                help_text=_("The right side is the sum of the indicators given here.") if n == 1 else "",
            )
            self.fields[f"term_{n}_option"] = SliceChoiceField(
                label=_("Right side, slice of indicator %(n)s") % {"n": n}, queryset=options, required=False,
            )
            if len(terms) >= n:
                self.fields[f"term_{n}_indicator"].initial = terms[n - 1].indicator_id
                self.fields[f"term_{n}_option"].initial = terms[n - 1].option_id
        order = ["kind", "severity", "dimension", "other_indicator", "threshold_percent", "option", "comparator"]
        order += [f"term_{n}_{part}" for n in range(1, ValidationRule.MAX_TERMS + 1) for part in ("indicator", "option")]
        self.order_fields(order + ["message", "message_en", "is_active"])

    @property
    def term_fields(self):
        """The right side's (indicator, slice) bound fields, one pair per row of the form."""
        return [(self[f"term_{n}_indicator"], self[f"term_{n}_option"]) for n in range(1, ValidationRule.MAX_TERMS + 1)]

    def clean(self):
        data = super().clean()
        self.terms = []
        if data.get("kind") != "relation":
            return data
        for n in range(1, ValidationRule.MAX_TERMS + 1):
            indicator, option = data.get(f"term_{n}_indicator"), data.get(f"term_{n}_option")
            if indicator is None:
                if option is not None:
                    self.add_error(f"term_{n}_indicator", _("Choose the indicator this slice belongs to."))
                continue
            if option is not None and option.dimension_id not in {
                    link.dimension_id for link in indicator.indicator_dimensions.all()}:
                self.add_error(f"term_{n}_option", _("The indicator is not broken down by this option's dimension."))
            self.terms.append((indicator, option))
        if not self.terms:
            self.add_error("term_1_indicator", _("A relation needs at least one indicator on its right side."))
        return data


class OptionForm(forms.ModelForm):
    """One row of the options table: compact inputs labelled for screen readers."""

    class Meta:
        model = DimensionOption
        fields = ["code", "name", "name_en", "order", "standard_code", "is_archived"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            css = "form-check-input" if isinstance(form_field.widget, forms.CheckboxInput) else "form-control form-control-sm"
            form_field.widget.attrs.update({"class": css, "aria-label": str(form_field.label)})


OptionFormSet = inlineformset_factory(
    Dimension, DimensionOption, form=OptionForm, extra=2, can_delete=True, max_num=200, validate_max=True,
)


class DimensionForm(forms.ModelForm):
    """A dimension with the table of its options (`options`, an inline formset validated with the form)."""

    class Meta:
        model = Dimension
        fields = ["code", "name", "name_en", "by_phrase", "by_phrase_en"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = OptionFormSet(self.data if self.is_bound else None, instance=self.instance)

    def is_valid(self):
        return super().is_valid() and self.options.is_valid()


class PeriodYearForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Action plan"), queryset=ActionPlan.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    due_days = forms.IntegerField(
        label=_("Days after the quarter's end until the report is due"), min_value=0, max_value=120, initial=15,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = ActionPlan.objects.for_user(user)

    def clean(self):
        data = super().clean()
        plan, year = data.get("plan"), data.get("year")
        if plan and year and not plan.start_year <= year <= plan.end_year:
            self.add_error("year", _("The year must fall within the plan's years (%(start)s–%(end)s).")
                           % {"start": plan.start_year, "end": plan.end_year})
        if year and ReportingPeriod.objects.filter(year=year).count() == 4:
            self.add_error("year", _("The quarters of %(year)s already exist.") % {"year": year})
        return data


class PeriodTransitionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, reason_required=False, warnings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required
        if warnings:
            # Closing early or with reports still being written is possible, but only when said so explicitly.
            self.fields["confirm"] = forms.BooleanField(
                label=_("I have read the warnings above and want to go ahead."), required=True,
                error_messages={"required": _("Tick the box to confirm, or cancel.")})


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.xlsx or .csv)"),
                           help_text=_("One row per activity, in the columns of the template."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        return upload
