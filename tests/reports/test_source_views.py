"""Public-source pages: the unit records a source and the figures it publishes, as published; everyone reads them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from reports.models import PublicSource, PublicSourceFigure
from reports.sources import services
from reports.sources.services import PublishedCell

from .builders import make_dimension, make_indicator

pytestmark = pytest.mark.django_db
# Session, the data's version and user, then the sources with their figure counts in one query.
SOURCE_LIST_QUERIES = 4


@pytest.fixture
def dimensions():
    return {code: make_dimension(code, options) for code, options in [
        ("sex", ["F", "M", "UNK"]), ("age_group", ["MINOR", "ADULT", "UNK"]),
        ("exploitation", ["SEX", "LABOUR", "BEGGING", "CRIMINAL", "OTHER"]),
    ]}


@pytest.fixture
def victims(dimensions):
    """Identified victims and potential victims, by sex, age and form of exploitation."""
    return make_indicator("VT-00", dimensions=[d for d, _options in dimensions.values()])


@pytest.fixture
def source(director):
    return services.public_source_create(
        by=director, title="2019 Trafficking in Persons Report: Albania", publisher="US Department of State",
        publication_year=2019, url="https://www.state.gov/reports/2019-trafficking-in-persons-report-2/albania/")


def options(dimensions, code):
    return {o.code: o for o in dimensions[code][1]}


def test_the_unit_records_a_source_through_its_form(client_for, coordinator):
    response = client_for(coordinator).post(reverse("data:source_create"), {
        "title": "Raporti vjetor i veprimtarisë 2024", "publisher": "Prokuroria e Përgjithshme",
        "publication_year": "2025", "url": "https://www.pp.gov.al/", "note": "Tabela e veprave penale."})
    source = PublicSource.objects.get()
    assert response.status_code == 302 and response.url == source.get_absolute_url()
    assert source.history.get().history_user == coordinator


def test_the_published_2018_figures_are_entered_as_published(client_for, director, source, victims, dimensions):
    """2018 as the US TIP report of 2019 gives it: 95 in all; 60 female, 35 male; 67 minors, 28 adults; the form
    of exploitation not known for all: at least 36 sex, 25 forced labour, 27 forced begging."""
    client = client_for(director)
    choose = client.get(reverse("data:figure_set_choose", args=[source.pk]),
                        {"indicator": victims.pk, "year": "2018"})
    url = reverse("data:figure_set", args=[source.pk, victims.pk, 2018])
    assert choose.status_code == 302 and choose.url == url
    sex, age, forms = (options(dimensions, c) for c in ("sex", "age_group", "exploitation"))
    response = client.post(url, {
        "reference": "Protection", "total": "95",
        f"o-{sex['F'].pk}": "60", f"o-{sex['M'].pk}": "35",
        f"o-{age['MINOR'].pk}": "67", f"o-{age['ADULT'].pk}": "28",
        f"o-{forms['SEX'].pk}": "36", f"o-{forms['SEX'].pk}-min": "on",
        f"o-{forms['LABOUR'].pk}": "25", f"o-{forms['LABOUR'].pk}-min": "on",
        f"o-{forms['BEGGING'].pk}": "27", f"o-{forms['BEGGING'].pk}-min": "on",
    })
    assert response.status_code == 302
    recorded = {(f.option.code if f.option else "", f.value, f.is_lower_bound)
                for f in PublicSourceFigure.objects.select_related("option")}
    assert recorded == {("", 95, False), ("F", 60, False), ("M", 35, False), ("MINOR", 67, False),
                        ("ADULT", 28, False), ("SEX", 36, True), ("LABOUR", 25, True), ("BEGGING", 27, True)}
    page = client.get(source.get_absolute_url()).content.decode()
    assert "≥</abbr> 36" in page and "Protection" in page


def test_a_quarter_has_its_own_page(client_for, director, source, victims):
    client = client_for(director)
    response = client.get(reverse("data:figure_set_choose", args=[source.pk]),
                          {"indicator": victims.pk, "year": "2025", "quarter": "2"})
    assert response.url == reverse("data:figure_set", args=[source.pk, victims.pk, 2025, 2])
    client.post(response.url, {"total": "31"})
    assert PublicSourceFigure.objects.get().quarter == 2


def test_a_bad_figure_is_refused_next_to_its_cell_and_nothing_is_saved(client_for, director, source, victims,
                                                                        dimensions):
    female = options(dimensions, "sex")["F"]
    response = client_for(director).post(reverse("data:figure_set", args=[source.pk, victims.pk, 2018]),
                                         {"total": "95", f"o-{female.pk}": "sixty"})
    assert response.status_code == 200
    assert "Enter a number (digits only)." in response.content.decode()
    assert not PublicSourceFigure.objects.exists()


def test_a_year_out_of_range_or_an_unknown_indicator_is_not_found(client_for, director, source, victims):
    client = client_for(director)
    assert client.get(reverse("data:figure_set", args=[source.pk, victims.pk, 1200])).status_code == 404
    assert client.get(reverse("data:figure_set", args=[source.pk, 999999, 2018])).status_code == 404
    assert client.get(reverse("data:figure_set", args=[source.pk, victims.pk, 2018, 5])).status_code == 404


def test_reporters_read_sources_but_cannot_change_them(client_for, reporter, source, victims, director):
    services.public_source_figures_save(source=source, indicator=victims, year=2018, by=director,
                                        cells={None: PublishedCell(Decimal(95))})
    client = client_for(reporter)
    assert client.get(source.get_absolute_url()).status_code == 200
    assert client.post(reverse("data:figure_set", args=[source.pk, victims.pk, 2018]), {"total": "1"}).status_code == 403
    assert client.post(reverse("data:source_delete", args=[source.pk])).status_code == 403
    assert PublicSourceFigure.objects.get().value == 95


def test_deleting_a_set_of_figures_after_confirming(client_for, director, source, victims):
    services.public_source_figures_save(source=source, indicator=victims, year=2018, by=director,
                                        cells={None: PublishedCell(Decimal(95))})
    client = client_for(director)
    url = reverse("data:figure_set_delete", args=[source.pk, victims.pk, 2018])
    assert "Delete the 1 figures of VT-00 for 2018" in client.get(url).content.decode()
    assert PublicSourceFigure.objects.exists(), "showing the question deletes nothing"
    assert client.post(url).status_code == 302
    assert not PublicSourceFigure.objects.exists()


def test_the_source_list_counts_figures_in_a_fixed_number_of_queries(client_for, director, victims,
                                                                     django_assert_num_queries):
    client = client_for(director)
    url = reverse("data:source_list")
    client.get(url)
    for n in range(3):
        source = services.public_source_create(by=director, title=f"Raporti {n}", publisher="OJQ",
                                               publication_year=2020 + n)
        services.public_source_figures_save(source=source, indicator=victims, year=2019, by=director,
                                            cells={None: PublishedCell(Decimal(n))})
    services.public_source_create(by=director, title="Raporti 9", publisher="OJQ", publication_year=2019)
    with django_assert_num_queries(SOURCE_LIST_QUERIES):
        response = client.get(url)
    assert response.content.decode().count("Raporti ") == 4
