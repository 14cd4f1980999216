"""Strings shown by Django and its add-ons that their own catalogues do not translate into Albanian.

Listed here so that makemessages extracts them into locale/sq, whose translation then takes precedence
(LOCALE_PATHS come before the add-ons' catalogues). tests/test_page_language.py fails when one shows up
in English on an Albanian page.
"""

from django.utils.translation import gettext_noop

STRINGS = [
    gettext_noop("- Select an option -"),  # django.db.models.fields.BLANK_CHOICE_LABEL (Django 6.1)
]
