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


def span_label(start, end):
    """A run of quarters from `start` to `end` ((year, quarter) pairs) as a reader names it: 'Viti 2025' /
    'Year 2025' for a whole year, 'Gjashtëmujori I 2026' / 'First half-year 2026' for a half, the quarter's
    label for one quarter, else 'T1 2025 – T2 2026'."""
    (first_year, first_quarter), (last_year, last_quarter) = start, end
    if start == end:
        return quarter_label(first_year, first_quarter)
    if first_year == last_year and (first_quarter, last_quarter) == (1, 4):
        return gettext("Year %(year)s") % {"year": first_year}
    if first_year == last_year and (first_quarter, last_quarter) == (1, 2):
        return gettext("First half-year %(year)s") % {"year": first_year}
    if first_year == last_year and (first_quarter, last_quarter) == (3, 4):
        return gettext("Second half-year %(year)s") % {"year": first_year}
    return f"{quarter_label(first_year, first_quarter)} – {quarter_label(last_year, last_quarter)}"
