"""Figures as people type them: one parser for the report form and the spreadsheet upload, and the
"at least" figures official sources publish.

Notation (the interface language decides only what is ambiguous):

* Albanian: "1.500" and "1 500" are one thousand five hundred, "1,5" is one and a half, "1.500,25" works.
* English: "1,500" and "1 500" are one thousand five hundred, "1.5" is one and a half, "1,500.25" works.
* A single separator followed by exactly three digits ("1.500", "1,500") is the ambiguous case: it is the
  thousands separator of the language ("." in Albanian, "," in English), otherwise the decimal mark. Any
  other single separator can only be a decimal mark ("12.5", "12,5"); repeated ones only thousands
  separators ("1.500.000"); with both, the last one is the decimal mark ("1.500,25", "1,500.25").
  Spaces (also non-breaking ones) separate groups of three digits only.
* Counts are whole numbers: "1,5" on a count is refused with a message saying how it was read.

"At least" figures: "≥ 15" or ">=15" (also "at least 15", "të paktën 15", "min 15") is a lower bound. It is
kept as `AtLeast(15)`, a Decimal that remembers it is a minimum, stored with StatValue.is_lower_bound and
shown back as "≥ 15" everywhere.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from antitrafik.formatting import format_number
from strategy.choices import IndicatorUnit

MAX_INTEGER_DIGITS = 14  # StatValue.value and ActivityProgress.spent: 16 digits, 2 of them decimals
AT_LEAST_SIGN = "≥"
# Longest first, so that "min." is not read as "min" followed by ".".
LOWER_BOUND_PREFIXES = ("të paktën", "te pakten", "at least", AT_LEAST_SIGN, ">=", "=>", "min.", "min")
SPACES_RE = re.compile(r"[\s\u00a0\u202f\u2009]+")
BODY_RE = re.compile(r"^[0-9.,]+$")
SPACED_RE = re.compile(r"^[0-9]{1,3}(?: [0-9]{3})+(?:[.,][0-9]+)?$")


class AtLeast(Decimal):
    """A figure published as a minimum ("at least 15"). Arithmetic on it gives plain Decimals."""

    is_lower_bound = True

    def __repr__(self):
        return f"AtLeast('{self}')"


def figure(value, *, lower_bound=False):
    """The value as a Decimal, or as AtLeast when it is a lower bound."""
    if value is None:
        return None
    return AtLeast(value) if lower_bound else Decimal(value)


def is_lower_bound(value):
    return isinstance(value, AtLeast)


def same_figure(a, b):
    """Equal values with the same "at least" flag (AtLeast(15) == Decimal(15) is True for arithmetic)."""
    if a is None or b is None:
        return a is None and b is None
    return Decimal(a) == Decimal(b) and is_lower_bound(a) == is_lower_bound(b)


def plain_number(value):
    """A Decimal without trailing zeros ('12', '12.5'), as typed into an input: never ambiguous to re-read."""
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def figure_text(value):
    """The figure as stored in JSON snapshots and written to spreadsheets: '15', '12.5' or '≥15'."""
    return f"{AT_LEAST_SIGN}{plain_number(value)}" if is_lower_bound(value) else plain_number(value)


def figure_from_text(text):
    """The reverse of figure_text (for snapshots written by this application)."""
    if text is None:
        return None
    text = str(text)
    if text.startswith(AT_LEAST_SIGN):
        return AtLeast(text[len(AT_LEAST_SIGN):])
    return Decimal(text)


def display_figure(value):
    """The figure as shown in inputs, diffs and change logs: '15' or '≥ 15' (None stays None)."""
    if value is None:
        return None
    return f"{AT_LEAST_SIGN} {plain_number(value)}" if is_lower_bound(value) else plain_number(value)


def readable_figure(value):
    """The figure as a person reads it in diffs, change logs and messages: grouped in the reader's language
    ('1.500' / '1,500'), '≥ 1.500' for an "at least" figure (None stays None). Inputs use display_figure."""
    if value is None:
        return None
    text = format_number(value)
    return f"{AT_LEAST_SIGN} {text}" if is_lower_bound(value) else text


def _separators(language):
    """(decimal mark, thousands separator) of the language."""
    return (".", ",") if (language or "sq").startswith("en") else (",", ".")


def _grouped(integer_part, separator):
    """True when `integer_part` is digits in groups of three separated by `separator` (1.500.000)."""
    return re.fullmatch(rf"[0-9]{{1,3}}(?:{re.escape(separator)}[0-9]{{3}})+", integer_part) is not None


def _read_number(text, language):
    """The number as plain decimal text ('1500', '1.5'), or None when it is not a number in either notation."""
    _decimal_mark, thousands = _separators(language)
    text = SPACES_RE.sub(" ", text)
    if " " in text:
        # Spaces only separate groups of three digits: "1 500", "1 500 000,5".
        if not SPACED_RE.match(text):
            return None
        text = text.replace(" ", "")
    if not BODY_RE.match(text):
        return None
    dots, commas = text.count("."), text.count(",")
    if not dots and not commas:
        return text
    if dots and commas:
        mark = "." if text.rfind(".") > text.rfind(",") else ","
        group = "," if mark == "." else "."
        integer_part, _sep, fraction = text.rpartition(mark)
        if group in fraction or mark in integer_part or not fraction or not _grouped(integer_part, group):
            return None
        return f"{integer_part.replace(group, '')}.{fraction}"
    separator = "." if dots else ","
    if text.count(separator) > 1:
        return text.replace(separator, "") if _grouped(text, separator) else None
    integer_part, _sep, fraction = text.partition(separator)
    if not integer_part or not fraction:
        return None
    if separator == thousands and _grouped(text, separator) and not integer_part.startswith("0"):
        return integer_part + fraction  # "1.500" in Albanian, "1,500" in English
    return f"{integer_part}.{fraction}"


def _local(value, language):
    """A number written in the language's notation, for messages ('1,5' in Albanian, '1.5' in English)."""
    decimal_mark, _thousands = _separators(language)
    return plain_number(value).replace(".", decimal_mark)


