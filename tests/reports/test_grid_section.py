"""The statistics section of a report's page and form is kept in the process while everything it shows is the same
(reports.grid_section): the same request twice renders it once; any change of what it shows — a value, "at least",
a comment, an issue, the language, the form or the page, a definition — shows at once; a refused save is never kept."""

import pytest
from django.test.signals import template_rendered
from django.urls import reverse

from reports import services

pytestmark = pytest.mark.django_db


class Renders:
    """How many times reports/_grid.html was rendered."""

    def __init__(self):
        self.count = 0

    def __call__(self, sender, template, **kwargs):
        self.count += template.name == "reports/_grid.html"

    def __enter__(self):
        template_rendered.connect(self)
        return self

    def __exit__(self, *exc):
        template_rendered.disconnect(self)


def get(client, url):
    with Renders() as renders:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), renders.count


def section(html):
    """The statistics section of the page: from its heading to what follows it (on the page, the timeline or what
    changed; in the form, the explanation of the warnings or the buttons)."""
    start = html.index('id="stats-title"')
    ends = [html.find(marker, start) for marker in ('id="changes-title"', 'aria-labelledby="timeline-title"',
                                                    'aria-labelledby="explain-title"', "sticky-bottom")]
    return html[start:min(end for end in ends if end != -1)]


def test_the_same_page_renders_its_statistics_once_and_shows_them_the_same(setup, filled_report, reporter, client_for):
    client = client_for(reporter)
    for url in (filled_report.get_absolute_url(), reverse("reports:report_edit", args=[filled_report.pk])):
        first, renders_first = get(client, url)
        again, renders_again = get(client, url)
        assert (renders_first, renders_again) == (1, 0)
        assert section(first) == section(again)


def test_a_saved_value_and_an_at_least_figure_show_at_once(setup, filled_report, reporter, client_for):
    client = client_for(reporter)
    edit = reverse("reports:report_edit", args=[filled_report.pk])
    before, _ = get(client, filled_report.get_absolute_url())
    get(client, edit)
    values = setup.valid_values()
    values[(setup.minors.pk, "")] = 4
    response = client.post(edit, setup.post_data(filled_report, values))
    assert response.status_code == 302
    page, renders = get(client, filled_report.get_absolute_url())
    assert renders == 1 and section(page) != section(before)
    form, renders = get(client, edit)
    assert renders == 1 and 'value="4"' in section(form)
    filled_report.refresh_from_db()
    values[(setup.minors.pk, "")] = ">=4"  # the same number, now "at least"
    assert client.post(edit, setup.post_data(filled_report, values)).status_code == 302
    form, renders = get(client, edit)
    assert renders == 1 and 'value="≥ 4"' in section(form)


def test_a_refused_save_shows_what_was_typed_and_is_not_kept(setup, filled_report, reporter, client_for):
    client = client_for(reporter)
    edit = reverse("reports:report_edit", args=[filled_report.pk])
    get(client, edit)
    values = setup.valid_values()
    values[(setup.minors.pk, "")] = "dy"
    with Renders() as renders:
        response = client.post(edit, setup.post_data(filled_report, values))
    assert response.status_code == 400 and renders.count == 1
    assert 'value="dy"' in section(response.content.decode())
    form, renders = get(client, edit)
    assert renders == 0 and 'value="dy"' not in section(form)  # the kept form, as saved


def test_comments_issues_language_and_definitions_are_part_of_what_is_kept(setup, filled_report, reporter,
                                                                            coordinator, client_for):
    client = client_for(reporter)
    page = filled_report.get_absolute_url()
    first, _ = get(client, page)
    # The issues shown to the reporter (who can submit) are part of it: a figure breaking a rule shows its issue.
    edit = reverse("reports:report_edit", args=[filled_report.pk])
    values = setup.valid_values()
    values[(setup.minors.pk, "")] = 99  # more minors than victims: the rule's error
    assert client.post(edit, setup.post_data(filled_report, values)).status_code == 302
    with_issue, renders = get(client, page)
    assert renders == 1 and "text-danger" in section(with_issue) and "text-danger" not in section(first)
    # The language.
    albanian = client_for(reporter, language="sq")
    sq, renders = get(albanian, page)
    assert renders == 1 and section(sq) != section(with_issue)
    # A comment on an indicator, written when the report is returned.
    filled_report.refresh_from_db()
    assert client.post(edit, setup.post_data(filled_report, setup.valid_values(), action="submit")).status_code == 302
    filled_report.refresh_from_db()
    reviewer = client_for(coordinator)
    get(reviewer, page)
    services.report_return(report=filled_report, by=coordinator, comment="Kontrolloni shifrat.",
                           item_comments=[{"activity": None, "indicator": setup.victims.pk,
                                           "body": "Shifra e viktimave duket e ulët."}])
    returned, renders = get(reviewer, page)
    assert renders == 1 and "Shifra e viktimave duket e ulët." in section(returned)
    # A definition.
    setup.victims.name_en = "Victims identified, renamed"
    setup.victims.save()
    renamed, renders = get(reviewer, page)
    assert renders == 1 and "Victims identified, renamed" in section(renamed)


def test_an_issue_that_comes_from_another_report_shows_though_the_values_are_the_same(setup, filled_report, reporter,
                                                                                        client_for):
    """V03 warns when far from the earlier quarters: an earlier report submitted afterwards brings the warning to a
    report whose own values did not change (the issues shown are part of what is kept)."""
    from reports.models import QuarterlyReport, StatValue
    from tests.reports.builders import make_period

    client = client_for(reporter)
    page = filled_report.get_absolute_url()
    before, _ = get(client, page)
    assert "text-warning-emphasis" not in section(before)
    earlier = QuarterlyReport.objects.create(institution=setup.institution, status="accepted",
                                             period=make_period(setup.plan, 2026, 1))
    StatValue.objects.create(report=earlier, indicator=setup.trainings, cell_key="", value=100)
    after, renders = get(client, page)
    assert renders == 1 and "text-warning-emphasis" in section(after)


def test_a_reply_to_a_comment_shows_though_the_values_are_the_same(setup, filled_report, reporter, coordinator,
                                                                   client_for):
    client = client_for(reporter)
    edit = reverse("reports:report_edit", args=[filled_report.pk])
    assert client.post(edit, setup.post_data(filled_report, action="submit")).status_code == 302
    filled_report.refresh_from_db()
    services.report_return(report=filled_report, by=coordinator, comment="Kontrolloni shifrat.",
                           item_comments=[{"activity": None, "indicator": setup.victims.pk, "body": "Pse kaq pak?"}])
    filled_report.refresh_from_db()
    page = filled_report.get_absolute_url()
    get(client, page)
    comment = filled_report.comments.get(indicator=setup.victims)
    data = setup.post_data(filled_report)
    data[f"r-{comment.pk}"] = "Të dhënat e policisë së qarkut erdhën vonë."
    assert client.post(edit, data).status_code == 302
    after, renders = get(client, page)
    assert renders == 1 and "Të dhënat e policisë së qarkut erdhën vonë." in section(after)
