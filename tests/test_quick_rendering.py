"""The faster ways lists render, each checked against what it replaces: antitrafik.widgets.Select against Django's
template-rendered Select, the row tags against the included templates' badges, choice labels against Django's."""

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from antitrafik import widgets
from institutions.models import Institution
from tests.factories import InstitutionFactory

CHOICES = [
    ("", "– Any –"), (1, "One & <two>"), ("a\"b", gettext_lazy("Late")), (2026, 2026),
    ("Group", [("g1", "In a group"), ("g2", mark_safe("<b>safe</b>"))]), (None, "None as a value"),
]


@pytest.mark.parametrize("value", [None, "", 1, "1", "g2", "a\"b", 2026])
@pytest.mark.parametrize("attrs", [None, {"id": "id_x", "class": "form-select", "data-autosubmit": "",
                                          "required": True, "disabled": False, "title": "a \"quoted\" <title>"}])
def test_the_markup_is_django_s(value, attrs):
    assert widgets.Select(choices=CHOICES).render("x", value, attrs) == forms.Select(choices=CHOICES).render("x", value, attrs)


def test_an_empty_select_is_django_s():
    assert widgets.Select().render("x", None) == forms.Select().render("x", None)


@pytest.mark.django_db
def test_a_model_choice_field_renders_the_same():
    InstitutionFactory.create_batch(3)
    chosen = Institution.objects.order_by("code")[1]
    quick = forms.ModelChoiceField(Institution.objects.order_by("code"), widget=widgets.Select)
    plain = forms.ModelChoiceField(Institution.objects.order_by("code"))

    class Form(forms.Form):
        pass

    for value in (None, chosen.pk):
        form_quick = Form(data={"f": value} if value else None)
        form_quick.fields["f"] = quick
        form_plain = Form(data={"f": value} if value else None)
        form_plain.fields["f"] = plain
        assert str(form_quick["f"]) == str(form_plain["f"])


def test_the_status_tags_write_the_badges():
    """The activity status and the active/inactive badges, written by tags on every row of the lists."""
    from types import SimpleNamespace

    from django.template import engines

    def render(source, **context):
        return engines["django"].from_string(source).render(context)

    badge = "{% load strategy_format %}{% activity_status_badge activity %}"
    assert render(badge, activity=SimpleNamespace(lead_status="implemented", is_late=False)) == "Implemented"
    assert render(badge, activity=SimpleNamespace(lead_status="", is_late=True)) == (
        '<span class="text-body-secondary">No accepted report yet</span> <span class="badge status-late">Late</span>')
    active = "{% load institution_tags %}{% active_badge active %}"
    assert render(active, active=True) == '<span class="badge text-bg-success">Active</span>'
    assert render(active, active=False) == '<span class="badge text-bg-secondary">Inactive</span>'


@pytest.mark.django_db
def test_choice_labels_are_django_s():
    """Institution kind and region, an activity's funding source: the labels Django's get_FOO_display gives."""
    from django.db.models import Model

    from antitrafik.models import choice_label
    from institutions.choices import InstitutionKind, Region
    from strategy.choices import FundingSource

    institution = InstitutionFactory(region="")
    for choices, field, values in ((InstitutionKind, "kind", [*InstitutionKind.values, "unknown"]),
                                   (Region, "region", [*Region.values, "", "unknown"])):
        for value in values:
            setattr(institution, field, value)
            django_s = Model._get_FIELD_display(institution, Institution._meta.get_field(field))
            assert getattr(institution, f"get_{field}_display")() == choice_label(choices, value) == django_s
    assert choice_label(FundingSource, FundingSource.DONOR) == str(FundingSource.DONOR.label)
