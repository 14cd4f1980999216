"""Spreadsheet helpers shared by every export and import: XLSX/CSV out (injection-safe), and uploads in."""

import csv
import datetime
import io
import math
import zipfile
import zlib
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from antitrafik.errors import DomainError

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# An XLSX is a zip: what it unpacks to is limited too, so a small file cannot expand into gigabytes.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 1000
# Rows and columns read from an upload (blank rows are skipped and not counted).
MAX_ROWS = 50000
MAX_COLUMNS = 100


class SpreadsheetError(DomainError):
    """An upload that cannot be read as a spreadsheet; the message is for the user."""


# What openpyxl raises on a damaged file, while opening it or, read-only, while reading its rows: a broken zip,
# a missing part, malformed XML (xml.etree's ParseError and lxml's errors are SyntaxErrors), a value that is not
# what its cell type says ("nan" in a number cell, a date serial out of range).
UNREADABLE_XLSX = (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, SyntaxError, OverflowError,
                   IndexError, AttributeError, EOFError, zlib.error)


def unreadable_xlsx():
    """The refusal of an XLSX that cannot be read."""
    return SpreadsheetError(_("This file is not a valid XLSX spreadsheet."))


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


def attachment(response, filename):
    """Mark `response` as a download named `filename`, quoted (or RFC 5987-encoded) whatever the name holds."""
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


# Number formats of exported cells: the spreadsheet program shows them with the reader's own separators.
WHOLE_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
DATE_FORMAT = "dd.mm.yyyy"
DATETIME_FORMAT = "dd.mm.yyyy hh:mm"
MIN_WIDTH, MAX_WIDTH = 8, 60


def excel_value(value):
    """(value, number format) of a cell: numbers stay numbers and dates dates, with a format; text is neutralised.

    Excel has no time zones: an aware datetime is written in the application's local time."""
    if isinstance(value, bool) or value is None:
        return value, None
    if isinstance(value, int | float | Decimal):
        return value, WHOLE_FORMAT if _whole(value) else DECIMAL_FORMAT
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        return value, DATETIME_FORMAT
    if isinstance(value, datetime.date):
        return value, DATE_FORMAT
    return safe_cell(value if isinstance(value, str) else str(value)), None


def _whole(number):
    finite = number.is_finite() if isinstance(number, Decimal) else math.isfinite(number)
    return finite and number == int(number)


