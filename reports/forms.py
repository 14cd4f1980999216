"""Forms of quarterly reports: the report page (progress + statistics grid), review, reopen, upload, filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from antitrafik import policy, widgets
from institutions.choices import Role
from institutions.models import User

from .choices import ProgressStatus, ReportStatus
from .grid import cell_input_name
from .models.quarterly import COMMENT_MAX_LENGTH, TEXT_MAX_LENGTH
from .numbers import parse_cell_value, parse_figure
from .selectors.follow_up import BOARD_NOT_STARTED, NOT_SUBMITTED

LAYOUT_CONFLICT = _("Fill either the cross-table or the one-way tables of this indicator, not both: empty one of "
                    "them.")


class ReportEditForm:
    """The report page's one HTML form: hidden report/version ids, progress rows and statistics cells.

    Input names: ``v-<indicator id>-<cell key>`` for cells, ``a-<activity id>-<status|narrative|spent|reopen>``
    for progress (``reopen``: the box that asks again about an activity the institution reported done).
    Figures are read by reports.numbers.parse_figure in the interface language ("1.500" is one thousand five
    hundred in Albanian, "≥ 15" an "at least" figure). Anything posted for an indicator or activity that is
    not the institution's, or a changed institution / period id, makes the whole form invalid with a clear
    message, and nothing is saved.
    """

    PROGRESS_FIELDS = ("status", "narrative", "spent", "reopen")

    def __init__(self, data, *, report_data):
        self.data = data
        self.report_data = report_data
        self.errors = {}
        self.non_field_errors = []
        self.values = {}
        self.progress = {}
        self.version = None
        self.warning_explanation = None
        self.replies = {}
        self.raw = {}

    def is_valid(self):
        report = self.report_data.report
        data = self.data
        if str(data.get("institution", "")) != str(report.institution_id) or str(data.get("period", "")) != str(report.period_id):
            self.non_field_errors.append(_("The form was not for this institution's report of this period: nothing was saved."))
        try:
            self.version = int(data.get("version", ""))
        except (TypeError, ValueError):
            self.non_field_errors.append(_("The form is incomplete (its version is missing): reload the page."))
        allowed_cells = self.report_data.allowed_cells()
        grids = self.report_data.grid_by_id
        activities = self.report_data.activity_by_id
        foreign_indicators, foreign_activities = set(), set()
        for name in data:
            if name.startswith("v-"):
                self.raw[name] = data.get(name, "")
                if name not in allowed_cells:
                    foreign_indicators.add(name.split("-")[1] if name.count("-") >= 2 else name)
                    continue
                indicator_id, key = allowed_cells[name]
                value, error = parse_cell_value(data.get(name), grids[indicator_id].indicator.unit)
                if error:
                    self.errors[name] = error
                else:
                    self.values[(indicator_id, key)] = value
            elif name.startswith("a-"):
                self.raw[name] = data.get(name, "")
                parts = name.split("-")
                if len(parts) != 3 or not parts[1].isdigit() or parts[2] not in self.PROGRESS_FIELDS:
                    foreign_activities.add(name)
                    continue
                activity_id = int(parts[1])
                if activity_id not in activities:
                    foreign_activities.add(parts[1])
                    continue
                self._clean_progress(name, activity_id, parts[2], data.get(name, ""))
        merged = {**self.report_data.values, **self.values}
        for indicator_id in {key[0] for key in self.values}:
            if grids[indicator_id].layout_conflict(merged):
                self.errors[cell_input_name(indicator_id, "")] = LAYOUT_CONFLICT
        if foreign_indicators:
            self.non_field_errors.append(
                _("Values were sent for indicators that are not part of your institution's report (%(ids)s): "
                  "nothing was saved.") % {"ids": ", ".join(sorted(foreign_indicators))}
            )
        if foreign_activities:
            self.non_field_errors.append(
                _("Progress was sent for activities that are not part of your institution's report (%(ids)s): "
                  "nothing was saved.") % {"ids": ", ".join(sorted(foreign_activities))}
            )
        self._clean_replies(data)
        if "warning_explanation" in data:
            self.warning_explanation = data.get("warning_explanation", "")
            self.raw["warning_explanation"] = self.warning_explanation
            if len(self.warning_explanation) > TEXT_MAX_LENGTH:
                self.errors["warning_explanation"] = _("At most %(n)s characters.") % {"n": TEXT_MAX_LENGTH}
        return not self.errors and not self.non_field_errors

    def _clean_replies(self, data):
        """``r-<comment id>``: the institution's reply under a review comment of this report."""
        comments = {str(c.pk) for c in self.report_data.comments}
        for name in data:
            if not name.startswith("r-"):
                continue
            text = data.get(name, "")
            self.raw[name] = text
            if name[2:] not in comments:
                self.non_field_errors.append(_("A reply was sent to a comment that is not on this report: nothing "
                                               "was saved."))
            elif len(text) > COMMENT_MAX_LENGTH:
                self.errors[name] = _("At most %(n)s characters.") % {"n": COMMENT_MAX_LENGTH}
            else:
                self.replies[int(name[2:])] = text

    def _clean_progress(self, name, activity_id, field, text):
        row = self.progress.setdefault(activity_id, {"status": "", "narrative": "", "spent": None, "reopen": False})
        if field == "reopen":
            row["reopen"] = bool(text)
        elif field == "status":
            if text and text not in ProgressStatus.values:
                self.errors[name] = _("Choose one of the statuses in the list.")
            else:
                row["status"] = text
        elif field == "narrative":
            if len(text) > TEXT_MAX_LENGTH:
                self.errors[name] = _("At most %(n)s characters (this text has %(len)s).") % {
                    "n": TEXT_MAX_LENGTH, "len": len(text)}
            else:
                row["narrative"] = text
        else:
            value, error = parse_figure(text, allow_lower_bound=False)
            if error:
                self.errors[name] = error
            else:
                row["spent"] = value


