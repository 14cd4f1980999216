"""Quarters, the unit of reporting: their days, their order and their label."""

import calendar
import datetime

from django.utils.translation import gettext


def quarter_of(day):
    """(year, quarter) of the quarter that holds `day`."""
    return day.year, (day.month - 1) // 3 + 1


def quarter_start(year, quarter):
    return datetime.date(year, quarter * 3 - 2, 1)


def quarter_end(year, quarter):
    month = quarter * 3
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def quarter_sequence(year, quarter):
    """A number that grows by one per quarter (Q4 2025 is followed by Q1 2026), for spans and comparisons.

    Takes numbers or database expressions alike: quarter_sequence(F("year"), F("quarter")) in a query.
    """
    return year * 4 + quarter - 1


def quarter_from_sequence(sequence):
    """(year, quarter) of a quarter_sequence()."""
    year, index = divmod(sequence, 4)
    return year, index + 1


def quarter_label(year, quarter):
    """The quarter in the active language: 'Q1 2024' in English, 'T1 2024' (tremujori) in Albanian."""
    return gettext("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year}
