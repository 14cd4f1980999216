"""The statistics form as a spreadsheet: download pre-filled, fill offline, upload back (all or nothing).

One sheet per indicator laid out like the page (its total, then the cross-table's rows × columns and/or one
small table per breakdown, as the indicator declares; "at least" figures as text, "≥15"), and a hidden,
protected sheet `_info` that names the institution, the period and, for every input cell, the indicator
and cell key it holds. Uploading reads only the cells named there, after checking that the file is this
institution's form of this period.
"""

import io
import re

from django.http import HttpResponse
from django.utils.translation import gettext as _

from antitrafik.spreadsheets import (
    UNREADABLE_XLSX,
    XLSX_CONTENT_TYPE,
    SpreadsheetError,
    attachment,
    check_xlsx_archive,
    read_upload,
    safe_cell,
    unreadable_xlsx,
)

from .numbers import figure_text, is_lower_bound, parse_cell_value

INFO_SHEET = "_info"
FORMAT_MARK = "antitrafik-statistics-1"
MAPPING_START_ROW = 8
TOTAL_ROW = 4
HEADER_ROW = 6
# A statistics form unpacks to a few hundred kilobytes; the whole workbook is loaded, so this stays small.
MAX_UNPACKED_BYTES = 10 * 1024 * 1024
CELL_RE = re.compile(r"^[A-Z]{1,3}[1-9][0-9]{0,6}$")


class CellErrors(SpreadsheetError):
    """Some cells of an uploaded spreadsheet are wrong; `problems` lists them (sheet and cell named)."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = problems


def _sheet_title(code, used):
    title = re.sub(r"[\[\]:*?/\\']", "-", str(code))[:28] or "V"
    candidate, n = title, 2
    while candidate.lower() in used or candidate == INFO_SHEET:
        candidate = f"{title[:26]}~{n}"
        n += 1
    used.add(candidate.lower())
    return candidate


def build_workbook(data):
    """An openpyxl Workbook of the report's statistics, pre-filled with the stored values."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter

    report = data.report
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    input_fill = PatternFill("solid", fgColor="FFF8DC")
    mapping = []
    used = set()

    def input_cell(sheet, row, column, grid, key):
        value = data.values.get((grid.pk, key))
        # An "at least" figure is written as text ("≥15"), which the upload reads back as one.
        cell = sheet.cell(row=row, column=column, value=figure_text(value) if is_lower_bound(value) else value)
        cell.protection = Protection(locked=False)
        cell.fill = input_fill
        mapping.append((sheet.title, cell.coordinate, grid.pk, key))

    for grid in data.grids:
        indicator = grid.indicator
        sheet = workbook.create_sheet(title=_sheet_title(indicator.code, used))
        sheet["A1"] = safe_cell(f"{indicator.code} – {indicator.label}")
        sheet["A1"].font = Font(bold=True, size=12)
        if indicator.description:
            sheet["A2"] = safe_cell(indicator.description)
            sheet["A2"].alignment = Alignment(wrap_text=False)
        sheet["A3"] = _("Leave a cell empty when there is no figure. Write an “at least” figure as ≥15.")
        sheet["A3"].font = Font(italic=True)
        sheet.cell(row=TOTAL_ROW, column=1, value=_("Total")).font = bold
        input_cell(sheet, TOTAL_ROW, 2, grid, "")
        row = HEADER_ROW
        if grid.has_cross:
            header = sheet.cell(row=row, column=1, value=safe_cell(str(grid.row_dimension)))
            header.font = bold
            columns = grid.columns
            for index, column_options in enumerate(columns, start=2):
                label = " · ".join(str(o) for o in column_options) or _("Value")
                sheet.cell(row=row, column=index, value=safe_cell(label)).font = bold
                sheet.column_dimensions[get_column_letter(index)].width = max(12, min(30, len(label) + 2))
            for row_index, row_option in enumerate(grid.rows, start=row + 1):
                sheet.cell(row=row_index, column=1, value=safe_cell(str(row_option)))
                for index, column_options in enumerate(columns, start=2):
                    input_cell(sheet, row_index, index, grid, grid.key_for(row_option, column_options))
            row += len(grid.rows) + 2
        if grid.has_one_way:
            if grid.has_cross:
                sheet.cell(row=row, column=1, value=_("Or, instead of the cross-table, one table per breakdown:")).font = bold
                row += 1
            for _position, dimension, options in grid.dimensions:
                sheet.cell(row=row, column=1, value=safe_cell(str(dimension))).font = bold
                sheet.cell(row=row, column=2, value=_("Value")).font = bold
                if dimension.pk in grid.overlapping:
                    sheet.cell(row=row, column=3, value=_("One person may count in several of these: the sum may "
                                                          "exceed the total."))
                for offset, option in enumerate(options, start=1):
                    sheet.cell(row=row + offset, column=1, value=safe_cell(str(option)))
                    input_cell(sheet, row + offset, 2, grid, str(option.pk))
                row += len(options) + 2
        sheet.column_dimensions["A"].width = 34
        sheet.protection.sheet = True

    info = workbook.create_sheet(title=INFO_SHEET)
    info.append(["format", FORMAT_MARK])
    info.append(["institution", report.institution.code])
    info.append(["period", report.period_id])
    info.append(["quarter", str(report.period)])
    info.append(["report", report.pk])
    info.append([])
    info.append(["sheet", "cell", "indicator", "cell_key"])
    for row in mapping:
        info.append(list(row))
    info.sheet_state = "hidden"
    info.protection.sheet = True
    if workbook.worksheets and workbook.worksheets[0] is not info:
        workbook.active = 0
    return workbook


