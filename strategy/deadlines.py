"""An activity's deadline as plans write it: reading it from text, writing it back, and its last day.

One module for the three questions, used by the activity's form, the spreadsheet import and export, and
the activity itself (`Activity.compute_due_on`, the one rule for the day an activity is due):

* a **date** (31.12.2025, 2025-12-31, 31/12/2025): due that day;
* a **month** (06/2026, qershor 2026, June 2026): due on the month's last day;
* a **quarter** (T2 2026, Q2 2026): due on the quarter's last day;
* a **year** (2026): due on 31 December;
* a **range** of years or quarters (2025–2027, 2025-2027, T1 2025 – T4 2026): due at the end of its last part;
* **ongoing** (vazhdimisht, në vazhdim, ongoing, continuous): no due day. An ongoing activity is reported on
  every quarter like any other, but it is never late.

The parts are stored in the activity's deadline fields (FIELDS); `parse` gives them, `text` writes them.
"""

import calendar
import datetime
import re
import unicodedata

from django.utils import translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .quarters import quarter_end, quarter_label

FIELDS = ("deadline_date", "deadline_month", "deadline_quarter", "deadline_year", "deadline_start_year",
          "deadline_start_quarter", "deadline_ongoing")
FIRST_YEAR, LAST_YEAR = 2000, 2100
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")
QUARTER_RE = re.compile(r"^[TQ]\s*([1-4])\s*[/ .-]?\s*(\d{4})$", re.IGNORECASE)
YEAR_RE = re.compile(r"^(\d{4})$")
MONTH_NUMBER_RE = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{4})$")
MONTH_NAME_RE = re.compile(r"^([^\W\d_]+)\.?\s*,?\s*(\d{4})$")
# The dashes a range is written with; a range's parts are years or quarters.
RANGE_SEPARATOR_RE = re.compile(r"\s*(?:[-\u2010-\u2015]|\bderi\b|\bto\b)\s*", re.IGNORECASE)
# Month names in Albanian and English, written without accents (see _plain), full and abbreviated.
MONTH_NAMES = {
    **{name: n for n, name in enumerate(["janar", "shkurt", "mars", "prill", "maj", "qershor", "korrik", "gusht",
                                         "shtator", "tetor", "nentor", "dhjetor"], start=1)},
    **{name: n for n, name in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                         "september", "october", "november", "december"], start=1)},
    **{name: n for n, name in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                         "nov", "dec"], start=1)},
    "sept": 9,
}
ONGOING_WORDS = {"vazhdimisht", "ne vazhdim", "ne vazhdimesi", "i vazhdueshem", "e vazhdueshme", "ongoing",
                 "continuous", "continuously", "permanent", "vazhdueshem"}


class DeadlineError(ValueError):
    """The text is not a deadline; the message says what is accepted."""


def empty():
    """The deadline fields of an activity without a deadline."""
    return dict.fromkeys(FIELDS) | {"deadline_ongoing": False}