def parse_figure(text, *, whole=False, language=None, allow_lower_bound=True):
    """(Decimal, AtLeast or None; error message or None) for what a user typed: '' is an empty cell.

    `language` defaults to the active one; `whole` refuses fractions (counts); `allow_lower_bound` accepts
    "≥ 15" (statistics cells, not money).
    """
    language = language or translation.get_language() or "sq"
    text = (text or "").strip()
    if text == "":
        return None, None
    lower = False
    folded = text.casefold()
    for prefix in LOWER_BOUND_PREFIXES:
        if folded.startswith(prefix):
            if not allow_lower_bound:
                return None, _("Enter a plain number here: “at least” figures are only for statistics.")
            lower, text = True, text[len(prefix):].strip()
            break
    if text.startswith(">"):
        return None, _("Write “at least 15” as ≥ 15 or >=15.")
    if text.startswith(("≤", "<")):
        return None, _("Only “at least” figures can be entered (≥ 15), not upper bounds.")
    if text.startswith("-"):
        number = _read_number(text[1:].strip(), language)
        return None, (_("A value cannot be negative.") if number is not None else _("Enter a number (digits only)."))
    if text == "":
        return None, _("Write the number after “≥”, e.g. ≥ 15.")
    number = _read_number(text, language)
    if number is None:
        return None, _("Enter a number (digits only).")
    try:
        value = Decimal(number)
    except InvalidOperation:
        return None, _("Enter a number (digits only).")
    if len(number.split(".")[0].lstrip("0")) > MAX_INTEGER_DIGITS:
        return None, _("This number is too large.")
    if whole and value != value.to_integral_value():
        example = "1,500" if language.startswith("en") else "1.500"
        return None, _("A count is a whole number: “%(text)s” reads as %(value)s here. Write one thousand five "
                       "hundred as 1500 or %(example)s.") % {"text": text, "value": _local(value, language),
                                                              "example": example}
    if value.normalize().as_tuple().exponent < -2:
        return None, _("Use at most two decimals.")
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return (AtLeast(value) if lower else value), None


def parse_cell_value(value, unit, *, language=None):
    """Parse one statistics cell (from the form or a spreadsheet): numbers from a spreadsheet pass as they are."""
    if isinstance(value, bool):
        return None, _("Enter a number (digits only).")
    whole = unit == IndicatorUnit.COUNT
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
        if not number.is_finite():  # inf or nan (1E999 in a cell): no figure, and NaN cannot even be compared
            return None, _("Enter a number (digits only).")
        if number < 0:
            return None, _("A value cannot be negative.")
        value = plain_number(number)
        language = "en"  # a spreadsheet number has a decimal point, whatever the interface language
    return parse_figure("" if value is None else str(value), whole=whole, language=language)
