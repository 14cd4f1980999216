"""Forms of the Committee's secretariat: meetings, documents, minutes, items and proposals.

Institution choices are the institutions the user may see; an inactive one is not offered (and the services refuse
it when it is sent anyway)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from antitrafik import uploads
from institutions.models import Institution

from .choices import (
    CommitteeBody,
    DocumentKind,
    ItemKind,
    ItemSource,
    ItemStatus,
    ProposalKind,
    ProposalStatus,
)
from .models import Activity, Indicator, Meeting, MeetingDocument, Objective, TrackedItem

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _institutions(user, *, all_of_them=False):
    institutions = Institution.objects.for_user(user).order_by("code")
    return institutions if all_of_them else institutions.active()


class MeetingForm(forms.Form):
    body = forms.ChoiceField(label=_("Body"), choices=CommitteeBody.choices)
    title = forms.CharField(label=_("Title"), max_length=255)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    chair = forms.CharField(label=_("Chair"), max_length=255, required=False)
    agenda = forms.CharField(label=_("Agenda items"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
                             help_text=_("One agenda item a line."))
    invited = forms.ModelMultipleChoiceField(label=_("Institutions invited"), queryset=Institution.objects.none(),
                                             required=False)
    present = forms.ModelMultipleChoiceField(label=_("Institutions present"), queryset=Institution.objects.none(),
                                             required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invited"].queryset = _institutions(user)
        self.fields["present"].queryset = _institutions(user)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=255, required=False,
                            help_text=_("Empty: the file's name."))
    file = forms.FileField(label=_("File"))
    restricted = forms.BooleanField(label=_("Unit only"), required=False,
                                    help_text=_("Committee members may not download it (e.g. minutes not yet "
                                                "approved)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("At most %(limit)s MB: %(types)s.") % {
            "limit": uploads.max_bytes() // (1024 * 1024), "types": uploads.accepted_kinds_label()}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refuse an oversized file before reading it into memory.
        if upload.size > uploads.max_bytes():
            raise forms.ValidationError(_("The file is too big: at most %(limit)s MB.")
                                        % {"limit": uploads.max_bytes() // (1024 * 1024)})
        return upload


class MinutesForm(forms.Form):
    text = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 12}))
    document = forms.ModelChoiceField(label=_("Signed file"), queryset=MeetingDocument.objects.none(), required=False,
                                      help_text=_("Upload it first among the meeting's documents."))

    def __init__(self, *args, meeting, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = MeetingDocument.objects.for_user(user).filter(meeting=meeting)


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices)
    source = forms.ChoiceField(label=_("Source"), choices=ItemSource.choices)
    reference = forms.CharField(label=_("Reference"), max_length=255, required=False,
                                help_text=_("Where it is written, e.g. GRETA(2023)08, paragraph 95."))
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none(), required=False)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))
    lead_institution = forms.ModelChoiceField(label=_("Lead institution"), queryset=Institution.objects.none())
    partners = forms.ModelMultipleChoiceField(label=_("Partner institutions"), queryset=Institution.objects.none(),
                                              required=False)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE, required=False)
    activities = forms.ModelMultipleChoiceField(label=_("Activities concerned"), queryset=Activity.objects.none(),
                                                required=False)
    indicators = forms.ModelMultipleChoiceField(label=_("Indicators concerned"), queryset=Indicator.objects.none(),
                                                required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Inactive institutions stay in the choices so that the service's refusal says clearly why.
        self.fields["lead_institution"].queryset = _institutions(user, all_of_them=True)
        self.fields["partners"].queryset = _institutions(user, all_of_them=True)
        self.fields["meeting"].queryset = Meeting.objects.for_user(user)
        self.fields["activities"].queryset = Activity.objects.for_user(user).filter(is_archived=False).order_by(
            "plan", "sort_key")
        self.fields["indicators"].queryset = Indicator.objects.for_user(user).order_by("code")


class ItemStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ItemStatus.choices)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Required to drop an item."))


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Change"), choices=ProposalKind.choices)
    activity = forms.ModelChoiceField(label=_("Activity"), queryset=Activity.objects.none(), required=False,
                                      help_text=_("The activity it changes (not for a new activity)."))
    objective = forms.ModelChoiceField(label=_("Objective (new activity)"), queryset=Objective.objects.none(),
                                       required=False)
    code = forms.CharField(label=_("Code (new activity)"), max_length=30, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    lead_institution = forms.ModelChoiceField(label=_("Lead institution"), queryset=Institution.objects.none(),
                                              required=False)
    deadline_date = forms.DateField(label=_("New deadline"), widget=DATE, required=False)
    output_indicator = forms.CharField(label=_("Output indicator"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    target = forms.CharField(label=_("Target"), max_length=255, required=False)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))
    meeting = forms.ModelChoiceField(label=_("On the agenda of"), queryset=Meeting.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.for_user(user).filter(is_archived=False).order_by(
            "plan", "sort_key")
        self.fields["objective"].queryset = Objective.objects.for_user(user).filter(is_archived=False).order_by(
            "plan", "sort_key")
        self.fields["lead_institution"].queryset = _institutions(user, all_of_them=True)
        self.fields["meeting"].queryset = Meeting.objects.for_user(user)


class ProposalDecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("The Committee"), choices=[
        (ProposalStatus.APPROVED, _("approved it")), (ProposalStatus.REJECTED, _("rejected it")),
        (ProposalStatus.DEFERRED, _("deferred it"))])
    decision = forms.ModelChoiceField(label=_("By its decision"), queryset=TrackedItem.objects.none(), required=False,
                                      help_text=_("Required for an approval: the decision of the meeting."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = TrackedItem.objects.for_user(user).filter(
            kind=ItemKind.DECISION).select_related("meeting").order_by("-meeting__held_on", "-pk")
