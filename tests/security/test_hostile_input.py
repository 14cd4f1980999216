"""Hostile input answers a clear 400 or a form error, never a server error: NUL characters, numbers that are
not finite, broken XML inside an XLSX, and `$…$` in names that charts draw."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from reports.models import StatValue
from strategy.models import Activity
from tests.security.test_uploads import download, rewrite_member, small_workbook, stored, upload

pytestmark = pytest.mark.django_db


# NUL characters ------------------------------------------------------------------------------------------------


def test_a_nul_character_in_the_report_form_is_refused_and_nothing_is_saved(setup, filled_report, reporter,
                                                                           client_for):
    progress = setup.answered_progress()
    progress[setup.activities[0].pk]["narrative"] = "Trajnime\x00 të zhvilluara"
    values = {**setup.valid_values(), (setup.minors.pk, ""): 4}
    before = stored(filled_report), sorted(filled_report.progress.values_list("narrative", flat=True))
    response = client_for(reporter).post(reverse("reports:report_edit", args=[filled_report.pk]),
                                         setup.post_data(filled_report, values=values, progress=progress))
    assert response.status_code == 400
    assert "control character" in response.content.decode()
    assert (stored(filled_report), sorted(filled_report.progress.values_list("narrative", flat=True))) == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_nul_character_anywhere_answers_400(method, director, client_for):
    client = client_for(director)
    response = getattr(client, method)(reverse("institutions:user_list"), {"q\x00": "a", "search": "x\x00y"})
    assert response.status_code == 400
    assert "control character" in response.content.decode()


# Numbers that are not finite -----------------------------------------------------------------------------------


def _with_cell(form, cell_text):
    """The downloaded statistics form with its first input cell holding the raw XML number `cell_text`."""
    workbook = load_workbook(io.BytesIO(form))
    sheet_name, coordinate = workbook["_info"]["A8"].value, workbook["_info"]["B8"].value
    workbook[sheet_name][coordinate] = 987654321
    buffer = io.BytesIO()
    workbook.save(buffer)
    index = workbook.sheetnames.index(sheet_name) + 1
    return rewrite_member(buffer.getvalue(), f"xl/worksheets/sheet{index}.xml",
                          lambda data: data.replace(b"<v>987654321</v>", f"<v>{cell_text}</v>".encode()))


@pytest.mark.parametrize("number", ["1E999", "-1E999"])
def test_a_number_cell_of_1e999_is_a_cell_error(number, filled_report, reporter, client_for):
    client = client_for(reporter)
    before = stored(filled_report)
    response = upload(client, filled_report, _with_cell(download(client, filled_report), number))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nothing was imported" in body and ", cell " in body
    assert stored(filled_report) == before


@pytest.mark.parametrize("number", ["inf", "nan", "NaN", "Infinity", "0x10"])
def test_a_number_cell_that_is_not_a_number_is_refused(number, filled_report, reporter, client_for):
    client = client_for(reporter)
    before = stored(filled_report)
    response = upload(client, filled_report, _with_cell(download(client, filled_report), number))
    assert response.status_code == 400
    assert "not a valid XLSX spreadsheet" in response.content.decode()
    assert stored(filled_report) == before


@pytest.mark.parametrize("number", ["1E999", "-1E999", "NaN", "1E300"])
def test_a_number_in_the_hidden_sheet_is_refused(number, filled_report, reporter, client_for):
    """The hidden sheet names each input cell's indicator by its id: 1E999 there is no id."""
    client = client_for(reporter)
    workbook = load_workbook(io.BytesIO(download(client, filled_report)))
    workbook["_info"]["C8"] = 987654321
    buffer = io.BytesIO()
    workbook.save(buffer)
    index = workbook.sheetnames.index("_info") + 1
    payload = rewrite_member(buffer.getvalue(), f"xl/worksheets/sheet{index}.xml",
                             lambda data: data.replace(b"<v>987654321</v>", f"<v>{number}</v>".encode()))
    before = stored(filled_report)
    response = upload(client, filled_report, payload)
    assert response.status_code == 400
    body = response.content.decode()
    assert any(message in body for message in ["The hidden sheet of this spreadsheet was changed",
                                               "This form no longer matches", "not a valid XLSX spreadsheet"])
    assert stored(filled_report) == before


