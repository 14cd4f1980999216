"""Hostile uploads: zip bombs, sheets that declare a huge size, tampered cell names, CSVs with too many rows."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from antitrafik.spreadsheets import MAX_COLUMNS, SpreadsheetError, read_table
from reports.models import StatValue
from strategy.models import Activity

SHEET = "xl/worksheets/sheet1.xml"


def rewrite_member(payload, member, change):
    """A copy of the XLSX `payload` whose `member` went through `change(bytes) -> bytes`."""
    source = zipfile.ZipFile(io.BytesIO(payload))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item.filename, change(data) if item.filename == member else data)
    return out.getvalue()


def small_workbook(*values):
    workbook = Workbook()
    for value in values:
        workbook.active.append([value])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def deflate_bomb(payload, member=SHEET, megabytes=60):
    """`member` padded with `megabytes` MB of blanks: a file of a few hundred kB that unpacks to much more."""
    padding = b" " * (megabytes << 20)
    return rewrite_member(payload, member, lambda data: data.replace(b"<sheetData>", b"<sheetData>" + padding, 1))


# The shared reader (plan import) ---------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    bomb = deflate_bomb(small_workbook("code", "x"))
    assert len(bomb) < 1024 * 1024
    with translation.override("en"), pytest.raises(SpreadsheetError, match="too large once unpacked"):
        read_table(SimpleUploadedFile("plan.xlsx", bomb))


def test_a_declared_sheet_size_is_not_trusted():
    """A tiny file declaring A1:XFD3000 must not make every row 16,384 cells wide (or pad 3,000 rows)."""
    def declare_huge(data):
        data = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD3000"/>', data)
        return data.replace(b"</sheetData>", b'<row r="3000"><c r="A3000" t="inlineStr"><is><t>y</t></is></c></row></sheetData>')

    payload = rewrite_member(small_workbook("code", "x"), SHEET, declare_huge)
    header, rows = read_table(SimpleUploadedFile("plan.xlsx", payload))
    assert header == ["code"]
    assert rows == [["x"], ["y"]]


def test_wide_rows_are_cut_to_the_column_limit():
    workbook = Workbook()
    workbook.active.append(["code"])
    workbook.active.cell(row=2, column=MAX_COLUMNS + 500, value="far away")
    workbook.active.cell(row=3, column=1, value="x")
    buffer = io.BytesIO()
    workbook.save(buffer)
    header, rows = read_table(SimpleUploadedFile("plan.xlsx", buffer.getvalue()))
    assert len(header) <= MAX_COLUMNS and all(len(r) <= MAX_COLUMNS for r in rows)
    assert [r[0] for r in rows] == ["x"]


def test_a_csv_with_too_many_rows_is_refused_while_reading():
    with translation.override("en"), pytest.raises(SpreadsheetError, match="more than 10 rows"):
        read_table(SimpleUploadedFile("plan.csv", b"code\n" + b"a\n" * 11), max_rows=10)
    header, rows = read_table(SimpleUploadedFile("plan.csv", b"code\n" + b"a\n\n" * 10), max_rows=10)
    assert len(rows) == 10  # blank lines are not counted


@pytest.mark.django_db
def test_the_plan_import_page_refuses_a_zip_bomb(director, client_for):
    from tests.reports.builders import make_plan

    plan = make_plan()
    bomb = deflate_bomb(small_workbook("activity_code", "1.1.1"))
    response = client_for(director).post(reverse("strategy:import_upload", args=[plan.pk]),
                                         {"file": SimpleUploadedFile("plan.xlsx", bomb)})
    assert response.status_code == 200
    assert "too large once unpacked" in response.content.decode()
    assert not Activity.objects.filter(plan=plan).exists()


# The statistics form of a quarterly report -------------------------------------------------------------------


def download(client, report):
    response = client.get(reverse("reports:report_xlsx", args=[report.pk]))
    return response.content


def upload(client, report, payload):
    return client.post(reverse("reports:report_upload", args=[report.pk]),
                       {"file": SimpleUploadedFile("form.xlsx", payload)})


def stored(report):
    return sorted(StatValue.objects.filter(report=report).values_list("indicator_id", "cell_key", "value"))


@pytest.mark.django_db
@pytest.mark.parametrize("coordinate", ["A1:XFD1048576", "not a cell", "ZZZZ99999999", "B4; A1"])
def test_a_tampered_cell_name_in_the_hidden_sheet_is_refused(filled_report, reporter, client_for, coordinate):
    client = client_for(reporter)
    workbook = load_workbook(io.BytesIO(download(client, filled_report)))
    workbook["_info"]["B8"] = coordinate
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = stored(filled_report)
    response = upload(client, filled_report, buffer.getvalue())
    assert response.status_code == 400
    assert "The hidden sheet of this spreadsheet was changed" in response.content.decode()
    assert stored(filled_report) == before


@pytest.mark.django_db
def test_a_zip_bomb_statistics_form_is_refused(filled_report, reporter, client_for):
    client = client_for(reporter)
    form = download(client, filled_report)
    first_sheet = next(n for n in zipfile.ZipFile(io.BytesIO(form)).namelist() if n.startswith("xl/worksheets/"))
    bomb = deflate_bomb(form, member=first_sheet, megabytes=20)
    before = stored(filled_report)
    response = upload(client, filled_report, bomb)
    assert response.status_code == 400
    assert "too large once unpacked" in response.content.decode()
    assert stored(filled_report) == before


# The size limit: one check (antitrafik.spreadsheets.read_upload) for both uploads -------------------------------


class Liar(io.BytesIO):
    """An upload that declares itself small whatever it holds."""

    name = "form.xlsx"
    size = 10


@pytest.mark.parametrize("declared", [True, False], ids=["declared size", "lying about its size"])
def test_both_uploads_refuse_a_file_over_the_limit_alike(declared):
    from reports import xlsx

    big = b"PK" + b"0" * (6 * 1024 * 1024)
    messages = []
    for read in (read_table, lambda upload: xlsx.read_statistics(upload, data=None)):
        upload = SimpleUploadedFile("form.xlsx", big) if declared else Liar(big)
        with translation.override("en"), pytest.raises(SpreadsheetError) as error:
            read(upload)
        messages.append(str(error.value))
    assert messages == ["The file is too large (at most 5 MB)."] * 2
