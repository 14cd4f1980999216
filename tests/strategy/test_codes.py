"""Codes as plans write them: which are accepted, and how they sort (numbers, Roman numerals, letters)."""

import random

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from strategy.models import natural_sort_key, validate_code
from strategy.models.plan import roman_value

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XIV", "XIX", "XX", "XXXIX"]


@pytest.mark.parametrize("code", ["2", "2.1.3", "A.1", "C.1", "IV.2", "I.(d).(ii)", "I.(a)", "3a", "2.1.10", "b"])
def test_codes_as_plans_write_them_are_accepted(code):
    validate_code(code)


@pytest.mark.parametrize("code", ["", "2..1", ".1", "2.", "2.1 .3", "2 1", "A-1", "(a", "a)", "((a))", "2.()",
                                  "1234567890123.1", "2.1/3", "I.(d).(ii)x"])
def test_junk_is_refused_with_a_clear_message(code):
    with pytest.raises(ValidationError) as caught:
        validate_code(code)
    assert "parts joined by dots" in str(caught.value)


@pytest.mark.parametrize("shuffled, expected", [
    (["2.1.10", "2.1.9", "2.1.1", "2.10", "2.2", "10.1", "2.1"], ["2.1", "2.1.1", "2.1.9", "2.1.10", "2.2", "2.10",
                                                                 "10.1"]),
    (["X", "IX", "IV", "V", "II", "I", "III", "VI", "XI"], ["I", "II", "III", "IV", "V", "VI", "IX", "X", "XI"]),
    (["I.(d).(x)", "I.(d).(ix)", "I.(d).(iv)", "I.(d).(ii)", "I.(d).(i)", "I.(c)", "II.(a)"],
     ["I.(c)", "I.(d).(i)", "I.(d).(ii)", "I.(d).(iv)", "I.(d).(ix)", "I.(d).(x)", "II.(a)"]),
    (["C.1", "B.2", "B.10", "A.1", "a.3"], ["A.1", "a.3", "B.2", "B.10", "C.1"]),
    (["IV.2", "IV.10", "IV.1", "III.4"], ["III.4", "IV.1", "IV.2", "IV.10"]),
    (["(b)", "(a)", "c"], ["(a)", "(b)", "c"]),
    (["3b", "3a", "3", "3.1", "10a"], ["3", "3.1", "3a", "3b", "10a"]),
])
def test_codes_sort_naturally(shuffled, expected):
    assert sorted(shuffled, key=natural_sort_key) == expected


def test_roman_numerals_are_read_and_other_letters_are_letters():
    assert [roman_value(r) for r in ROMAN] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 19, 20, 39]
    assert roman_value("iv") == 4
    assert [roman_value(x) for x in ("C", "D", "L", "M", "IIII", "VX", "A", "")] == [None] * 8


@given(st.lists(st.lists(st.integers(min_value=0, max_value=999), min_size=1, max_size=5), min_size=1, max_size=30))
def test_numeric_codes_sort_as_their_numbers(parts):
    codes = [".".join(map(str, p)) for p in parts]
    random.Random(0).shuffle(codes)
    assert [natural_sort_key(c) for c in sorted(codes, key=natural_sort_key)] == sorted(
        natural_sort_key(c) for c in codes)
    assert [tuple(map(int, c.split("."))) for c in sorted(codes, key=natural_sort_key)] == sorted(
        tuple(map(int, c.split("."))) for c in codes)


def _roman(n):
    return "X" * (n // 10) + ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"][n % 10]


@given(st.lists(st.tuples(st.integers(min_value=1, max_value=39), st.integers(min_value=1, max_value=39),
                          st.booleans()), min_size=1, max_size=20))
def test_roman_codes_sort_as_their_values_with_or_without_brackets(parts):
    codes = [f"{_roman(a)}.({_roman(b).lower()})" if bracket else f"{_roman(a)}.{_roman(b)}" for a, b, bracket in parts]
    values = sorted((a, b) for a, b, _ in parts)
    assert [(roman_value(c.split(".")[0]), roman_value(c.split(".")[1].strip("()")))
            for c in sorted(codes, key=natural_sort_key)] == values


@given(st.text(alphabet="0123456789abcXIV().", min_size=1, max_size=30))
def test_every_accepted_code_has_a_key_that_fits_its_column(code):
    try:
        validate_code(code)
    except ValidationError:
        return
    assert len(natural_sort_key(code)) <= 180


@pytest.mark.django_db
def test_the_migration_recomputes_the_stored_keys(objective):
    import importlib

    from django.apps import apps

    from strategy.models import Activity, Objective, Pillar
    from tests import factories

    activity = factories.ActivityFactory(objective=objective, code="2.1.10")
    Pillar.objects.update(sort_key="old")
    Objective.objects.update(sort_key="old")
    Activity.objects.update(sort_key="old")
    importlib.import_module("strategy.migrations.0012_recompute_sort_keys").recompute(apps, None)
    assert Pillar.objects.get().sort_key == natural_sort_key("2")
    assert Objective.objects.get().sort_key == natural_sort_key("2.1")
    assert Activity.objects.get(pk=activity.pk).sort_key == natural_sort_key("2.1.10")
