"""A plan as the government writes it (tests/strategy/data/real_plan.csv), imported through the pages as a user
would: Roman-numeral and lettered codes, two leads, a range, an ongoing activity, a month, resources as text,
an old ministry's name, a misspelt institution; then exported and imported back without a change."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from institutions.models import InstitutionAlias
from strategy.models import Activity, Pillar
from tests import factories

pytestmark = pytest.mark.django_db

PLAN_FILE = Path(__file__).parent / "data" / "real_plan.csv"
NATURAL_ORDER = ["I.(a).(i)", "I.(a).(ii)", "I.(a).(iv)", "I.(a).(ix)", "I.(a).(x)", "II.1.2", "II.1.10", "IV.2.1"]


@pytest.fixture
def ministries(db):
    made = {code: factories.InstitutionFactory(code=code, name=name, name_en=name_en, kind=kind) for code, name, name_en,
            kind in [
                ("MB", "Ministria e Brendshme", "Ministry of Interior", "ministry"),
                ("MAS", "Ministria e Arsimit dhe Sportit", "Ministry of Education and Sport", "ministry"),
                ("MSHMS", "Ministria e Shëndetësisë dhe Mbrojtjes Sociale", "Ministry of Health and Social Protection",
                 "ministry"),
                ("PSH", "Policia e Shtetit", "State Police", "police"),
                ("AP", "Autoriteti Përgjegjës", "Responsible Authority", "social_services"),
                ("IOM", "Organizata Ndërkombëtare për Migracionin", "International Organization for Migration",
                 "international_org"),
            ]}
    for code, alias in [("MB", "Ministria e Punëve të Brendshme"), ("MB", "MPB"),
                        ("MAS", "Ministria e Arsimit, Sportit dhe Rinisë"),
                        ("MSHMS", "Ministria e Mirëqenies Sociale dhe Rinisë")]:
        InstitutionAlias.objects.create(institution=made[code], name=alias)
    return made


def upload(client, plan, content, name="plan.csv"):
    response = client.post(reverse("strategy:import_upload", args=[plan.pk]),
                           {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302, response.content
    return client.get(response["Location"])


def test_a_real_plan_imports_as_written_and_round_trips(client_for, coordinator, plan, ministries):
    client = client_for(coordinator)
    written = PLAN_FILE.read_bytes()

    # The misspelt police: the preview says which names come close and links to the list; nothing is importable.
    page = upload(client, plan, written)
    html = page.content.decode()
    problems = page.context["preview"].problems
    assert [(p.row, p.column) for p in problems] == [(2, "lead_institution")]
    assert "Policia e Shtetti" in problems[0].message and "Did you mean" in problems[0].message
    assert "PSH – Policia e Shtetit" in problems[0].message
    assert f'href="{reverse("institutions:institution_list")}"' in html
    assert 'name="apply"' not in html

    # Corrected, the file previews every activity with its leads and its deadline as the plan wrote it.
    page = upload(client, plan, written.replace(b"Policia e Shtetti", b"PSH"))
    preview = page.context["preview"]
    assert preview.ok and len(preview.to_create) == 8
    rows = {r.code: r for r in preview.to_create}
    assert rows["I.(a).(i)"].lead_codes == ["MB", "PSH"] and rows["I.(a).(i)"].deadline == "2025–2027"
    assert rows["II.1.2"].lead_codes == ["MSHMS"] and rows["II.1.2"].deadline == "Ongoing"
    html = page.content.decode()
    for text in ("MB, PSH", "2025–2027", "Ongoing", "June 2026", "Q1 2025 – Q4 2026"):
        assert escape(text) in html, text
    response = client.post(reverse("strategy:import_preview", args=[plan.pk]),
                           {"apply": "1", "expected": preview.fingerprint})
    assert response.status_code == 302

    activities = {a.code: a for a in Activity.objects.filter(plan=plan).prefetch_related("co_leads", "partners")}
    assert list(Activity.objects.filter(plan=plan).values_list("code", flat=True)) == NATURAL_ORDER
    assert list(Pillar.objects.filter(plan=plan).values_list("code", flat=True)) == ["I", "II", "IV"]
    campaign = activities["I.(a).(i)"]
    assert campaign.lead_institution.code == "MB" and [i.code for i in campaign.co_leads.all()] == ["PSH"]
    assert [i.code for i in campaign.partners.order_by("code")] == ["AP", "IOM"]
    assert (campaign.deadline_start_year, campaign.deadline_year, campaign.due_on) == (2025, 2027,
                                                                                     datetime.date(2027, 12, 31))
    assert campaign.resources == "Buxheti i shtetit + IOM, 2 trajnerë"
    assert campaign.description_en == "National campaign «No to trafficking»"
    assert activities["I.(a).(ix)"].lead_institution.code == "MAS"  # the ministry's name before 2021
    assert activities["I.(a).(ix)"].due_on == datetime.date(2026, 6, 30)
    assert [i.code for i in activities["I.(a).(iv)"].co_leads.all()] == ["MSHMS"]
    assert activities["I.(a).(iv)"].due_on == datetime.date(2026, 12, 31)
    reintegration = activities["II.1.2"]
    assert reintegration.lead_institution.code == "MSHMS"  # an old name, written without its accents
    assert reintegration.deadline_ongoing and reintegration.due_on is None
    assert activities["IV.2.1"].deadline_month == 6 and activities["IV.2.1"].due_on == datetime.date(2026, 6, 30)

    # The activity's page and the list show what was imported.
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Other lead institutions" in page and "PSH – State Police" in page
    assert escape("Buxheti i shtetit + IOM, 2 trajnerë") in page and "2025–2027" in page
    listing = client.get(reverse("strategy:activity_list") + f"?plan={plan.pk}")
    assert [a.code for a in listing.context["object_list"]] == NATURAL_ORDER
    assert ">PSH</abbr>" in listing.content.decode()

    # What the plan exports imports back with no change, as CSV and as XLSX.
    for fmt in ("csv", "xlsx"):
        exported = client.get(reverse("strategy:activity_export", args=[fmt]) + f"?plan={plan.pk}").content
        page = upload(client, plan, exported, name=f"export.{fmt}")
        preview = page.context["preview"]
        assert preview.ok and not preview.has_changes, (fmt, preview.problems, [r.changes for r in preview.to_update])
        assert len(preview.unchanged) == 8
    workbook = load_workbook(io.BytesIO(client.get(reverse("strategy:activity_export", args=["xlsx"])
                                                   + f"?plan={plan.pk}").content))
    header, *rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    first = dict(zip(header, rows[0], strict=True))
    assert first["lead_institution"] == "MB; PSH" and first["deadline"] == "2025–2027"
    assert first["resources"] == "Buxheti i shtetit + IOM, 2 trajnerë" and first["pillar_title_en"] == "Prevention"


def test_the_template_documents_the_new_columns(client_for, coordinator):
    workbook = load_workbook(io.BytesIO(client_for(coordinator).get(
        reverse("strategy:import_template", args=["xlsx"])).content))
    guide = {row[0]: row[2] for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert "the first coordinates" in guide["lead_institution"]
    assert "ongoing" in guide["deadline"] and "2025–2027" in guide["deadline"]
    assert "I.(d).(ii)" in guide["activity_code"] and "resources" in guide


def test_an_institution_is_found_by_any_of_its_names(plan, ministries):
    from strategy.imports.preview import InstitutionIndex

    index = InstitutionIndex()
    mb = ministries["MB"].pk
    for name in ("MB", "mb", "Ministria e Brendshme", "ministry of interior", "Ministria e Puneve te Brendshme",
                 "MINISTRIA E PUNËVE TË BRENDSHME", "MPB", "  Ministria  e Punëve të Brendshme. "):
        assert index.find(name) == mb, name
    assert index.find("Ministria e Hënës") is None
    assert index.suggestions("Ministria e Brendshmë")[0] == "MB – Ministria e Brendshme"
    assert index.suggestions("xyzzy") == []
    assert index.split("Ministria e Arsimit, Sportit dhe Rinisë; PSH") == [
        "Ministria e Arsimit, Sportit dhe Rinisë", "PSH"]
    assert index.split("MB, PSH") == ["MB", "PSH"]
