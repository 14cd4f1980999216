"""Deadlines as plans write them: one parser for the form and the import, one due day, one way to write them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from strategy import deadlines
from strategy.columns import deadline_cell
from strategy.models import Activity

D = datetime.date


@pytest.mark.parametrize("text, fields, due, sq, en", [
    ("31.12.2025", {"deadline_date": D(2025, 12, 31)}, D(2025, 12, 31), "31.12.2025", "31.12.2025"),
    ("2025-12-31", {"deadline_date": D(2025, 12, 31)}, D(2025, 12, 31), "31.12.2025", "31.12.2025"),
    ("06/2026", {"deadline_month": 6, "deadline_year": 2026}, D(2026, 6, 30), "qershor 2026", "June 2026"),
    ("2/2028", {"deadline_month": 2, "deadline_year": 2028}, D(2028, 2, 29), "shkurt 2028", "February 2028"),
    ("qershor 2026", {"deadline_month": 6, "deadline_year": 2026}, D(2026, 6, 30), "qershor 2026", "June 2026"),
    ("Nëntor 2025", {"deadline_month": 11, "deadline_year": 2025}, D(2025, 11, 30), "nëntor 2025", "November 2025"),
    ("nentor 2025", {"deadline_month": 11, "deadline_year": 2025}, D(2025, 11, 30), "nëntor 2025", "November 2025"),
    ("June 2026", {"deadline_month": 6, "deadline_year": 2026}, D(2026, 6, 30), "qershor 2026", "June 2026"),
    ("T2 2026", {"deadline_quarter": 2, "deadline_year": 2026}, D(2026, 6, 30), "T2 2026", "Q2 2026"),
    ("Q4 2025", {"deadline_quarter": 4, "deadline_year": 2025}, D(2025, 12, 31), "T4 2025", "Q4 2025"),
    ("2026", {"deadline_year": 2026}, D(2026, 12, 31), "2026", "2026"),
    ("2025–2027", {"deadline_start_year": 2025, "deadline_year": 2027}, D(2027, 12, 31), "2025–2027", "2025–2027"),
    ("2025-2027", {"deadline_start_year": 2025, "deadline_year": 2027}, D(2027, 12, 31), "2025–2027", "2025–2027"),
    ("2025 - 2027", {"deadline_start_year": 2025, "deadline_year": 2027}, D(2027, 12, 31), "2025–2027", "2025–2027"),
    ("T1 2025 – T4 2026", {"deadline_start_year": 2025, "deadline_start_quarter": 1, "deadline_year": 2026,
                           "deadline_quarter": 4}, D(2026, 12, 31), "T1 2025 – T4 2026", "Q1 2025 – Q4 2026"),
    ("Q3 2025-Q2 2026", {"deadline_start_year": 2025, "deadline_start_quarter": 3, "deadline_year": 2026,
                         "deadline_quarter": 2}, D(2026, 6, 30), "T3 2025 – T2 2026", "Q3 2025 – Q2 2026"),
    ("vazhdimisht", {"deadline_ongoing": True}, None, "Në vazhdim", "Ongoing"),
    ("Në vazhdim", {"deadline_ongoing": True}, None, "Në vazhdim", "Ongoing"),
    ("ne vazhdim", {"deadline_ongoing": True}, None, "Në vazhdim", "Ongoing"),
    ("Continuous", {"deadline_ongoing": True}, None, "Në vazhdim", "Ongoing"),
    ("ongoing", {"deadline_ongoing": True}, None, "Në vazhdim", "Ongoing"),
    ("", {}, None, "", ""),
])
def test_each_form_of_deadline_is_read_due_and_written(text, fields, due, sq, en):
    parsed = deadlines.parse(text)
    assert parsed == deadlines.empty() | fields
    activity = Activity(**parsed)
    activity.clean()
    assert activity.compute_due_on() == due
    for language, label in (("sq", sq), ("en", en)):
        with translation.override(language):
            assert activity.deadline_display == label
            assert deadlines.parse(label) == parsed  # what a page or an export writes reads back the same
            cell = deadline_cell(activity)
            assert deadlines.parse(cell.strftime("%d.%m.%Y") if isinstance(cell, datetime.date)
                                   else str(cell or "")) == parsed


@pytest.mark.parametrize("text", ["13/2026", "T5 2026", "2027–2025", "T4 2026 – T1 2026", "1999", "qershori",
                                  "31.02.2025", "2025–06/2026", "shpejt", "2025-2027-2029"])
def test_what_is_not_a_deadline_is_refused_with_a_message(text):
    with pytest.raises(deadlines.DeadlineError) as caught:
        deadlines.parse(text)
    assert str(caught.value)


@pytest.mark.parametrize("fields, field", [
    ({"deadline_ongoing": True, "deadline_year": 2025}, "deadline_ongoing"),
    ({"deadline_date": D(2025, 1, 1), "deadline_month": 2, "deadline_year": 2025}, "deadline_date"),
    ({"deadline_month": 6}, "deadline_year"),
    ({"deadline_quarter": 2}, "deadline_year"),
    ({"deadline_month": 6, "deadline_quarter": 2, "deadline_year": 2025}, "deadline_month"),
    ({"deadline_start_quarter": 2, "deadline_year": 2025}, "deadline_start_year"),
    ({"deadline_start_year": 2025}, "deadline_year"),
    ({"deadline_start_year": 2027, "deadline_year": 2025}, "deadline_start_year"),
])
def test_the_model_refuses_fields_that_make_no_deadline(fields, field):
    with pytest.raises(ValidationError) as caught:
        Activity(**fields).clean()
    assert field in caught.value.message_dict


def test_an_ongoing_activity_is_never_late_and_the_one_rule_stays_one():
    """Lateness compares the stored due day (Activity.due_on, set on save by compute_due_on) with the day; an
    ongoing activity has none, so no page can call it late."""
    ongoing = Activity(deadline_ongoing=True)
    assert ongoing.compute_due_on() is None and ongoing.deadline_display
    assert Activity.compute_due_on.__doc__ and "late" in Activity.compute_due_on.__doc__


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["31.12.2025", "qershor 2026", "T2 2026", "2026", "2025–2027", "T1 2025 – T4 2026",
                                  "në vazhdim"])
def test_the_form_and_the_import_read_a_deadline_alike(text, plan, objective, police, director):
    from strategy.columns import COLUMN_KEYS
    from strategy.forms import ActivityForm
    from strategy.imports import build_preview

    form = ActivityForm(data={"objective": objective.pk, "code": "2.1.1", "description": "x",
                              "lead_institution": police.pk, "funding_source": "donor", "deadline": text},
                        plan=plan, user=director)
    assert form.is_valid(), form.errors
    cells = {"pillar_code": "2", "objective_code": "2.1", "activity_code": "2.1.1", "description": "x",
             "lead_institution": "PSH", "deadline": text}
    preview = build_preview(plan, COLUMN_KEYS, [[cells.get(k, "") for k in COLUMN_KEYS]])
    [row] = preview.to_create
    assert {name: form.cleaned_data[name] for name in deadlines.FIELDS} == {
        name: row.values[name] for name in deadlines.FIELDS} == deadlines.parse(text)
