"""Albanian number and date formats: Django's, with thousands grouped (83.950.000), as Albanian writes them.

Django's own Albanian formats set the separators but no NUMBER_GROUPING, so numbers were not grouped at all.
"""

from django.conf.locale.sq.formats import *  # noqa: F403

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
