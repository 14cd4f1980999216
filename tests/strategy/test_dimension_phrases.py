"""Names inside Albanian sentences are declined: a dimension's "by …" phrase is stored as sentences need it."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils.translation import override

from strategy import demo
from strategy.models import Dimension
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_shipped_dimensions_get_their_phrases_from_the_demo_and_the_migration(director):
    demo.seed_dimensions(by=director)
    phrases = {d.code: (d.by_phrase, d.by_phrase_en) for d in Dimension.objects.all()}
    assert phrases["sex"] == ("sipas gjinisë", "by sex")
    assert phrases["age_group"] == ("sipas grupmoshës", "by age group")
    assert phrases["exploitation"] == ("sipas formës së shfrytëzimit", "by form of exploitation")
    # The migration fills the phrases of dimensions created before it, and keeps a phrase already typed.
    Dimension.objects.filter(code="sex").update(by_phrase="", by_phrase_en="")
    Dimension.objects.filter(code="age_group").update(by_phrase="sipas moshës")
    migration = importlib.import_module("strategy.migrations.0009_dimension_by_phrase")
    migration.fill_phrases(apps, None)
    assert Dimension.objects.get(code="sex").by_phrase == "sipas gjinisë"
    assert Dimension.objects.get(code="age_group").by_phrase == "sipas moshës"


def test_by_label_speaks_the_active_language_and_never_glues_a_nominative():
    sex = factories.DimensionFactory(code="sex2", name="Gjinia", name_en="Sex", by_phrase="sipas gjinisë",
                                     by_phrase_en="by sex")
    bare = factories.DimensionFactory(code="bare", name="Qarku", name_en="Region")
    with override("sq"):
        assert sex.by_label == "sipas gjinisë"
        assert bare.by_label == "sipas dimensionit “qarku”"  # no "sipas Qarku"
    with override("en"):
        assert sex.by_label == "by sex"
        assert bare.by_label == "by region"


def test_validation_messages_use_the_phrase(setup, report, reporter, client_for):
    setup.sex.by_phrase = "sipas gjinisë"
    setup.sex.save()
    values = {**setup.valid_values(), (setup.victims.pk, setup.key(setup.female, setup.minor)): 9}
    data = setup.post_data(report, values=values, action="submit")
    page = client_for(reporter, language="sq").post(reverse("reports:report_edit", args=[report.pk]), data)
    text = page.content.decode()
    assert "Ndarja sipas gjinisë jep shumën" in text
    assert "sipas Gjinia" not in text


def test_the_reporters_activities_are_ours_with_their_plan(setup, reporter, client_for):
    page = client_for(reporter, language="sq").get(reverse("strategy:my_activities")).content.decode()
    assert "Aktivitetet tona" in page and f"Aktivitetet e {setup.institution.name}" not in page
    assert setup.plan.title in page.split("<tbody>", 1)[1]  # each row says which plan its activity is in


def test_the_import_page_needs_no_declined_plan_name(setup, director, client_for):
    page = client_for(director, language="sq").get(reverse("strategy:import_upload", args=[setup.plan.pk]))
    text = page.content.decode()
    assert f"Importo aktivitete — Plani: {setup.plan.title}" in text
    assert f"në {setup.plan.title}" not in text


def test_a_rules_albanian_message_is_not_shown_to_english_readers(setup, report, reporter, client_for):
    from strategy.models import ValidationRule

    rule = ValidationRule.objects.get(indicator=setup.victims, kind="breakdown_sum")
    rule.message = "Ndarja sipas gjinisë nuk përputhet me totalin."
    rule.save()
    values = {**setup.valid_values(), (setup.victims.pk, setup.key(setup.female, setup.minor)): 9}

    def submit(language):
        report.refresh_from_db()  # each refused submission saves the draft: the next one needs its version
        data = setup.post_data(report, values=values, action="submit")
        page = client_for(reporter, language=language).post(reverse("reports:report_edit", args=[report.pk]), data)
        return page.content.decode()

    english = submit("en")
    assert "Ndarja sipas gjinisë nuk përputhet" not in english and "adds up to" in english
    rule.message_en = "Sex does not add up."
    rule.save()
    assert "Sex does not add up." in submit("en")
    assert "Ndarja sipas gjinisë nuk përputhet me totalin." in submit("sq")


def test_quarters_are_q_in_english_wherever_they_are_written(setup, director):
    from reports.models import PublicSource, PublicSourceFigure

    source = PublicSource.objects.create(title="Raport", publisher="INSTAT", publication_year=2025)
    figure = PublicSourceFigure.objects.create(source=source, indicator=setup.victims, year=2025, quarter=1,
                                               value=1500)
    with override("en"):
        assert "Q1 2025" in str(figure) and "1,500" in str(figure)
    with override("sq"):
        assert "T1 2025" in str(figure) and "1.500" in str(figure)