def _plain(text):
    """Lower case, accents off (ë → e, ç → c), spaces collapsed: how words are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _year(text):
    year = int(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DeadlineError(_("The year must be between %(first)s and %(last)s.") % {"first": FIRST_YEAR,
                                                                                     "last": LAST_YEAR})
    return year


def _single(text):
    """The fields of one deadline that is not a range, or None when the text is not one."""
    match = QUARTER_RE.match(text)
    if match:
        return empty() | {"deadline_quarter": int(match.group(1)), "deadline_year": _year(match.group(2))}
    match = YEAR_RE.match(text)
    if match:
        return empty() | {"deadline_year": _year(match.group(1))}
    for fmt in DATE_FORMATS:
        try:
            day = datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
        _year(day.year)
        return empty() | {"deadline_date": day}
    match = MONTH_NUMBER_RE.match(text)
    month = None
    if match:
        month = int(match.group(1))
    else:
        match = MONTH_NAME_RE.match(text)
        if match:
            month = MONTH_NAMES.get(_plain(match.group(1)))
    if match and month and 1 <= month <= 12:
        return empty() | {"deadline_month": month, "deadline_year": _year(match.group(2))}
    return None


def parse(text):
    """The deadline fields (see FIELDS) of a deadline as plans write it; all empty for an empty text.

    Raises DeadlineError with a message for the user when the text is not a deadline."""
    text = " ".join((text or "").split())
    if not text:
        return empty()
    if _plain(text).rstrip(".") in ONGOING_WORDS:
        return empty() | {"deadline_ongoing": True}
    single = _single(text)
    if single is not None:
        return single
    for separator in RANGE_SEPARATOR_RE.finditer(text):
        start, end = _single(text[:separator.start()]), _single(text[separator.end():])
        if start and end and _range_part(start) and _range_part(end):
            fields = end | {"deadline_start_year": start["deadline_year"],
                            "deadline_start_quarter": start["deadline_quarter"]}
            if _start_key(fields) > _end_key(fields):
                raise DeadlineError(_("The range ends before it starts: %(value)s.") % {"value": text})
            return fields
    raise DeadlineError(_("Not a deadline: %(value)s. Write a date (31.12.2025), a month (06/2026 or June 2026), "
                          "a quarter (Q2 2026), a year (2026), a range (2025–2027 or Q1 2025 – Q4 2026) or "
                          "“ongoing”.") % {"value": text})


def _range_part(fields):
    """A range runs from a year or a quarter to a year or a quarter."""
    return fields["deadline_year"] and not fields["deadline_date"] and not fields["deadline_month"]


def _start_key(fields):
    return fields["deadline_start_year"], fields["deadline_start_quarter"] or 1


def _end_key(fields):
    return fields["deadline_year"], fields["deadline_quarter"] or 4


def check(fields):
    """The problems of a set of deadline fields as {field: message} (empty when they make one deadline)."""
    date, month, quarter, year = (fields.get(name) for name in ("deadline_date", "deadline_month",
                                                                  "deadline_quarter", "deadline_year"))
    start_year, start_quarter = fields.get("deadline_start_year"), fields.get("deadline_start_quarter")
    others = [month, quarter, year, start_year, start_quarter]
    if fields.get("deadline_ongoing") and (date or any(v is not None for v in others)):
        return {"deadline_ongoing": _("An ongoing activity has no other deadline.")}
    if date and any(v is not None for v in others):
        return {"deadline_date": _("Give the deadline either as a date or as a month, quarter, year or range, "
                                   "not both.")}
    if (month or quarter) and not year:
        return {"deadline_year": _("A month or quarter deadline needs a year.")}
    if month and (quarter or start_year):
        return {"deadline_month": _("A month deadline is a month of one year, not a quarter or a range.")}
    if start_quarter and not start_year:
        return {"deadline_start_year": _("The start of a range needs its year.")}
    if start_year and not year:
        return {"deadline_year": _("A range needs its last year.")}
    if start_year and _start_key(fields) > _end_key(fields):
        return {"deadline_start_year": _("The range ends before it starts.")}
    return {}


def due_on(fields):
    """The last day by which the deadline falls due; None without a deadline and for an ongoing activity."""
    if fields.get("deadline_ongoing"):
        return None
    if fields.get("deadline_date"):
        return fields["deadline_date"]
    year, month, quarter = fields.get("deadline_year"), fields.get("deadline_month"), fields.get("deadline_quarter")
    if not year:
        return None
    if month:
        return datetime.date(year, month, calendar.monthrange(year, month)[1])
    if quarter:
        return quarter_end(year, quarter)
    return datetime.date(year, 12, 31)


def of(activity):
    """The deadline fields of an activity (or anything with them)."""
    return {name: getattr(activity, name) for name in FIELDS}


def month_label(year, month):
    """'qershor 2026' in Albanian (month names are not capitalised), 'June 2026' in English."""
    name = str(MONTHS[month])
    if (translation.get_language() or "").startswith("sq"):
        name = name.lower()
    return f"{name} {year}"


def _point(year, quarter):
    return quarter_label(year, quarter) if quarter else str(year)


def text(fields, *, dates=True):
    """The deadline as a reader (and the import) reads it, in the active language: '31.12.2025', 'qershor 2026',
    'T2 2026', '2026', '2025–2027', 'T1 2025 – T4 2026', 'Në vazhdim'. Without `dates`, a date is left as it is
    (for a spreadsheet cell, which holds it as a date)."""
    if fields.get("deadline_ongoing"):
        return gettext("Ongoing")
    date = fields.get("deadline_date")
    if date:
        return date.strftime("%d.%m.%Y") if dates else date
    year = fields.get("deadline_year")
    if not year:
        return ""
    if fields.get("deadline_month"):
        return month_label(year, fields["deadline_month"])
    end = _point(year, fields.get("deadline_quarter"))
    start_year = fields.get("deadline_start_year")
    if not start_year:
        return end
    start = _point(start_year, fields.get("deadline_start_quarter"))
    if fields.get("deadline_quarter") or fields.get("deadline_start_quarter"):
        return f"{start} – {end}"
    return f"{start}–{end}"
