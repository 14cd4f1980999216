"""Spreadsheet helpers shared by every export and import: XLSX/CSV out (injection-safe), and uploads in."""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class SpreadsheetError(Exception):
    """An upload that cannot be read as a spreadsheet; the message is for the user."""


def safe_cell(value):
    """Neutralise formula injection: text that starts with = + - @ or a tab gets a leading quote.

    Numbers, dates and None pass unchanged so they stay numbers in the spreadsheet.
    """
    if value is None or isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    if not isinstance(value, str):
        return value
    if value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def unneutralise(value):
    """Undo `safe_cell` on import, so that export → import is lossless."""
    if isinstance(value, str) and value.startswith("'") and value[1:2] and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def xlsx_response(filename, sheets):
    """An XLSX download. `sheets` is a list of (title, header, rows); every cell goes through `safe_cell`."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        sheet.append([str(h) for h in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename, header, rows):
    """A CSV download (UTF-8 with BOM so spreadsheet programs read ë and ç); cells through `safe_cell`."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([str(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def read_table(uploaded, *, max_bytes=MAX_UPLOAD_BYTES, sheet=None):
    """Read an uploaded .xlsx or .csv into (header, rows) with rows as lists of cell values.

    Raises SpreadsheetError with a message for the user when the file is too large, of another
    type, or not readable. Row numbers for messages are index + 2 (the header is row 1).
    """
    name = (getattr(uploaded, "name", "") or "").lower()
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_bytes:
        raise SpreadsheetError(_("The file is too large (at most %(mb)s MB).") % {"mb": max_bytes // (1024 * 1024)})
    data = uploaded.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SpreadsheetError(_("The file is too large (at most %(mb)s MB).") % {"mb": max_bytes // (1024 * 1024)})
    if name.endswith(".xlsx"):
        return _read_xlsx(data, sheet)
    if name.endswith(".csv"):
        return _read_csv(data)
    raise SpreadsheetError(_("Upload an .xlsx or .csv file."))


def _read_xlsx(data, sheet):
    import zipfile

    from openpyxl import load_workbook

    if not data.startswith(b"PK"):
        raise SpreadsheetError(_("This file is not a valid XLSX spreadsheet."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise SpreadsheetError(_("This file is not a valid XLSX spreadsheet.")) from None
    try:
        worksheet = workbook[sheet] if sheet and sheet in workbook.sheetnames else workbook.worksheets[0]
    except IndexError:
        raise SpreadsheetError(_("The spreadsheet has no sheet.")) from None
    rows = [list(r) for r in worksheet.iter_rows(values_only=True)]
    workbook.close()
    rows = [[unneutralise(v) for v in r] for r in rows if any(v not in (None, "") for v in r)]
    if not rows:
        raise SpreadsheetError(_("The spreadsheet is empty."))
    return [str(h).strip() if h is not None else "" for h in rows[0]], rows[1:]


def _read_csv(data):
    for encoding in ("utf-8-sig", "cp1250", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in text:
        raise SpreadsheetError(_("This file is not a readable CSV file."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [r for r in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in r)]
    except csv.Error:
        raise SpreadsheetError(_("This file is not a readable CSV file.")) from None
    if not rows:
        raise SpreadsheetError(_("The spreadsheet is empty."))
    rows = [[unneutralise(c.strip()) if c.strip() != "" else None for c in r] for r in rows]
    return [str(h or "").strip() for h in rows[0]], rows[1:]
