"""Every page of the permission matrix speaks one language: no English left in Albanian, no Albanian in English."""

import re

import pytest
from django.urls import reverse

from tests.matrix import ROWS

ROLES = ["director", "coordinator", "reporter", "committee"]
PAGES = [row for row in ROWS if row.method == "get" and any(row.status_for(role) == 200 for role in ROLES)]

# Text that Django, its add-ons or our own code have been seen to leave in English on Albanian pages.
ENGLISH_LEFTOVERS = [
    "Select an option", "---------", "listed below", ">status<", ">spent<", ">narrative<", "Edit<", "Save<",
    "Submit<", "Delete<", "Cancel<", "Search<", "Filter<", "Yes<", "No<", "Unknown<", "None<", "True<", "False<",
]
# Albanian leftovers on English pages: quarters written as tremujor ("T1 2024") and common Albanian words
# ("sipas" is left out: the dimension form shows "sipas gjinisë" as the example of its Albanian phrase field).
# A committee report is written in its own language whatever the reader's (the matrix's report is Albanian).
OWN_LANGUAGE_DOCUMENTS = {"reports:committee_detail"}
ALBANIAN_IN_ENGLISH = [re.compile(r"\bT[1-4] 20\d\d\b"), re.compile(r"\b(Ndrysho|Ruaj|Dorëzo|Gjendja)\b")]


def _visible_text(page):
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return page


def _pages(world, client_for, language):
    for row in PAGES:
        if language == "en" and row.name in OWN_LANGUAGE_DOCUMENTS:
            continue
        url = reverse(row.name, kwargs=row.kwargs(world) if row.kwargs else None) + row.query
        for role in ROLES:
            if row.status_for(role) != 200:
                continue
            response = client_for(world.users[role], language=language).get(url)
            if "text/html" in response.get("Content-Type", ""):
                yield f"{row.name} as {role}", _visible_text(response.content.decode())


@pytest.mark.django_db
def test_albanian_pages_hold_no_english_leftovers(world, client_for):
    found = [f"{where}: {text!r}" for where, page in _pages(world, client_for, "sq")
             for text in ENGLISH_LEFTOVERS if text in page]
    assert not found, "\n".join(found)


@pytest.mark.django_db
def test_english_pages_hold_no_albanian_quarters_or_words(world, client_for):
    found = [f"{where}: {m.group(0)!r}" for where, page in _pages(world, client_for, "en")
             for pattern in ALBANIAN_IN_ENGLISH for m in pattern.finditer(page)]
    assert not found, "\n".join(sorted(set(found)))
