"""Matrix rows of the data area: the data viewer (every role reads it) and public sources (the unit records them)."""

import itertools

from tests.matrix import Row

READERS = {"director": 200, "coordinator": 200, "other_coordinator": 200, "reporter": 200, "other_reporter": 200,
           "committee": 200}
UNIT = {"director": 200, "coordinator": 200, "other_coordinator": 200}


def build(world):
    """An indicator broken down by sex, and a public source with its total and one cell for 2025."""
    from decimal import Decimal

    from reports.sources import services
    from reports.sources.services import PublishedCell
    from tests.reports.builders import make_dimension, make_indicator

    director = world.users["director"]
    _dimension, (female, _male) = make_dimension("matrix-sex", ["F", "M"])
    world.data_indicator = make_indicator("MX-01", dimensions=[_dimension])
    world.source = services.public_source_create(by=director, title="Matrix report", publisher="INSTAT",
                                                 publication_year=2026)
    services.public_source_figures_save(source=world.source, indicator=world.data_indicator, year=2025, by=director,
                                        cells={None: PublishedCell(Decimal(10)), female: PublishedCell(Decimal(7))})


def indicator(world):
    return {"pk": world.data_indicator.pk}


def source(world):
    return {"pk": world.source.pk}


def figure_set(world):
    return {"pk": world.source.pk, "indicator": world.data_indicator.pk, "year": 2025}


def redirects(statuses):
    return {role: 302 for role in statuses}


_titles = itertools.count(1)


ROWS = [
    Row("data:index", READERS),
    Row("data:indicator", READERS, kwargs=indicator),
    Row("data:indicator_xlsx", READERS, kwargs=indicator),
    Row("data:indicator_csv", READERS, kwargs=indicator),
    Row("data:source_list", READERS),
    Row("data:source_detail", READERS, kwargs=source),
    Row("data:source_create", UNIT),
    Row("data:source_create", redirects(UNIT), method="post", note="a valid source: on to its page",
        data=lambda w: {"title": f"Raporti vjetor {next(_titles)}", "publisher": "Prokuroria e Përgjithshme",
                        "publication_year": 2025}),
    Row("data:source_update", UNIT, kwargs=source),
    Row("data:source_history", UNIT, kwargs=source),
    Row("data:source_delete", UNIT, kwargs=source),
    Row("data:figure_set_choose", UNIT, kwargs=source),
    Row("data:figure_set_choose", UNIT, kwargs=source, query="?indicator=0&year=2025",
        note="an indicator that does not exist: the choice is shown again with its error"),
    Row("data:figure_set", UNIT, kwargs=figure_set),
    Row("data:figure_set", redirects(UNIT), kwargs=figure_set, method="post", data=lambda w: {"total": "11"}),
    Row("data:figure_set_delete", UNIT, kwargs=figure_set),
    Row("data:source_delete", {"director": 302, "coordinator": 404, "other_coordinator": 404},
        kwargs=lambda w: {"pk": _spare_source(w).pk}, method="post",
        note="the director deletes the source; the coordinators then find it gone"),
]


def _spare_source(world):
    """A new source to delete (each role deletes its own)."""
    from reports.sources import services

    return services.public_source_create(by=world.users["director"], title=f"Spare {next(_titles)}",
                                         publisher="NGO", publication_year=2024)
