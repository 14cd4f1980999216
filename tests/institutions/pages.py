"""Helpers to read what a user sees on a page."""

import re
from html import unescape


def field_error(response, field):
    """The error text shown next to the form field `field` (crispy-forms' invalid-feedback), or ''."""
    html = response.content.decode()
    match = re.search(rf'<div id="id_{field}_error" class="invalid-feedback">(.*?)</div>', html, re.S)
    if match is None:
        return ""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


def main_text(response):
    """The visible text of the page's <main>, whitespace collapsed."""
    html = response.content.decode()
    main = html.split("<main", 1)[1].split(">", 1)[1].split("</main>", 1)[0]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main)).split())
