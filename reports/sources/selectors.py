"""Reads of public sources: their figures grouped as published, and set beside the institutions' figures."""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from ..models import PublicSource, PublicSourceFigure


def source_list(user):
    """The public sources this user may read, with how many figures each gives (one query)."""
    # Meta.ordering does not apply to an aggregate query: say it again.
    return PublicSource.objects.for_user(user).with_figure_counts().order_by(*PublicSource._meta.ordering)


def figure_set_url(source, indicator, year, quarter=None, *, delete=False):
    """The page of the figures `source` gives for `indicator` in `year` (or that quarter), or its deletion."""
    args = [getattr(source, "pk", source), getattr(indicator, "pk", indicator), year] + ([quarter] if quarter else [])
    return reverse("data:figure_set_delete" if delete else "data:figure_set", args=args)


@dataclass
class FigureSet:
    """What one source publishes for one indicator in one year (or quarter): the total and one-way cells."""

    source: PublicSource
    indicator: object
    year: int
    quarter: int | None
    total: PublicSourceFigure | None = None
    cells: list = field(default_factory=list)  # [PublicSourceFigure] of breakdown options, in order

    def edit_url(self):
        return figure_set_url(self.source, self.indicator, self.year, self.quarter)

    def delete_url(self):
        return figure_set_url(self.source, self.indicator, self.year, self.quarter, delete=True)

    @property
    def reference(self):
        return next((f.reference for f in [self.total, *self.cells] if f is not None and f.reference), "")


def figure_sets(source):
    """The figures of `source` grouped by indicator and year (or quarter), in order (one query)."""
    sets = {}
    for figure in source.figures.with_relations().in_published_order():
        key = (figure.indicator_id, figure.year, figure.quarter)
        group = sets.get(key)
        if group is None:
            group = sets[key] = FigureSet(source=source, indicator=figure.indicator, year=figure.year, quarter=figure.quarter)
        if figure.option_id is None:
            group.total = figure
        else:
            group.cells.append(figure)
    return list(sets.values())


def published_figures(indicator):
    """Every public-source figure of `indicator`, with its source and option (one query)."""
    return PublicSourceFigure.objects.filter(indicator=indicator).with_relations().in_published_order()


def difference_share(ours, published, *, is_lower_bound=False):
    """How far the institutions' figure is from a published one, as a share of the published figure.

    None when there is no figure of ours. An "at least" figure is met by any figure of ours at or above it
    (share 0). A published 0 against a figure of ours above 0 is an infinite share.
    """
    if ours is None:
        return None
    ours, published = Decimal(ours), Decimal(published)
    if is_lower_bound and ours >= published:
        return Decimal(0)
    if published == 0:
        return Decimal(0) if ours == 0 else Decimal("Infinity")
    return abs(ours - published) / published


def differs(ours, published, *, is_lower_bound=False, share=None):
    """Whether the institutions' figure differs from a published one by more than `share` (the setting)."""
    share = Decimal(str(settings.PUBLIC_SOURCE_DIFFERENCE_SHARE if share is None else share))
    found = difference_share(ours, published, is_lower_bound=is_lower_bound)
    return found is not None and found > share


@dataclass
class PublishedBeside:
    """A published figure beside the institutions' figure for the same indicator, cell and year (or quarter)."""

    figure: PublicSourceFigure
    ours: Decimal | None
    complete: bool | None  # whether every quarter of ours is complete (None when there is no figure of ours)
    difference: Decimal | None  # ours − published
    share: Decimal | None  # |ours − published| / published, see difference_share
    flagged: bool


def published_beside(figures, ours_for: Callable, *, share=None):
    """Each published figure with the institutions' figure beside it and whether they differ too much.

    `ours_for(year, quarter, option_id)` answers (value or None, complete or None) from the national figures.
    """
    rows = []
    for figure in figures:
        ours, complete = ours_for(figure.year, figure.quarter, figure.option_id)
        rows.append(PublishedBeside(
            figure=figure, ours=ours, complete=complete,
            difference=None if ours is None else Decimal(ours) - figure.value,
            share=difference_share(ours, figure.value, is_lower_bound=figure.is_lower_bound),
            flagged=differs(ours, figure.value, is_lower_bound=figure.is_lower_bound, share=share),
        ))
    return rows