@pytest.mark.parametrize("number", ["nan", "inf", "1E999"])
def test_the_plan_import_refuses_a_number_cell_that_is_not_a_number(number, director, client_for):
    """Read-only, openpyxl reads the cells while the rows are read: a bad number surfaces there."""
    from tests.reports.builders import make_plan

    plan = make_plan()
    payload = rewrite_member(small_workbook("activity_code", 987654321), "xl/worksheets/sheet1.xml",
                             lambda data: data.replace(b"<v>987654321</v>", f"<v>{number}</v>".encode()))
    response = client_for(director).post(reverse("strategy:import_upload", args=[plan.pk]),
                                         {"file": SimpleUploadedFile("plan.xlsx", payload)})
    assert response.status_code in {200, 302}
    assert not Activity.objects.filter(plan=plan).exists()


@pytest.mark.parametrize("number", ["1E999", "inf", "nan", "Infinity", "1e5"])
def test_the_plan_import_refuses_a_cost_that_is_not_a_finite_number(number, director, client_for):
    from tests.reports.builders import make_plan
    from tests.strategy.test_import import HEADER, row, xlsx_file

    plan = make_plan()
    client = client_for(director)
    sent = client.post(reverse("strategy:import_upload", args=[plan.pk]),
                       {"file": xlsx_file([row("2.1.1", estimated_cost=number)], header=HEADER)})
    preview = client.get(sent["Location"]) if sent.status_code == 302 else sent
    assert preview.status_code == 200
    applied = client.post(reverse("strategy:import_preview", args=[plan.pk]), {"apply": "1"})
    assert applied.status_code == 200
    assert not Activity.objects.filter(plan=plan).exists()


# Broken XML inside an XLSX -------------------------------------------------------------------------------------

BROKEN_XML = [
    pytest.param(lambda data: data[: len(data) // 2], id="cut in half"),
    pytest.param(lambda data: data.replace(b"</", b"<", 1), id="unclosed"),
    pytest.param(lambda data: b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><x>&a;&b;</x>", id="entities"),
    pytest.param(lambda data: b"\x00\xff garbage", id="not xml"),
]


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                    "xl/styles.xml", "[Content_Types].xml"])
@pytest.mark.parametrize("damage", BROKEN_XML)
def test_the_statistics_upload_refuses_broken_xml(member, damage, filled_report, reporter, client_for):
    client = client_for(reporter)
    before = stored(filled_report)
    response = upload(client, filled_report, rewrite_member(download(client, filled_report), member, damage))
    assert response.status_code == 400
    assert "not a valid XLSX spreadsheet" in response.content.decode()
    assert stored(filled_report) == before


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                    "xl/styles.xml", "[Content_Types].xml"])
@pytest.mark.parametrize("damage", BROKEN_XML)
def test_the_plan_import_refuses_broken_xml(member, damage, director, client_for):
    from tests.reports.builders import make_plan

    plan = make_plan()
    payload = small_workbook("activity_code", "text that goes into shared strings")
    response = client_for(director).post(reverse("strategy:import_upload", args=[plan.pk]),
                                         {"file": SimpleUploadedFile("plan.xlsx", rewrite_member(payload, member, damage))})
    assert response.status_code == 200
    assert "not a valid XLSX spreadsheet" in response.content.decode()
    assert not Activity.objects.filter(plan=plan).exists()


def test_statvalues_untouched_sanity(filled_report):
    assert StatValue.objects.filter(report=filled_report).exists()


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), Decimal("NaN"), Decimal("sNaN"),
                                   Decimal("Infinity")])
def test_a_cell_that_is_not_a_finite_number_is_refused_by_the_parser(value):
    from reports.numbers import parse_cell_value
    from strategy.choices import IndicatorUnit

    assert parse_cell_value(value, IndicatorUnit.COUNT) == (None, "Enter a number (digits only).")
