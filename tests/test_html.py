"""Every page of the permission matrix is well-formed HTML5 and labels every form control."""

from html.parser import HTMLParser

import html5lib
import pytest
from django.urls import reverse

from tests.matrix import ROWS

ROLES = ["director", "coordinator", "reporter", "committee"]
PAGES = [row for row in ROWS if row.method == "get" and any(row.status_for(role) == 200 for role in ROLES)]
# Pieces of a page that htmx swaps in (the committee report's task state): well-formed fragments, no doctype.
FRAGMENTS = {"reports:committee_task"}


class ControlsWithoutLabel(HTMLParser):
    """Collects form controls that no <label for>, wrapping <label> or aria attribute names."""

    def __init__(self):
        super().__init__()
        self.labelled_ids, self.controls, self.label_depth = set(), [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            self.label_depth += 1
            if attrs.get("for"):
                self.labelled_ids.add(attrs["for"])
        elif tag in ("input", "select", "textarea"):
            if attrs.get("type") in ("hidden", "submit", "button", "reset", "image"):
                return
            named = "aria-label" in attrs or "aria-labelledby" in attrs or "title" in attrs or self.label_depth
            self.controls.append((attrs.get("id"), attrs.get("name"), bool(named)))

    def handle_endtag(self, tag):
        if tag == "label":
            self.label_depth = max(0, self.label_depth - 1)

    def unlabelled(self):
        return [(i, n) for i, n, named in self.controls if not named and i not in self.labelled_ids]


@pytest.mark.django_db
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_pages_are_valid_html_with_labelled_controls(row, world, client_for):  # noqa: F811
    url = reverse(row.name, kwargs=row.kwargs(world) if row.kwargs else None) + row.query
    for role in ROLES:
        if row.status_for(role) != 200:
            continue
        response = client_for(world.users[role]).get(url)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode()
        parser = html5lib.HTMLParser(strict=False)
        if row.name in FRAGMENTS:
            parser.parseFragment(page)
        else:
            parser.parse(page)
            assert page.lstrip().lower().startswith("<!doctype html>"), f"{row.name} as {role}: no doctype"
        assert not parser.errors, f"{row.name} as {role}: {parser.errors[:3]}"
        labels = ControlsWithoutLabel()
        labels.feed(page)
        assert not labels.unlabelled(), f"{row.name} as {role}: controls without a label {labels.unlabelled()[:5]}"
