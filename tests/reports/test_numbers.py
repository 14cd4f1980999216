"""Bad input: figures typed in Albanian or English notation, "at least" figures, through the one parser
that the report form and the spreadsheet upload share."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from reports.models import ActivityProgress, StatValue
from reports.numbers import AtLeast, parse_cell_value, parse_figure
from strategy.choices import IndicatorUnit

# (typed, Albanian reading, English reading); None: refused. Decimals allowed (money, rates).
NOTATIONS = [
    ("1500", Decimal(1500), Decimal(1500)),
    ("1.500", Decimal(1500), Decimal("1.5")),
    ("1,500", Decimal("1.5"), Decimal(1500)),
    ("1 500", Decimal(1500), Decimal(1500)),
    ("1\u00a0500", Decimal(1500), Decimal(1500)),  # a non-breaking space, as spreadsheets copy it
    ("1.500.000", Decimal(1500000), Decimal(1500000)),
    ("1,500,000", Decimal(1500000), Decimal(1500000)),
    ("1 500 000", Decimal(1500000), Decimal(1500000)),
    ("1,5", Decimal("1.5"), Decimal("1.5")),
    ("1.5", Decimal("1.5"), Decimal("1.5")),
    ("1.500,25", Decimal("1500.25"), Decimal("1500.25")),
    ("1,500.25", Decimal("1500.25"), Decimal("1500.25")),
    ("1 500,5", Decimal("1500.5"), Decimal("1500.5")),
    ("0,500", Decimal("0.5"), Decimal("0.5")),  # "0.500" is never a thousand
    ("12.345.67", None, None),
    ("1 50", None, None),
    ("1.2.3", None, None),
    ("12a", None, None),
    ("1,2345", None, None),  # more than two decimals
]


@pytest.mark.parametrize("typed,albanian,english", NOTATIONS)
def test_notation_of_each_language(typed, albanian, english):
    for language, expected in (("sq", albanian), ("en", english)):
        value, error = parse_figure(typed, language=language)
        assert (value, error is None) == (expected, expected is not None), (language, typed, value, error)


@pytest.mark.parametrize("language,typed,reading,example", [
    ("sq", "1,5", "1,5", "1.500"),
    ("sq", "1,500", "1,5", "1.500"),
    ("en", "1.5", "1.5", "1,500"),
    ("en", "1.500", "1.5", "1,500"),
])
def test_a_fraction_on_a_count_says_how_it_was_read(language, typed, reading, example):
    from django.utils import translation

    with translation.override("en"):  # the message's own language; the notation is the argument
        value, error = parse_figure(typed, whole=True, language=language)
        assert value is None
        assert str(error) == (f"A count is a whole number: “{typed}” reads as {reading} here. Write one thousand "
                              f"five hundred as 1500 or {example}.")


@pytest.mark.parametrize("typed", ["≥ 15", "≥15", ">=15", ">= 15", "=>15", "min 15", "min. 15", "Min 15",
                                   "at least 15", "të paktën 15"])
def test_at_least_syntaxes(typed):
    value, error = parse_figure(typed, whole=True, language="sq")
    assert error is None and isinstance(value, AtLeast) and value == 15


@pytest.mark.parametrize("typed,message", [
    ("> 15", "Write “at least 15” as ≥ 15 or >=15."),
    ("< 15", "Only “at least” figures can be entered"),
    ("≥", "Write the number after “≥”"),
    ("≥ -3", "cannot be negative"),
    ("-1.500", "cannot be negative"),
])
def test_bounds_that_are_not_at_least_are_refused(typed, message):
    value, error = parse_figure(typed, language="sq")
    assert value is None and message in str(error)


def test_money_takes_no_at_least():
    value, error = parse_figure("≥ 1.500", language="sq", allow_lower_bound=False)
    assert value is None and "only for statistics" in str(error)


@pytest.mark.parametrize("cell,language,expected", [
    (1500, "sq", Decimal(1500)),
    (1500.0, "sq", Decimal(1500)),
    (Decimal("1.5"), "sq", None),  # a count: a spreadsheet number 1.5 is one and a half, in any language
    ("1.500", "sq", Decimal(1500)),
    ("1.500", "en", None),
    ("1,500", "en", Decimal(1500)),
    ("≥15", "en", AtLeast(15)),
    (-2, "sq", None),
    (True, "sq", None),
])
def test_spreadsheet_cells(cell, language, expected):
    value, error = parse_cell_value(cell, IndicatorUnit.COUNT, language=language)
    assert value == expected and (error is None) == (expected is not None)
    if expected is not None:
        assert isinstance(value, AtLeast) == isinstance(expected, AtLeast)


# ---------------------------------------------------------------------------------------------
# Through the form and the upload, in each language
# ---------------------------------------------------------------------------------------------


def in_language(client, language):
    """The client with the interface language chosen (the language cookie wins over the user's preference)."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def edit_url(report):
    return reverse("reports:report_edit", args=[report.pk])


def stored(report):
    return {(v.indicator_id, v.cell_key): (v.value, v.is_lower_bound) for v in StatValue.objects.filter(report=report)}


@pytest.mark.django_db
@pytest.mark.parametrize("language,typed,expected", [
    ("sq", "1.500", 1500),
    ("sq", "1 500", 1500),
    ("en", "1,500", 1500),
    ("en", "1 500", 1500),
])
def test_the_form_reads_thousands_in_the_interface_language(language, typed, expected, setup, report, reporter,
                                                            client_for):
    values = {**setup.valid_values(), (setup.minors.pk, ""): "3", (setup.victims.pk, ""): typed}
    # The breakdown no longer adds up, but saving keeps what was typed: the check comes on submission.
    response = in_language(client_for(reporter), language).post(edit_url(report), setup.post_data(report, values=values))
    assert response.status_code == 302
    assert stored(report)[(setup.victims.pk, "")] == (expected, False)


@pytest.mark.django_db
@pytest.mark.parametrize("language,typed,message", [
    ("sq", "1,5", "Një numërim është numër i plotë: “1,5” lexohet këtu si 1,5."),
    ("en", "1.500", "A count is a whole number: “1.500” reads as 1.5 here."),
])
def test_the_form_refuses_a_fraction_on_a_count_with_a_clear_message(language, typed, message, setup, report,
                                                                     reporter, client_for):
    values = {**setup.valid_values(), (setup.minors.pk, ""): typed}
    response = in_language(client_for(reporter), language).post(edit_url(report), setup.post_data(report, values=values))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and f'id="v-{setup.minors.pk}--msg"' in page
    assert not StatValue.objects.filter(report=report).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("language,typed,expected", [("sq", "1.500,50", Decimal("1500.50")),
                                                     ("en", "1,500.50", Decimal("1500.50"))])
def test_money_spent_in_each_notation(language, typed, expected, setup, report, reporter, client_for):
    progress = {setup.activities[0].pk: {"status": "in_progress", "spent": typed}}
    response = in_language(client_for(reporter), language).post(edit_url(report), setup.post_data(report, progress=progress))
    assert response.status_code == 302
    assert ActivityProgress.objects.get(report=report).spent == expected


def download(client, report):
    response = client.get(reverse("reports:report_xlsx", args=[report.pk]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def upload(client, report, workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return client.post(reverse("reports:report_upload", args=[report.pk]),
                       {"file": SimpleUploadedFile("form.xlsx", buffer.getvalue())})


def cell_of(workbook, indicator_id, key):
    for row in workbook["_info"].iter_rows(min_row=8, values_only=True):
        if row[2] == indicator_id and (row[3] or "") == key:
            return workbook[row[0]][row[1]]
    raise AssertionError("cell not in the form")


@pytest.mark.django_db
@pytest.mark.parametrize("language,typed,expected", [("sq", "1.500", 1500), ("en", "1,500", 1500)])
def test_the_upload_reads_text_cells_in_the_interface_language(language, typed, expected, setup, filled_report,
                                                               reporter, client_for):
    client = in_language(client_for(reporter), language)
    workbook = download(client, filled_report)
    cell_of(workbook, setup.trainings.pk, "").value = typed
    assert upload(client, filled_report, workbook).status_code == 302
    assert stored(filled_report)[(setup.trainings.pk, "")] == (expected, False)


@pytest.mark.django_db
def test_the_upload_refuses_a_fraction_on_a_count_naming_the_cell(setup, filled_report, reporter, client_for):
    client = in_language(client_for(reporter), "en")
    workbook = download(client, filled_report)
    cell = cell_of(workbook, setup.trainings.pk, "")
    cell.value = "1.500"
    response = upload(client, filled_report, workbook)
    assert response.status_code == 400
    assert f"Sheet V03, cell {cell.coordinate}: A count is a whole number: “1.500” reads as 1.5 here." in \
        response.content.decode()
