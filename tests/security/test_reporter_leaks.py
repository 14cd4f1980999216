"""No page, download or search shows another institution's unapproved report data to a reporter or the committee.

The world of the permission matrix is built, the reporter's institution writes marked texts into its
reports (a draft's progress narrative, a warning explanation, a review comment), and every GET URL of
the matrix is then read as the *other* reporter and as a committee member, with and without a search
for the marker. Downloads (XLSX are zip files) are unpacked before they are searched.
"""

import io
import zipfile

import pytest
from django.urls import reverse

from reports import services
from tests.matrix import ROWS

MARKERS = ("ZQXNARRATIVE", "ZQXEXPLAIN", "ZQXCOMMENT")
OUTSIDERS = ("other_reporter", "committee")


@pytest.fixture
def world(world, users):
    """The matrix's world, with marked texts written into the reporter's institution's reports."""
    w = world
    setup, reporter, coordinator = w.quarterly, users["reporter"], users["coordinator"]
    shared = setup.activities[2]  # led by the other institution, ours as a partner: its page is readable by both
    services.report_save(report=w.draft, by=reporter, version=w.draft.version, warning_explanation="ZQXEXPLAIN",
                         progress={shared.pk: {"status": "in_progress", "narrative": "ZQXNARRATIVE", "spent": None}})
    services.report_return(report=w.submitted, by=coordinator, comment="ZQXCOMMENT")
    w.shared_activity = shared
    return w


def body_text(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return content.decode("utf-8", "replace")


def get_urls(world):
    urls = {reverse("strategy:activity_detail", args=[world.shared_activity.pk])}
    for row in ROWS:
        if row.method == "get":
            urls.add(reverse(row.name, kwargs=row.kwargs(world) if row.kwargs else None) + row.query)
    return sorted(urls)


@pytest.mark.django_db
def test_no_get_url_shows_another_institutions_report_data(world, client_for):
    # The markers are there to be found: our own reporter sees them.
    own = client_for(world.users["reporter"])
    assert "ZQXNARRATIVE" in body_text(own.get(reverse("strategy:activity_detail", args=[world.shared_activity.pk])))
    assert "ZQXCOMMENT" in body_text(own.get(reverse("reports:report_detail", args=[world.submitted.pk])))

    leaks = []
    for role in OUTSIDERS:
        client = client_for(world.users[role])
        for url in get_urls(world):
            for query in ("", "?q=ZQX", "?search=ZQX"):
                response = client.get(url + (query if "?" not in url else query.replace("?", "&")))
                text = body_text(response)
                leaks += [f"{role} {url}{query}: {m}" for m in MARKERS if m in text]
    assert not leaks, "\n".join(leaks)
