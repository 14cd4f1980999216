"""Numbers of the figures as JSON (shared by the parts of the figures)."""

from decimal import Decimal


def as_number(value):
    """A Decimal from the database as a JSON number: int when whole, else a float with two decimals."""
    if value is None:
        return None
    value = Decimal(value)
    if value == value.to_integral_value():
        return int(value)
    return float(round(value, 2))
