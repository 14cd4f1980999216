"""Forms of the follow-up in committee reports: presented at a meeting, a recommendation turned into an item."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from institutions.models import Institution
from strategy.models import Meeting

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# A line of the recommendations' Markdown that is a list item or a paragraph of its own.
BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def recommendation_lines(markdown):
    """The recommendations written in a committee report, one a list item (or a paragraph)."""
    lines = [BULLET.sub("", line).strip() for line in (markdown or "").splitlines()]
    return [line for line in lines if len(line) > 3 and not line.startswith("#")]


class PresentForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.for_user(user).exclude(status="planned")


class RecommendationItemForm(forms.Form):
    recommendation = forms.ChoiceField(label=_("Recommendation in the report"), required=False)
    text = forms.CharField(label=_("Text of the item"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("Empty: the recommendation as written in the report."))
    lead_institution = forms.ModelChoiceField(label=_("Lead institution"), queryset=Institution.objects.none())
    partners = forms.ModelMultipleChoiceField(label=_("Partner institutions"), queryset=Institution.objects.none(),
                                              required=False)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE, required=False)

    def __init__(self, *args, report, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = recommendation_lines(report.recommendations)
        self.fields["recommendation"].choices = [("", "–")] + [(str(i), line[:150]) for i, line in
                                                               enumerate(self.lines)]
        institutions = Institution.objects.for_user(user).order_by("code")
        self.fields["lead_institution"].queryset = institutions
        self.fields["partners"].queryset = institutions

    def clean(self):
        data = super().clean()
        chosen = data.get("recommendation")
        text = (data.get("text") or "").strip() or (self.lines[int(chosen)] if chosen else "")
        if not text:
            raise forms.ValidationError(_("Choose a recommendation of the report or write the item's text."))
        data["text"] = text
        return data
