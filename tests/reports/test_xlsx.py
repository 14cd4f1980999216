"""The statistics spreadsheet round trip: download pre-filled, upload back, all or nothing, cell messages."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from reports import services
from reports.choices import EventKind
from reports.models import ReportEvent, StatValue
from tests.reports.builders import make_period


def download(client, report):
    response = client.get(reverse("reports:report_xlsx", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def upload(client, report, workbook, name="form.xlsx"):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return client.post(reverse("reports:report_upload", args=[report.pk]),
                       {"file": SimpleUploadedFile(name, buffer.getvalue())})


def cell_of(workbook, indicator_id, key):
    """(sheet, coordinate) of a cell, from the hidden mapping sheet."""
    for row in workbook["_info"].iter_rows(min_row=8, values_only=True):
        if row[2] == indicator_id and (row[3] or "") == key:
            return workbook[row[0]][row[1]]
    raise AssertionError("cell not in the form")


def stored(report):
    return {(v.indicator_id, v.cell_key): v.value for v in StatValue.objects.filter(report=report)}


@pytest.mark.django_db
def test_round_trip(setup, filled_report, reporter, client_for):
    client = client_for(reporter)
    workbook = download(client, filled_report)
    assert workbook["_info"].sheet_state == "hidden"
    assert workbook["V01"]["A1"].value.startswith("V01")
    assert cell_of(workbook, setup.victims.pk, "").value == 10  # pre-filled
    before = stored(filled_report)
    # Unchanged upload: same values.
    assert upload(client, filled_report, workbook).status_code == 302
    assert stored(filled_report) == before
    # Change one cell, empty another.
    cell_of(workbook, setup.minors.pk, "").value = 2
    cell_of(workbook, setup.trainings.pk, setup.key(setup.north)).value = None
    assert upload(client, filled_report, workbook).status_code == 302
    after = stored(filled_report)
    assert after[(setup.minors.pk, "")] == 2
    assert (setup.trainings.pk, setup.key(setup.north)) not in after
    assert ReportEvent.objects.filter(report=filled_report, kind=EventKind.IMPORTED).count() == 2


@pytest.mark.django_db
def test_bad_cells_are_listed_and_nothing_is_imported(setup, filled_report, reporter, client_for):
    client = client_for(reporter)
    workbook = download(client, filled_report)
    cell_of(workbook, setup.minors.pk, "").value = "shumë"
    bad = cell_of(workbook, setup.victims.pk, setup.key(setup.female, setup.minor))
    bad.value = -4
    good = cell_of(workbook, setup.trainings.pk, "")
    good.value = 99
    response = upload(client, filled_report, workbook)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Sheet V02, cell B4: Enter a number" in page
    assert f"Sheet V01, cell {bad.coordinate}: A value cannot be negative." in page
    assert stored(filled_report)[(setup.trainings.pk, "")] == 4  # all or nothing


@pytest.mark.django_db
def test_another_institutions_or_periods_form_is_refused(setup, filled_report, reporter, other_reporter, client_for):
    other_report = services.report_start(institution=other_reporter.institution, period=setup.period, by=other_reporter)
    workbook = download(client_for(other_reporter), other_report)
    response = upload(client_for(reporter), filled_report, workbook)
    assert response.status_code == 400
    assert "another institution (OTHER)" in response.content.decode()

    later = services.report_start(institution=setup.institution, period=make_period(setup.plan, 2026, 3), by=reporter)
    workbook = download(client_for(reporter), later)
    response = upload(client_for(reporter), filled_report, workbook)
    assert response.status_code == 400 and "another period" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name,content", [
    ("form.xlsx", b"this is not a spreadsheet"),
    ("form.pdf", b"%PDF-1.4"),
    ("form.xlsx", b"PK\x03\x04broken zip"),
])
def test_a_file_that_is_not_a_spreadsheet_is_refused(name, content, filled_report, reporter, client_for):
    before = stored(filled_report)
    response = client_for(reporter).post(reverse("reports:report_upload", args=[filled_report.pk]),
                                         {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert "XLSX" in response.content.decode()
    assert stored(filled_report) == before


@pytest.mark.django_db
def test_a_plain_spreadsheet_is_refused(filled_report, reporter, client_for):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "V01"
    response = upload(client_for(reporter), filled_report, workbook)
    assert response.status_code == 400
    assert "not a statistics form downloaded from Antitrafik" in response.content.decode()


@pytest.mark.django_db
def test_the_unit_can_download_but_not_upload(filled_report, coordinator, client_for):
    client = client_for(coordinator)
    download(client, filled_report)
    assert client.get(reverse("reports:report_upload", args=[filled_report.pk])).status_code == 403


@pytest.mark.django_db
def test_formula_cells_without_a_computed_value_are_named_not_imported_as_empty(setup, filled_report, reporter,
                                                                                 client_for):
    """openpyxl (like some other programs) writes formulas without computing them: the file has no value there."""
    client = client_for(reporter)
    workbook = download(client, filled_report)
    formula = cell_of(workbook, setup.minors.pk, "")
    formula.value = "=1+2"
    response = upload(client, filled_report, workbook)
    assert response.status_code == 400
    page = response.content.decode()
    assert (f"Sheet V02, cell {formula.coordinate}: formula without a computed value — open and save the file in "
            "Excel or LibreOffice, then upload it again.") in page
    assert "listed above" in page
    assert stored(filled_report)[(setup.minors.pk, "")] == 3  # nothing imported, nothing emptied