def statistics_response(data):
    report = data.report
    buffer = io.BytesIO()
    build_workbook(data).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    filename = f"statistics-{report.institution.code}-{report.period.year}-Q{report.period.quarter}.xlsx"
    return attachment(response, filename)


def _open(uploaded):
    """(the workbook's values as last computed, its formulas): a formula cell that was never computed (a file
    written by a program that does not calculate) has no value in the first and its formula in the second."""
    from openpyxl import load_workbook

    name = (getattr(uploaded, "name", "") or "").lower()
    payload = read_upload(uploaded)
    if not name.endswith(".xlsx") or not payload.startswith(b"PK"):
        raise SpreadsheetError(_("This file is not an XLSX spreadsheet: upload the .xlsx form downloaded from this report."))
    check_xlsx_archive(payload, max_unpacked=MAX_UNPACKED_BYTES)
    try:
        return load_workbook(io.BytesIO(payload), data_only=True), load_workbook(io.BytesIO(payload), data_only=False)
    except UNREADABLE_XLSX:
        raise unreadable_xlsx() from None


def _cell_value(sheet, coordinate):
    """The value of one cell named in the hidden sheet; a range or a malformed name means the file was tampered with."""
    from openpyxl.utils.cell import coordinate_to_tuple

    if not isinstance(coordinate, str) or not CELL_RE.match(coordinate):
        raise SpreadsheetError(_("The hidden sheet of this spreadsheet was changed: download a new form."))
    try:
        row, column = coordinate_to_tuple(coordinate)
    except ValueError:
        raise SpreadsheetError(_("The hidden sheet of this spreadsheet was changed: download a new form.")) from None
    if row > 1048576 or column > 16384:
        raise SpreadsheetError(_("The hidden sheet of this spreadsheet was changed: download a new form."))
    return sheet.cell(row=row, column=column).value


def _is_formula(value):
    return isinstance(value, str) and value.startswith("=") or type(value).__name__ in ("ArrayFormula", "DataTableFormula")


def read_statistics(uploaded, data):
    """The values of an uploaded statistics form: {(indicator id, cell key): Decimal or None}.

    Raises SpreadsheetError when the file is not this institution's form of this period, and CellErrors
    listing every wrong cell ("Sheet V01, cell C5: …"). Nothing is returned partially.
    """
    workbook, formulas = _open(uploaded)
    if INFO_SHEET not in workbook.sheetnames:
        raise SpreadsheetError(_("This spreadsheet is not a statistics form downloaded from Antitrafik."))
    info = workbook[INFO_SHEET]
    header = {row[0]: row[1] for row in info.iter_rows(min_row=1, max_row=5, max_col=2, values_only=True) if row[0]}
    report = data.report
    if header.get("format") != FORMAT_MARK:
        raise SpreadsheetError(_("This spreadsheet is not a statistics form downloaded from Antitrafik."))
    if str(header.get("institution")) != report.institution.code:
        raise SpreadsheetError(
            _("This spreadsheet is the form of another institution (%(code)s): download your institution's form.")
            % {"code": header.get("institution")}
        )
    if str(header.get("period")) != str(report.period_id):
        raise SpreadsheetError(
            _("This spreadsheet is the form of another period (%(period)s): download the form of %(current)s.")
            % {"period": header.get("quarter"), "current": report.period}
        )
    allowed = {(g.pk, key): g for g in data.grids for key in g.all_keys()}
    values, problems = {}, []
    for row in info.iter_rows(min_row=MAPPING_START_ROW, max_col=4, values_only=True):
        sheet_name, coordinate, indicator_id, key = row
        if sheet_name is None:
            continue
        try:
            target = (int(indicator_id), str(key or ""))
        except (TypeError, ValueError, OverflowError):  # OverflowError: a number cell of 1E999
            raise SpreadsheetError(_("The hidden sheet of this spreadsheet was changed: download a new form.")) from None
        if target not in allowed or sheet_name not in workbook.sheetnames:
            raise SpreadsheetError(_("This form no longer matches your institution's indicators: download a new one."))
        raw = _cell_value(workbook[sheet_name], coordinate)
        if raw is None and _is_formula(_cell_value(formulas[sheet_name], coordinate)):
            # Imported as empty, it would silently drop a figure: say which cell and what to do.
            problems.append(_("Sheet %(sheet)s, cell %(cell)s: formula without a computed value — open and save the "
                              "file in Excel or LibreOffice, then upload it again.") % {
                "sheet": sheet_name, "cell": coordinate})
            continue
        if isinstance(raw, str):
            raw = raw.strip()
        value, error = parse_cell_value(raw, allowed[target].indicator.unit)
        if error:
            problems.append(_("Sheet %(sheet)s, cell %(cell)s: %(error)s") % {
                "sheet": sheet_name, "cell": coordinate, "error": error})
        else:
            values[target] = value
    workbook.close()
    formulas.close()
    if problems:
        raise CellErrors(problems)
    return values
