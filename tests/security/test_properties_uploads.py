"""Property tests of the two uploads: the statistics form of a quarterly report and the plan import.

Generated cells (numbers in both notations, text, dates, formulas, unicode) and damaged files answer a form error
or a clear 400, never a server error; a refused upload changes nothing, an accepted one holds only finite,
non-negative figures; no script reaches the preview or the report page unescaped.
"""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import assume, given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from strategy.models import Activity, Objective, Pillar
from tests.security.hostile import DATES, NUMBERS, PAYLOADS, answer_is_safe, hostile, rows_of
from tests.security.test_uploads import download, stored, upload
from tests.strategy.test_import import HEADER, row

pytestmark = pytest.mark.django_db

cell = st.one_of(
    st.none(), st.integers(min_value=-10, max_value=10**30), st.floats(), st.decimals(places=3, allow_nan=False),
    st.sampled_from(NUMBERS), st.sampled_from(PAYLOADS), st.sampled_from(DATES), st.datetimes(), st.booleans(),
    st.sampled_from(["=1+1", "=A1*1000", "=1/0", "#REF!"]), st.text(max_size=30),
)


def _saved(workbook):
    buffer = io.BytesIO()
    try:
        workbook.save(buffer)
    except (IllegalCharacterError, ValueError, TypeError):
        assume(False)  # openpyxl cannot write it: no spreadsheet program could either
    return buffer.getvalue()


def test_the_statistics_upload_survives_generated_cells(setup, filled_report, reporter, client_for):
    client = client_for(reporter)
    form = download(client, filled_report)
    page = reverse("reports:report_detail", args=[filled_report.pk])

    @given(values=st.lists(cell, min_size=1, max_size=12), damage=st.sampled_from([None, None, None, "flip", "cut"]),
           where=st.integers(min_value=0))
    def run(values, damage, where):
        workbook = load_workbook(io.BytesIO(form))
        info = workbook["_info"]
        mapping = [(r[0].value, r[1].value) for r in info.iter_rows(min_row=8) if r[0].value]
        try:
            for (sheet, coordinate), value in zip(mapping, values, strict=False):
                workbook[sheet][coordinate] = value
        except (IllegalCharacterError, ValueError, TypeError):
            assume(False)  # openpyxl cannot hold it: no spreadsheet program could either
        payload = _saved(workbook)
        if damage == "flip":
            at = where % len(payload)
            payload = payload[:at] + bytes([payload[at] ^ 0xFF]) + payload[at + 1:]
        elif damage == "cut":
            payload = payload[: where % len(payload)]
        before = stored(filled_report)
        response = upload(client, filled_report, payload)
        answer_is_safe(response, allowed=(302, 400))
        if response.status_code == 400:
            assert stored(filled_report) == before, "a refused upload changed the report"
        else:
            assert all(v.is_finite() and v >= 0 for *_key, v in stored(filled_report) if isinstance(v, Decimal))
            answer_is_safe(client.get(page))

    run()


def _csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return SimpleUploadedFile("plan.csv", buffer.getvalue().encode("utf-8"))


def _xlsx(rows):
    workbook = Workbook()
    workbook.active.append(HEADER)
    try:
        for r in rows:
            workbook.active.append(r)
    except IllegalCharacterError:
        assume(False)  # control characters: no spreadsheet program writes them (the CSV carries them)
    return SimpleUploadedFile("plan.xlsx", _saved(workbook))


plan_cell = st.one_of(hostile, st.sampled_from(NUMBERS), st.dates(min_value=datetime.date(1900, 1, 1)).map(str),
                      st.integers(-10, 10**20).map(str))


@st.composite
def plan_rows(draw):
    """A few rows, each a valid row with some columns replaced by hostile cells."""
    rows = []
    for n in range(draw(st.integers(1, 4))):
        cells = row(f"2.1.{n + 1}")
        for column in draw(st.lists(st.integers(0, len(HEADER) - 1), max_size=3)):
            cells[column] = draw(plan_cell)
        rows.append(cells)
    return rows


def test_the_plan_import_survives_generated_rows(world, client_for):
    from tests import factories

    factories.InstitutionFactory(code="PSH", name="Policia e Shtetit", name_en="State Police", kind="police")
    factories.InstitutionFactory(code="IOM", name="IOM", name_en="IOM", kind="international_org")
    plan = world.plan
    client = client_for(world.users["coordinator"])
    upload_url = reverse("strategy:import_upload", args=[plan.pk])
    preview_url = reverse("strategy:import_preview", args=[plan.pk])
    watched = [Activity.objects.all(), Activity.history.all(), Pillar.objects.all(), Objective.objects.all()]

    @given(rows=plan_rows(), as_xlsx=st.booleans())
    def run(rows, as_xlsx):
        before = rows_of(*watched)
        sent = client.post(upload_url, {"file": _xlsx(rows) if as_xlsx else _csv(rows)})
        answer_is_safe(sent, allowed=(200, 302))
        if sent.status_code != 302:
            assert rows_of(*watched) == before
            return
        preview = client.get(preview_url)
        answer_is_safe(preview, allowed=(200,))
        assert rows_of(*watched) == before, "the preview saved something"
        expected = re.search(r'name="expected" value="([0-9a-f]+)"', preview.content.decode())
        if expected is None:  # problems, or nothing to change: there is no Import button
            return
        applied = client.post(preview_url, {"apply": "1", "expected": expected.group(1)})
        answer_is_safe(applied, allowed=(200, 302))
        if applied.status_code != 302:
            assert rows_of(*watched) == before, "a refused import changed the plan"
        else:
            answer_is_safe(client.get(applied["Location"]))

    run()
