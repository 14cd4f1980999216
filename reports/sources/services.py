"""Writes of public sources and their figures.

Every function is keyword-only, runs in one transaction, validates with `full_clean()` and records who
made the change (django-simple-history) in the same transaction. The policy is asked first: only the
unit records public sources; anyone else is refused with PublicSourceError (forbidden).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from antitrafik import policy
from antitrafik.errors import DomainError
from antitrafik.history import save_audited

from ..models import PublicSource, PublicSourceFigure

SOURCE_FIELDS = ("title", "publisher", "publication_year", "url", "note")


class PublicSourceError(DomainError):
    """A refused write of public sources; the message is for the user."""


def _refuse_unless_manager(by):
    if not policy.can(by, "source.manage"):
        raise PublicSourceError(_("Only the unit records public sources."), kind=DomainError.FORBIDDEN)


@dataclass(frozen=True)
class PublishedCell:
    """What a source publishes in one cell: the value and whether it is an "at least" figure."""

    value: Decimal
    is_lower_bound: bool = False


@transaction.atomic
def public_source_create(*, by, title, publisher, publication_year, url="", note="") -> PublicSource:
    _refuse_unless_manager(by)
    return save_audited(PublicSource(title=title, publisher=publisher, publication_year=publication_year,
                                     url=url, note=note), by=by)


@transaction.atomic
def public_source_update(*, source: PublicSource, by, **fields) -> PublicSource:
    _refuse_unless_manager(by)
    unknown = set(fields) - set(SOURCE_FIELDS)
    if unknown:
        raise TypeError(f"Not a field of a public source: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(source, name, value)
    return save_audited(source, by=by)


def _delete_audited(figures, *, by):
    for figure in figures:
        figure._history_user = by
        figure.delete()


@transaction.atomic
def public_source_delete(*, source: PublicSource, by):
    """Delete the source and its figures, each deletion recorded with who made it."""
    _refuse_unless_manager(by)
    _delete_audited(source.figures.select_related("indicator", "option"), by=by)
    source._history_user = by
    source.delete()


@transaction.atomic
def public_source_figures_save(*, source: PublicSource, indicator, year: int, quarter: int | None = None,
                               cells: dict, reference: str = "", by) -> list[PublicSourceFigure]:
    """Record what `source` publishes for `indicator` in `year` (or one quarter of it), replacing what was there.

    `cells` maps None (the total) or a DimensionOption (one cell of a one-way breakdown) to a PublishedCell;
    a cell left out is not published, and a figure recorded for it before is deleted. Returns the figures.
    """
    _refuse_unless_manager(by)
    existing = {f.option_id: f for f in _set_of(source, indicator, year, quarter)}
    kept = []
    for option, cell in cells.items():
        option_id = getattr(option, "pk", None)
        figure = existing.pop(option_id, None)
        if figure is None:
            figure = PublicSourceFigure(source=source, indicator=indicator, year=year, quarter=quarter, option=option)
        elif (figure.value, figure.is_lower_bound, figure.reference) == (cell.value, cell.is_lower_bound, reference):
            kept.append(figure)
            continue
        figure.value, figure.is_lower_bound, figure.reference = cell.value, cell.is_lower_bound, reference
        kept.append(save_audited(figure, by=by))
    _delete_audited(existing.values(), by=by)
    return kept


@transaction.atomic
def public_source_figures_delete(*, source: PublicSource, indicator, year: int, quarter: int | None = None, by) -> int:
    """Delete every figure `source` gives for `indicator` in `year` (or that quarter); returns how many."""
    _refuse_unless_manager(by)
    figures = list(_set_of(source, indicator, year, quarter))
    _delete_audited(figures, by=by)
    return len(figures)


def _set_of(source, indicator, year, quarter):
    """The figures of one source for one indicator and year (or quarter): a 'set' as the form edits it."""
    return source.figures.filter(indicator=indicator, year=year, quarter=quarter).select_related("indicator", "option")
