"""The one way a person reads a number: grouped in the reader's language, money with its currency.

83.950.000 in Albanian and 83,950,000 in English (antitrafik/formats/), no ".00" on a whole number, at most
two decimals otherwise; money is "83.950.000 lekë" / "83,950,000 ALL". Pages (the `num` and `money` template
filters of antitrafik/templatetags/numbers.py), the reviewer's diff, the committee report (HTML and PDF) and
e-mails all go through these two functions.
"""

from decimal import Decimal, InvalidOperation

from django.template.defaultfilters import floatformat
from django.utils.formats import get_format
from django.utils.translation import gettext

WHOLE_LIMIT = Decimal(10) ** 15


def format_number(value):
    """'83.950.000' / '83,950,000', '12,5' / '12.5': grouped, without trailing zeros; '' for None or ''."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    if number == number.to_integral_value() and abs(number) < WHOLE_LIMIT:
        # Most figures are whole: grouped here directly (a report page shows hundreds), as floatformat would.
        return f"{int(number):,}".replace(",", get_format("THOUSAND_SEPARATOR"))
    decimals = min(2, max(0, -number.normalize().as_tuple().exponent))
    return floatformat(number, f"{decimals}g")


def format_money(value):
    """'83.950.000 lekë' / '83,950,000 ALL'; '' for None or ''."""
    text = format_number(value)
    return gettext("%(amount)s ALL") % {"amount": text} if text else ""
