"""Importing a plan from XLSX/CSV: preview, all or nothing, idempotence, bad and hostile files, round trip."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from strategy import imports
from strategy.columns import COLUMN_KEYS
from strategy.models import Activity, Objective, Pillar

pytestmark = pytest.mark.django_db

HEADER = COLUMN_KEYS


def row(code="2.1.1", **cells):
    values = {
        "pillar_code": "2", "pillar_title": "Mbrojtja", "pillar_title_en": "Protection",
        "objective_code": code.rsplit(".", 1)[0], "objective_title": "Identifikimi i viktimave",
        "activity_code": code, "description": f"Aktiviteti {code}", "lead_institution": "PSH",
        "partners": "IOM", "deadline": "T4 2025", "output_indicator": "Numri i trajnimeve", "target": "12",
        "estimated_cost": "1500000", "funding_source": "state_budget", "objective_title_en": "",
        "description_en": "", "resources": "",
    }
    values.update(cells)
    return [values[k] for k in HEADER]


def csv_file(rows, header=HEADER, name="plan.csv", encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding), content_type="text/csv")


def xlsx_file(rows, header=HEADER, name="plan.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for r in rows:
        sheet.append(r)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(client, plan, upload_file):
    return client.post(reverse("strategy:import_upload", args=[plan.pk]), {"file": upload_file})


def preview_of(plan, upload_file):
    header, rows = imports.read_upload(upload_file)
    return imports.build_preview(plan, header, rows)


@pytest.fixture
def editor(client_for, coordinator):
    return client_for(coordinator)


@pytest.fixture
def institutions(police, iom):
    return police, iom


def test_upload_preview_apply(editor, plan, institutions, coordinator):
    rows = [row("2.1.1"), row("2.1.2", partners="", deadline="31.12.2025"), row("2.1.10", lead_institution="State Police")]
    response = upload(editor, plan, xlsx_file(rows))
    assert response.status_code == 302
    preview = editor.get(response["Location"])
    body = preview.content.decode()
    assert preview.status_code == 200 and "2.1.10" in body
    assert not Activity.objects.exists(), "nothing is saved before the preview is confirmed"
    applied = editor.post(reverse("strategy:import_preview", args=[plan.pk]), {"apply": "1"})
    assert applied.status_code == 302
    assert list(Activity.objects.values_list("code", flat=True)) == ["2.1.1", "2.1.2", "2.1.10"]
    first = Activity.objects.get(code="2.1.1")
    assert first.lead_institution.code == "PSH" and [p.code for p in first.partners.all()] == ["IOM"]
    assert first.deadline_quarter == 4 and first.deadline_year == 2025 and first.estimated_cost == 1500000
    assert first.history.first().history_user == coordinator
    assert [p.institution_id for p in first.history.first().partners.all()] == [first.partners.get().pk]
    assert Pillar.objects.get(plan=plan, code="2").title_en == "Protection"
    assert Objective.objects.get(plan=plan, code="2.1").pillar.code == "2"
    # The new pillar is saved the services' one audited way: who, and why.
    record = Pillar.objects.get(plan=plan, code="2").history.get()
    assert record.history_user == coordinator and record.history_change_reason == "Imported from a spreadsheet"


def test_same_file_twice_changes_nothing_and_a_changed_file_updates_by_code(plan, institutions, director):
    rows = [row("2.1.1"), row("2.1.2")]
    preview = preview_of(plan, csv_file(rows))
    imports.import_apply(plan=plan, header=HEADER, rows=[[str(c) for c in r] for r in rows], by=director)
    again = preview_of(plan, csv_file(rows))
    assert again.ok and not again.has_changes and len(again.unchanged) == 2
    assert len(preview.to_create) == 2
    changed = preview_of(plan, csv_file([row("2.1.1", estimated_cost="2000000", partners=""), row("2.1.2")]))
    assert [r.code for r in changed.to_update] == ["2.1.1"] and len(changed.unchanged) == 1
    assert set(changed.to_update[0].changes) == {"Estimated cost (ALL)", "Partner institutions"}
    header, data = imports.read_upload(csv_file([row("2.1.1", estimated_cost="2000000", partners=""), row("2.1.2")]))
    imports.import_apply(plan=plan, header=header, rows=data, by=director)
    updated = Activity.objects.get(code="2.1.1")
    assert updated.estimated_cost == 2000000 and not updated.partners.exists()


def problems(preview):
    return {(p.row, p.column) for p in preview.problems}


def test_every_problem_is_reported_with_row_and_column(plan, institutions):
    rows = [
        row("2.1.1", lead_institution="Ministria e Hënës"),
        row("2.1.2", deadline="31.02.2025"),
        row("2.1.3", estimated_cost="-5"),
        row("2.1.4", description=""),
        row("2.1.1"),
        row("2.1.5", estimated_cost="shumë"),
        row("2.1.6", funding_source="lottery"),
        row("2.1.7", partners="IOM; XYZ"),
        row("2.1.a b"),
    ]
    preview = preview_of(plan, csv_file(rows))
    assert not preview.ok
    assert {(2, "lead_institution"), (3, "deadline"), (4, "estimated_cost"), (5, "description"),
            (6, "activity_code"), (7, "estimated_cost"), (8, "funding_source"), (9, "partners"),
            (10, "activity_code")} <= problems(preview)
    messages = " ".join(p.message for p in preview.problems)
    assert "Ministria e Hënës" in messages and "first in row 2" in messages and "negative" in messages


def test_nothing_is_saved_while_an_error_remains(editor, plan, institutions):
    upload(editor, plan, csv_file([row("2.1.1"), row("2.1.2", estimated_cost="-1")]))
    response = editor.post(reverse("strategy:import_preview", args=[plan.pk]), {"apply": "1"})
    assert response.status_code == 200
    assert "nothing was imported" in response.content.decode()
    assert not Activity.objects.exists() and not Pillar.objects.exists()


def test_apply_validates_again(editor, plan, institutions, police):
    upload(editor, plan, csv_file([row("2.1.1")]))
    police.code, police.name, police.name_en = "POL", "Policia", "Police"
    police.save()
    response = editor.post(reverse("strategy:import_preview", args=[plan.pk]), {"apply": "1"})
    assert response.status_code == 200 and not Activity.objects.exists()


def test_missing_columns(plan, institutions):
    preview = preview_of(plan, csv_file([["x", "y"]], header=["kodi", "pershkrimi"]))
    assert not preview.ok and preview.problems[0].row == 1 and "activity_code" in preview.problems[0].column


@pytest.mark.parametrize("upload_file, message", [
    (SimpleUploadedFile("plan.pdf", b"%PDF-1.4 junk"), "Upload an .xlsx or .csv file."),
    (SimpleUploadedFile("plan.xlsx", b"this is not a zip"), "not a valid XLSX"),
    (SimpleUploadedFile("plan.csv", "kodi\x00".encode("utf-16")), "not a readable CSV"),
    (SimpleUploadedFile("plan.csv", b"A" * (10 * 1024 * 1024)), "too large"),
])
def test_wrong_broken_and_oversized_files(editor, plan, upload_file, message):
    response = upload(editor, plan, upload_file)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "strategy_import" not in editor.session


def test_formulas_are_text_never_evaluated(plan, institutions, director):
    rows = [row("2.1.1", description="=HYPERLINK(\"http://evil\",\"x\")", target="+1+2", output_indicator="@SUM(A1)")]
    header, data = imports.read_upload(csv_file(rows))
    imports.import_apply(plan=plan, header=header, rows=data, by=director)
    activity = Activity.objects.get(code="2.1.1")
    assert activity.description.startswith("=HYPERLINK") and activity.target == "+1+2"
    bad_cost = preview_of(plan, csv_file([row("2.1.2", estimated_cost="=1+1")]))
    assert (2, "estimated_cost") in problems(bad_cost)


def test_cp1250_csv_is_read(plan, institutions):
    rows = [row("2.1.1", description="Trajnim për punonjësit e kufirit — Korçë")]
    preview = preview_of(plan, csv_file(rows, encoding="cp1250"))
    assert preview.ok and preview.to_create[0].values["description"].endswith("Korçë")


def test_export_then_import_is_lossless(editor, plan, institutions, director):
    rows = [row("2.1.1", description="-rrezik formule"), row("2.1.2", deadline="2026", estimated_cost="",
                                                               funding_source="not_costed", partners=""),
            row("2.1.10", deadline="2025-06-30", estimated_cost="1234.5"), row("3.2.1", pillar_code="3",
                                                                                pillar_title="Ndjekja penale")]
    header, data = imports.read_upload(csv_file(rows))
    imports.import_apply(plan=plan, header=header, rows=data, by=director)
    for fmt in ("xlsx", "csv"):
        response = editor.get(reverse("strategy:activity_export", args=[fmt]) + f"?plan={plan.pk}")
        assert response.status_code == 200
        exported = SimpleUploadedFile(f"export.{fmt}", response.content)
        preview = preview_of(plan, exported)
        assert preview.ok, preview.problems
        assert not preview.has_changes and len(preview.unchanged) == 4, fmt
    workbook = load_workbook(io.BytesIO(editor.get(reverse("strategy:activity_export", args=["xlsx"])).content))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == HEADER
    costs = [r[HEADER.index("estimated_cost")] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert 1500000 in costs, "numbers stay numbers"
    descriptions = [r[HEADER.index("description")] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'-rrezik formule" in descriptions, "text that looks like a formula is neutralised"


def test_template_documents_the_columns(editor):
    workbook = load_workbook(io.BytesIO(editor.get(reverse("strategy:import_template", args=["xlsx"])).content))
    assert [c.value for c in workbook.worksheets[0][1]] == HEADER
    documented = [r[0] for r in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert documented == HEADER


def test_import_query_count_does_not_grow_with_rows(plan, institutions, director):
    def run(first, count):
        rows = [[str(c) for c in row(f"2.1.{n}")] for n in range(first, first + count)]
        with CaptureQueriesContext(connection) as ctx:
            imports.import_apply(plan=plan, header=HEADER, rows=rows, by=director)
        codes = [f"2.1.{n}" for n in range(first, first + count)]
        assert Activity.objects.filter(objective__pillar__plan=plan, code__in=codes).count() == count
        return len(ctx.captured_queries)

    run(1, 1)  # the pillar and the objective
    assert run(100, 20) == run(200, 60)


def test_reporter_cannot_import(client_for, reporter, plan):
    client = client_for(reporter)
    assert upload(client, plan, csv_file([row()])).status_code == 403
    assert client.post(reverse("strategy:import_preview", args=[plan.pk])).status_code == 403


def test_new_pillars_and_objectives_need_their_title_and_objectives_stay_in_their_pillar(plan, institutions, objective):
    """`objective` (2.1) is in pillar 2 of the plan."""
    preview = preview_of(plan, csv_file([
        row("3.1.1", pillar_code="3", pillar_title="", objective_title="Objektivi 3.1"),
        row("4.1.1", pillar_code="4", pillar_title="Shtylla 4", objective_title=""),
        row("2.1.5", pillar_code="5", pillar_title="Shtylla 5"),
        row("6.1.1", pillar_code="6", pillar_title="Shtylla 6", objective_title="Objektivi 6.1"),
    ]))
    assert [(p.row, p.column, p.message) for p in preview.problems] == [
        (2, "pillar_title", "Pillar 3 is new: give its title."),
        (3, "objective_title", "Objective 4.1 is new: give its title."),
        (4, "pillar_code", "Objective 2.1 belongs to pillar 2 in the plan."),
    ]
    assert [r.code for r in preview.to_create] == ["6.1.1"]
    assert set(preview.new_pillars) == {"4", "5", "6"} and set(preview.new_objectives) == {"6.1"}


def test_english_titles_are_imported_exported_and_shown_to_english_readers(editor, plan, institutions, director,
                                                                          client_for):
    rows = [row("2.1.1", objective_title_en="Identification of victims", description_en="Activity 2.1.1 in English")]
    header, data = imports.read_upload(csv_file(rows))
    imports.import_apply(plan=plan, header=header, rows=data, by=director)
    objective = Objective.objects.get(plan=plan, code="2.1")
    activity = Activity.objects.get(plan=plan, code="2.1.1")
    assert (objective.title_en, activity.description_en) == ("Identification of victims", "Activity 2.1.1 in English")
    workbook = load_workbook(io.BytesIO(editor.get(reverse("strategy:activity_export", args=["xlsx"])).content))
    exported = dict(zip(HEADER, next(workbook.worksheets[0].iter_rows(min_row=2, values_only=True)), strict=True))
    assert exported["objective_title_en"] == "Identification of victims"
    assert exported["description_en"] == "Activity 2.1.1 in English"
    # A file without the English columns (an older template) changes nothing English.
    old_header = [k for k in HEADER if k not in ("objective_title_en", "description_en")]
    old_rows = [[v for k, v in zip(HEADER, row("2.1.1"), strict=True) if k in old_header]]
    preview = preview_of(plan, csv_file(old_rows, header=old_header))
    assert preview.ok and not preview.changed_objectives and not preview.to_update, preview.problems
    english = client_for(director).get(reverse("strategy:activity_list") + f"?plan={plan.pk}").content.decode()
    assert "Activity 2.1.1 in English" in english
    albanian = client_for(director, language="sq").get(reverse("strategy:activity_list") + f"?plan={plan.pk}")
    assert "Aktiviteti 2.1.1" in albanian.content.decode()


def test_a_lead_cell_of_separators_only_is_a_problem_not_a_crash(plan, institutions):
    preview = preview_of(plan, csv_file([row("2.1.1", lead_institution=" ; ;")]))
    assert problems(preview) == {(2, "lead_institution")}
