"""One number format everywhere a person reads numbers, and spreadsheets that carry numbers and dates as such."""

import datetime
import io
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone
from django.utils.translation import override
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from antitrafik.formatting import format_money, format_number
from antitrafik.spreadsheets import xlsx_response


@pytest.mark.parametrize(("language", "value", "text"), [
    ("sq", Decimal("83950000.00"), "83.950.000"), ("en", Decimal("83950000.00"), "83,950,000"),
    ("sq", Decimal("12.50"), "12,5"), ("en", Decimal("12.50"), "12.5"), ("sq", 7, "7"), ("sq", None, ""),
    ("en", 1234.567, "1,234.57"),
])
def test_numbers_are_grouped_in_the_readers_language_without_stray_zeros(language, value, text):
    with override(language):
        assert format_number(value) == text
        assert Template("{% load numbers %}{{ v|num }}").render(Context({"v": value})) == text


def test_money_carries_its_currency():
    with override("sq"):
        assert format_money(Decimal("83950000.00")) == "83.950.000 lekë"
    with override("en"):
        assert format_money(Decimal("83950000.00")) == "83,950,000 ALL"
    assert format_money(None) == ""


def test_django_number_filters_group_albanian_too():
    """Django's own Albanian formats do not group thousands; the project's formats (antitrafik/formats) do."""
    with override("sq"):
        assert Template('{{ v|floatformat:"0g" }}').render(Context({"v": 83950000})) == "83.950.000"


def test_xlsx_exports_keep_numbers_and_dates_with_formats_and_widths():
    moment = timezone.make_aware(datetime.datetime(2026, 3, 5, 14, 30))
    response = xlsx_response("x.xlsx", [("Data", ["Name", "Cost", "Share", "Due", "When"], [
        ["=cmd", Decimal("83950000.00"), Decimal("12.5"), datetime.date(2026, 4, 15), moment],
        ["A much longer name than the header holds", 5, 0.25, None, None],
    ])])
    sheet = load_workbook(io.BytesIO(response.content))["Data"]
    name, cost, share, due, when = sheet[2]
    assert name.value == "'=cmd"  # text stays neutralised
    assert cost.value == 83950000 and cost.number_format == "#,##0"
    assert share.value == 12.5 and share.number_format == "#,##0.00"
    assert due.value == datetime.datetime(2026, 4, 15) and due.number_format == "dd.mm.yyyy"
    assert when.value == datetime.datetime(2026, 3, 5, 14, 30) and when.number_format == "dd.mm.yyyy hh:mm"
    assert sheet.column_dimensions["A"].width >= len("A much longer name than the header holds")
    assert sheet.column_dimensions["B"].width >= len("83,950,000")
    assert 8 <= sheet.column_dimensions["D"].width <= 20


@given(st.integers(min_value=-(10**16), max_value=10**16), st.sampled_from(["sq", "en"]))
def test_whole_numbers_are_grouped_exactly_as_djangos_floatformat_groups_them(number, language):
    # format_number groups whole numbers itself (a report page shows hundreds): the same text as Django's.
    from django.template.defaultfilters import floatformat

    with override(language):
        assert format_number(number) == floatformat(Decimal(number), "0g")
        assert format_number(Decimal(number) / 1) == floatformat(Decimal(number), "0g")
