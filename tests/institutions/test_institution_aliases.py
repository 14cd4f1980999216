"""Other names of an institution (former names, abbreviations): edited by the director, audited, unique."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from institutions.choices import InstitutionKind
from institutions.models import InstitutionAlias
from tests import factories

pytestmark = pytest.mark.django_db

VALID = {"code": "MB", "name": "Ministria e Brendshme", "name_en": "Ministry of Interior",
         "kind": InstitutionKind.MINISTRY, "region": "", "email": "", "coordinator": ""}


def aliases_of(institution):
    return list(institution.aliases.order_by("name").values_list("name", flat=True))


def test_director_gives_other_names_and_changes_them_with_history(director, institution, client_for):
    client = client_for(director)
    url = reverse("institutions:institution_update", args=[institution.pk])
    response = client.post(url, {**VALID, "aliases": "Ministria e Punëve të Brendshme\n\n  MPB \nmpb\n"})
    assert response.status_code == 302
    assert aliases_of(institution) == ["MPB", "Ministria e Punëve të Brendshme"]
    alias = institution.aliases.get(name="MPB")
    assert alias.history.latest().history_user == director

    form = client.get(url).context["form"]
    assert form.initial["aliases"].splitlines() == ["MPB", "Ministria e Punëve të Brendshme"]
    page = client.get(institution.get_absolute_url()).content.decode()
    assert "Other names" in page and "Ministria e Punëve të Brendshme" in page

    assert client.post(url, {**VALID, "aliases": "MPB"}).status_code == 302
    assert aliases_of(institution) == ["MPB"]
    deleted = InstitutionAlias.history.filter(name="Ministria e Punëve të Brendshme", history_type="-").get()
    assert deleted.history_user == director


def test_a_name_can_name_one_institution_only(director, institution, other_institution, client_for):
    InstitutionAlias.objects.create(institution=other_institution, name="MPB")
    client = client_for(director)
    url = reverse("institutions:institution_update", args=[institution.pk])
    for taken in ("mpb", other_institution.code.lower(), other_institution.name.upper()):
        response = client.post(url, {**VALID, "aliases": taken})
        assert response.status_code == 200 and response.context["form"].errors["aliases"], taken
    assert aliases_of(institution) == []
    with pytest.raises(IntegrityError):
        InstitutionAlias.objects.create(institution=institution, name="mPb")


def test_a_new_institution_gets_its_other_names(director, client_for):
    response = client_for(director).post(reverse("institutions:institution_create"),
                                         {**VALID, "code": "MAS", "name": "Ministria e Arsimit dhe Sportit",
                                          "aliases": "Ministria e Arsimit, Sportit dhe Rinisë\nMASR"})
    assert response.status_code == 302
    assert sorted(InstitutionAlias.objects.values_list("name", flat=True)) == [
        "MASR", "Ministria e Arsimit, Sportit dhe Rinisë"]


def test_the_demo_knows_the_ministries_former_names(db):
    from institutions.demo import _aliases

    ministries = {code: factories.InstitutionFactory(code=code) for code in ("MB", "MAS", "MSHMS")}
    _aliases()
    _aliases()  # idempotent
    assert "Ministria e Punëve të Brendshme" in aliases_of(ministries["MB"])
    assert "Ministria e Arsimit, Sportit dhe Rinisë" in aliases_of(ministries["MAS"])
    assert "Ministria e Mirëqenies Sociale dhe Rinisë" in aliases_of(ministries["MSHMS"])


def test_other_names_do_not_keep_an_institution_from_being_deleted(director, client_for):
    institution = factories.InstitutionFactory(code="OLD")
    InstitutionAlias.objects.create(institution=institution, name="Ministria e vjetër")
    response = client_for(director).post(reverse("institutions:institution_delete", args=[institution.pk]))
    assert response.status_code == 302
    assert not InstitutionAlias.objects.exists()
