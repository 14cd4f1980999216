"""Forms of committee reports: choose the span, edit the unit's texts."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.models import CommitteeReport
from strategy.models import ReportingPeriod

from .compile import span_problems

MARKDOWN_HELP = _("Markdown: **bold**, *italic*, lists with '-', links as [text](https://…). Raw HTML is not allowed.")


class PeriodChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} · {obj.plan.title}"


class CommitteeReportCreateForm(forms.ModelForm):
    """Title, language and the run of periods (a quarter, a half-year, a year or any consecutive run of one plan)."""

    periods = PeriodChoiceField(
        label=_("Periods"), queryset=ReportingPeriod.objects.none(), widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick one quarter, two for a half-year, four for a year, or any run of consecutive quarters of one plan."),
    )

    class Meta:
        model = CommitteeReport
        fields = ["title", "language", "executive_summary"]
        widgets = {"executive_summary": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"executive_summary": MARKDOWN_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periods"].queryset = ReportingPeriod.objects.select_related("plan").order_by("-year", "-quarter")

    def clean_periods(self):
        periods = list(self.cleaned_data.get("periods") or [])
        problems = span_problems(periods)
        if problems:
            raise forms.ValidationError(problems)
        return periods


class CommitteeReportTextsForm(forms.ModelForm):
    """The unit's own texts, in safe Markdown."""

    class Meta:
        model = CommitteeReport
        fields = ["title", "language", "executive_summary", "findings", "recommendations", "proposals"]
        widgets = {name: forms.Textarea(attrs={"rows": 8})
                   for name in ("executive_summary", "findings", "recommendations", "proposals")}
        help_texts = dict.fromkeys(("executive_summary", "findings", "recommendations", "proposals"), MARKDOWN_HELP)


class CommitteeReportFinaliseForm(forms.Form):
    """Finalising: the reason for finalising with low coverage, asked for only when a quarter is below the threshold."""

    coverage_reason = forms.CharField(
        label=_("Why is the report finalised with these reports missing?"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Printed in the report's section on data and coverage."),
    )

    def __init__(self, *args, needs_reason=False, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_reason:
            self.fields["coverage_reason"].required = True
        else:
            del self.fields["coverage_reason"]