class SubmitForm(forms.Form):
    """Submission from the report page: an explanation of the warnings, when there are any."""

    warning_explanation = forms.CharField(
        label=_("Explanation of the warnings"), required=False, max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed only when the checks give warnings: say in a few words why the figures are right."),
    )


class ReturnForm(forms.Form):
    """Returning a report: a mandatory comment, and optional comments per activity or indicator."""

    comment = forms.CharField(
        label=_("Comment to the institution"), max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say what the institution should correct or complete."),
        error_messages={"required": _("Write a comment saying what the institution should correct.")},
    )

    def __init__(self, *args, activities=(), grids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.item_fields = []
        for activity in activities:
            name = f"c-a-{activity.pk}"
            self.fields[name] = forms.CharField(
                label=_("Comment on activity %(code)s") % {"code": activity.code}, required=False,
                max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.item_fields.append((name, {"activity": activity.pk, "indicator": None}))
        for grid in grids:
            name = f"c-i-{grid.pk}"
            self.fields[name] = forms.CharField(
                label=_("Comment on indicator %(code)s") % {"code": grid.indicator.code}, required=False,
                max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.item_fields.append((name, {"activity": None, "indicator": grid.pk}))

    def clean(self):
        cleaned = super().clean()
        known = set(self.fields)
        unknown = [k for k in self.data if k.startswith("c-") and k not in known]
        if unknown:
            raise forms.ValidationError(_("Comments were sent for items that are not part of this report."))
        return cleaned

    def item_comments(self):
        return [
            {**target, "body": self.cleaned_data.get(name, "")}
            for name, target in self.item_fields if self.cleaned_data.get(name, "").strip()
        ]


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"), max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The institution sees it as the comment to answer."),
        error_messages={"required": _("Give the reason for reopening the report.")},
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Filled statistics spreadsheet (.xlsx)"),
        help_text=_("The spreadsheet downloaded from this report, filled in. It replaces all the statistics of the report."),
    )


BOARD_STATES = [
    (BOARD_NOT_STARTED, _("Not started")),
    (NOT_SUBMITTED, _("Not submitted")),
    *ReportStatus.choices,
    ("late", _("Late")),
]


class BoardFilterForm(forms.Form):
    """Filters of the status board: coordinator (the director's board), state, year."""

    coordinator = forms.ModelChoiceField(label=_("Coordinator"), queryset=User.objects.none(), required=False,
                                         empty_label=_("All"), widget=widgets.Select)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All")), *BOARD_STATES],
                              widget=widgets.Select)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None, widget=widgets.Select)

    def __init__(self, *args, user, years, **kwargs):
        super().__init__(*args, **kwargs)
        if policy.can(user, "report.all_portfolios"):
            self.fields["coordinator"].queryset = User.objects.filter(role=Role.COORDINATOR, is_active=True)
        else:
            del self.fields["coordinator"]
        self.fields["year"].choices = [("", _("Last 12 quarters")), *[(y, y) for y in years]]
        for field in self.fields.values():
            field.widget.attrs["data-autosubmit"] = ""
