"""Forms of the unit's side of the public site: what to publish, and why a publication is withdrawn."""

from django import forms
from django.utils.translation import gettext_lazy as _

from strategy.models import ReportingPeriod

from .services import publishable_reports


class PublishForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())
    quarter = forms.TypedChoiceField(
        label=_("Span"), coerce=int, initial=0,
        choices=[(0, _("The whole year")), (1, _("Quarter 1")), (2, _("Quarter 2")), (3, _("Quarter 3")),
                 (4, _("Quarter 4"))],
    )
    committee_reports = forms.ModelMultipleChoiceField(
        label=_("Committee reports for the public"), required=False, queryset=publishable_reports(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Finalised reports only: the public gets their frozen PDF."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = sorted(set(ReportingPeriod.objects.values_list("year", flat=True)), reverse=True)
        self.fields["year"].choices = [(y, y) for y in years]
        self.fields["committee_reports"].queryset = publishable_reports().order_by("-finalised_at")


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Recorded in the publication's history."))