def _shown_width(value):
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return len(f"{int(value):,}") if _whole(value) else len(f"{value:,.2f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def xlsx_response(filename, sheets):
    """An XLSX download. `sheets` is a list of (title, header, rows): numbers and dates stay numbers and dates
    with a number format, text goes through `safe_cell`, and each column is as wide as what it holds."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        sheet.append([str(h) for h in header])
        widths = [len(str(h)) for h in header]
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            cells = [excel_value(v) for v in row]
            sheet.append([value for value, _format in cells])
            for cell, (_value, number_format) in zip(sheet[sheet.max_row], cells, strict=False):
                if number_format:
                    cell.number_format = number_format
            for index, (value, _format) in enumerate(cells):
                if index >= len(widths):
                    widths.append(0)
                if value is not None:
                    widths[index] = max(widths[index], _shown_width(value))
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, max(MIN_WIDTH, width + 2))
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    return attachment(response, filename)


def csv_response(filename, header, rows):
    """A CSV download (UTF-8 with BOM so spreadsheet programs read ë and ç); cells through `safe_cell`."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([str(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type=CSV_CONTENT_TYPE)
    return attachment(response, filename)


def check_xlsx_archive(data, *, max_unpacked=MAX_UNPACKED_BYTES):
    """Refuse an XLSX (a zip) that would unpack to more than `max_unpacked` bytes, before anything unpacks it.

    Python's zipfile never inflates a member beyond the size its header declares, so adding up the
    declared sizes bounds what reading the file can cost.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise unreadable_xlsx() from None
    if len(members) > MAX_ARCHIVE_MEMBERS or sum(m.file_size for m in members) > max_unpacked:
        raise SpreadsheetError(_("The spreadsheet is too large once unpacked (at most %(mb)s MB).")
                               % {"mb": max_unpacked // (1024 * 1024)})


def _kept_rows(rows, max_rows):
    """The rows that are not blank, refusing more than `max_rows` of them (counted while reading)."""
    kept = []
    for row in rows:
        if row.count(None) + row.count("") < len(row):  # counted in C: fast over long runs of blank rows
            if len(kept) >= max_rows + 1:
                raise SpreadsheetError(_("The file has more than %(n)s rows.") % {"n": max_rows})
            kept.append(list(row[:MAX_COLUMNS]))
    return kept


def read_upload(uploaded, *, max_bytes=MAX_UPLOAD_BYTES):
    """The bytes of an uploaded file, refused (SpreadsheetError) when it is larger than `max_bytes`.

    The declared size is checked first, and at most `max_bytes` + 1 bytes are read whatever it declares.
    """
    too_large = _("The file is too large (at most %(mb)s MB).") % {"mb": max_bytes // (1024 * 1024)}
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_bytes:
        raise SpreadsheetError(too_large)
    data = uploaded.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SpreadsheetError(too_large)
    return data


def read_table(uploaded, *, max_bytes=MAX_UPLOAD_BYTES, sheet=None, max_rows=MAX_ROWS):
    """Read an uploaded .xlsx or .csv into (header, rows) with rows as lists of cell values.

    Raises SpreadsheetError with a message for the user when the file is too large (also once
    unpacked, or in rows), of another type, or not readable. Row numbers for messages are
    index + 2 (the header is row 1). At most MAX_COLUMNS columns are read.
    """
    name = (getattr(uploaded, "name", "") or "").lower()
    data = read_upload(uploaded, max_bytes=max_bytes)
    if name.endswith(".xlsx"):
        return _read_xlsx(data, sheet, max_rows)
    if name.endswith(".csv"):
        return _read_csv(data, max_rows)
    raise SpreadsheetError(_("Upload an .xlsx or .csv file."))


def _read_xlsx(data, sheet, max_rows):
    from openpyxl import load_workbook

    if not data.startswith(b"PK"):
        raise unreadable_xlsx()
    check_xlsx_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except UNREADABLE_XLSX:
        raise unreadable_xlsx() from None
    try:
        worksheet = workbook[sheet] if sheet and sheet in workbook.sheetnames else workbook.worksheets[0]
    except IndexError:
        raise SpreadsheetError(_("The spreadsheet has no sheet.")) from None
    try:
        # The sheet's own <dimension> is not trusted: a tiny file may declare A1:XFD1048576, and
        # read-only openpyxl pads every row (and every gap between rows) to it.
        worksheet.reset_dimensions()
        # Read-only, the sheet's XML is parsed while its rows are read: damage shows up here.
        rows = _kept_rows(worksheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), max_rows)
    except UNREADABLE_XLSX:
        raise unreadable_xlsx() from None
    finally:
        workbook.close()
    for row in rows:  # cut the padding up to MAX_COLUMNS
        while row and row[-1] is None:
            row.pop()
    rows = [[unneutralise(v) for v in r] for r in rows]
    if not rows:
        raise SpreadsheetError(_("The spreadsheet is empty."))
    return [str(h).strip() if h is not None else "" for h in rows[0]], rows[1:]


def _read_csv(data, max_rows):
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
        rows = _kept_rows(([c.strip() for c in r[:MAX_COLUMNS]] for r in csv.reader(io.StringIO(text), dialect)),
                          max_rows)
    except csv.Error:
        raise SpreadsheetError(_("This file is not a readable CSV file.")) from None
    if not rows:
        raise SpreadsheetError(_("The spreadsheet is empty."))
    rows = [[unneutralise(c) if c != "" else None for c in r] for r in rows]
    return [str(h or "").strip() for h in rows[0]], rows[1:]
