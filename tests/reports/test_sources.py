"""Public sources: recording published figures with their citation, as they are published."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from reports.models import PublicSource, PublicSourceFigure
from reports.sources import services
from reports.sources.forms import FigureSetForm
from reports.sources.selectors import difference_share, differs, figure_sets, published_beside
from reports.sources.services import PublicSourceError, PublishedCell

from .builders import make_dimension, make_indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def sex():
    return make_dimension("sex", ["F", "M", "UNK"])


@pytest.fixture
def age():
    return make_dimension("age", ["MINOR", "ADULT", "UNK"])


@pytest.fixture
def victims(sex, age):
    return make_indicator("VT-01", dimensions=[sex[0], age[0]])


@pytest.fixture
def source(director):
    return services.public_source_create(
        by=director, title="Trafficking in Persons Report", publisher="US Department of State",
        publication_year=2023, url="https://www.state.gov/reports/2023-trafficking-in-persons-report/albania/",
    )


def test_the_unit_records_a_source_and_its_history_says_who(source, director, coordinator):
    services.public_source_update(source=source, by=coordinator, note="Figures of 2022.")
    history = list(source.history.order_by("history_date"))
    assert [(h.history_type, h.history_user) for h in history] == [("+", director), ("~", coordinator)]


def test_reporters_and_committee_members_cannot_record_sources(reporter, committee_member):
    for user in (reporter, committee_member):
        with pytest.raises(PublicSourceError, match="Only the unit"):
            services.public_source_create(by=user, title="T", publisher="P", publication_year=2022)
    assert not PublicSource.objects.exists()


def test_the_same_citation_is_refused(source, director):
    with pytest.raises(ValidationError, match="already recorded"):
        services.public_source_create(by=director, title=source.title, publisher=source.publisher,
                                      publication_year=2023)


def test_a_published_total_with_one_way_breakdowns_and_unknowns(source, victims, sex, age, director):
    """Published as a total with separate tables by sex and by age, each with its unknown cell."""
    (_, (female, male, sex_unknown)), (_, (minor, adult, _age_unknown)) = sex, age
    cells = {None: PublishedCell(Decimal(95)), female: PublishedCell(Decimal(70)), male: PublishedCell(Decimal(20)),
             sex_unknown: PublishedCell(Decimal(5)), minor: PublishedCell(Decimal(40), is_lower_bound=True),
             adult: PublishedCell(Decimal(50))}
    services.public_source_figures_save(source=source, indicator=victims, year=2016, cells=cells,
                                        reference="p. 71", by=director)
    (group,) = figure_sets(source)
    assert (group.year, group.quarter, group.total.value, group.reference) == (2016, None, 95, "p. 71")
    assert [(f.option.code, f.value, f.is_lower_bound) for f in group.cells] == [
        ("F", 70, False), ("M", 20, False), ("UNK", 5, False), ("MINOR", 40, True), ("ADULT", 50, False)]
    assert all(f.history.get().history_user == director for f in PublicSourceFigure.objects.all())


def test_saving_again_replaces_the_set_and_records_the_deletions(source, victims, sex, director, coordinator):
    female, male, _unknown = sex[1]
    services.public_source_figures_save(source=source, indicator=victims, year=2017, by=director, cells={
        None: PublishedCell(Decimal(105)), female: PublishedCell(Decimal(80)), male: PublishedCell(Decimal(25))})
    services.public_source_figures_save(source=source, indicator=victims, year=2017, by=coordinator, cells={
        None: PublishedCell(Decimal(105)), female: PublishedCell(Decimal(81))})
    assert sorted((f.option_id or 0, f.value) for f in source.figures.all()) == [(0, 105), (female.pk, 81)]
    deleted = PublicSourceFigure.history.get(history_type="-")
    assert (deleted.option_id, deleted.history_user) == (male.pk, coordinator)
    total = source.figures.get(option=None)
    assert total.history.count() == 1, "an unchanged figure is not saved again"


def test_the_year_and_the_quarter_are_separate_figures(source, victims, director):
    services.public_source_figures_save(source=source, indicator=victims, year=2022, by=director,
                                        cells={None: PublishedCell(Decimal(129))})
    services.public_source_figures_save(source=source, indicator=victims, year=2022, quarter=1, by=director,
                                        cells={None: PublishedCell(Decimal(30))})
    assert sorted((f.quarter or 0, f.value) for f in source.figures.all()) == [(0, 129), (1, 30)]


def test_one_cell_per_source_indicator_year_quarter_and_option(source, victims):
    PublicSourceFigure.objects.create(source=source, indicator=victims, year=2020, value=83)
    duplicate = PublicSourceFigure(source=source, indicator=victims, year=2020, value=84)
    with pytest.raises(ValidationError, match="already has this figure"):
        duplicate.full_clean()


def test_an_option_of_another_dimension_is_refused(source, director):
    other = make_indicator("CJ-01")
    _, (option, *_rest) = make_dimension("citizenship", ["AL", "FOREIGN"])
    with pytest.raises(ValidationError, match="not broken down"):
        services.public_source_figures_save(source=source, indicator=other, year=2020, by=director,
                                            cells={option: PublishedCell(Decimal(3))})
    assert not PublicSourceFigure.objects.exists()


def test_deleting_a_source_deletes_its_figures_with_who(source, victims, director, coordinator):
    services.public_source_figures_save(source=source, indicator=victims, year=2020, by=director,
                                        cells={None: PublishedCell(Decimal(83))})
    services.public_source_delete(source=source, by=coordinator)
    assert not PublicSource.objects.exists() and not PublicSourceFigure.objects.exists()
    assert PublicSourceFigure.history.get(history_type="-").history_user == coordinator
    assert PublicSource.history.get(history_type="-").history_user == coordinator


def test_deleting_a_set(source, victims, sex, director):
    female = sex[1][0]
    services.public_source_figures_save(source=source, indicator=victims, year=2021, by=director,
                                        cells={None: PublishedCell(Decimal(109)), female: PublishedCell(Decimal(80))})
    services.public_source_figures_save(source=source, indicator=victims, year=2022, by=director,
                                        cells={None: PublishedCell(Decimal(129))})
    assert services.public_source_figures_delete(source=source, indicator=victims, year=2021, by=director) == 2
    assert [f.year for f in source.figures.all()] == [2022]


# The form ------------------------------------------------------------------------------------------------


def test_the_form_lays_out_the_total_and_one_table_per_dimension(victims):
    form = FigureSetForm(indicator=victims)
    assert [str(s["title"]) for s in form.sections] == ["Total", "By sex", "By age"]
    assert [r["label"] for r in form.sections[1]["rows"]] == ["F", "M", "Unk"]


def test_the_form_takes_what_is_published_and_leaves_the_rest_empty(victims, sex):
    female, male, unknown = sex[1]
    form = FigureSetForm({"reference": "tab. 2", "total": "1 500", f"o-{female.pk}": "1200", f"o-{male.pk}": "",
                          f"o-{unknown.pk}": "12", f"o-{unknown.pk}-min": "on"}, indicator=victims)
    assert form.is_valid(), form.errors
    assert form.cells == {None: PublishedCell(Decimal(1500)), female: PublishedCell(Decimal(1200)),
                          unknown: PublishedCell(Decimal(12), is_lower_bound=True)}


def test_the_form_refuses_bad_numbers_next_to_the_cell(victims, sex):
    female = sex[1][0]
    form = FigureSetForm({"total": "12.5", f"o-{female.pk}": "abc"}, indicator=victims)
    assert not form.is_valid()
    assert form.errors["total"][0].startswith("A count is a whole number: “12.5” reads as 12.5 here.")
    assert form.errors[f"o-{female.pk}"] == ["Enter a number (digits only)."]


def test_albanian_notation_and_at_least_typed_in_the_cell(victims, sex):
    """As published in Albanian: "1.500" is one thousand five hundred; "≥ 60" is an "at least" figure."""
    from django.utils import translation

    female = sex[1][0]
    with translation.override("sq"):
        form = FigureSetForm({"total": "1.500", f"o-{female.pk}": "≥ 60"}, indicator=victims)
        assert form.is_valid(), form.errors
    assert form.cells == {None: PublishedCell(Decimal(1500)), female: PublishedCell(Decimal(60), is_lower_bound=True)}


def test_an_at_least_box_without_a_figure_is_an_error(victims):
    form = FigureSetForm({"total-min": "on"}, indicator=victims)
    assert not form.is_valid()
    assert "total" in form.errors


def test_an_empty_form_says_what_to_do(victims):
    form = FigureSetForm({"reference": "p. 3"}, indicator=victims)
    assert not form.is_valid()
    assert form.non_field_errors() == ["Enter at least one figure, or delete the figures instead."]


def test_the_form_shows_what_was_recorded(source, victims, sex, director):
    female = sex[1][0]
    figures = services.public_source_figures_save(
        source=source, indicator=victims, year=2019, reference="p. 9", by=director,
        cells={None: PublishedCell(Decimal(96)), female: PublishedCell(Decimal(70), is_lower_bound=True)})
    form = FigureSetForm(indicator=victims, existing=figures)
    assert form["total"].value() == "96"
    assert (form[f"o-{female.pk}"].value(), form[f"o-{female.pk}-min"].value()) == ("70", True)
    assert form["reference"].value() == "p. 9"


# Differences -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("ours", "published", "lower", "share", "flagged"), [
    (100, 100, False, Decimal(0), False),
    (120, 100, False, Decimal("0.2"), False),  # exactly the share: not more than it
    (121, 100, False, Decimal("0.21"), True),
    (79, 100, False, Decimal("0.21"), True),
    (150, 100, True, Decimal(0), False),  # "at least 100": 150 meets it
    (79, 100, True, Decimal("0.21"), True),
    (0, 0, False, Decimal(0), False),
    (3, 0, False, Decimal("Infinity"), True),
    (None, 100, False, None, False),  # no figure of ours: nothing to flag
])
def test_difference_against_a_published_figure(ours, published, lower, share, flagged, settings):
    settings.PUBLIC_SOURCE_DIFFERENCE_SHARE = 0.2
    assert difference_share(ours, published, is_lower_bound=lower) == share
    assert differs(ours, published, is_lower_bound=lower) is flagged


def test_the_share_is_a_setting(settings):
    settings.PUBLIC_SOURCE_DIFFERENCE_SHARE = 0.5
    assert not differs(140, 100)
    settings.PUBLIC_SOURCE_DIFFERENCE_SHARE = 0.1
    assert differs(140, 100)


def test_published_figures_beside_ours(source, victims, sex, director):
    female = sex[1][0]
    figures = services.public_source_figures_save(
        source=source, indicator=victims, year=2025, by=director,
        cells={None: PublishedCell(Decimal(100)), female: PublishedCell(Decimal(80))})
    ours = {(2025, None, None): (Decimal(130), True), (2025, None, female.pk): (Decimal(81), False)}
    rows = published_beside(figures, lambda year, quarter, option: ours[(year, quarter, option)], share=0.2)
    assert [(r.figure.option_id, r.ours, r.difference, r.complete, r.flagged) for r in rows] == [
        (None, 130, 30, True, True), (female.pk, 81, 1, False, False)]
