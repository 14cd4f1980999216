"""Breakdowns as sources publish them: one-way tables per dimension (with overlapping options and "unknown"
rows), the cross-table, either of the two; their checks, their storage, and "at least" figures everywhere
a figure is shown."""

from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from reports import services, validation
from reports.grid import indicator_grids
from reports.models import StatValue
from reports.models.quarterly import ReportError
from reports.numbers import AtLeast
from strategy.choices import BreakdownLayout, RuleKind, Severity
from tests.reports.builders import make_indicator, make_rule
from tests.reports.published import Published

pytestmark = pytest.mark.django_db


def edit_url(report):
    return reverse("reports:report_edit", args=[report.pk])


def stored(report):
    return {v.cell_key: v for v in StatValue.objects.filter(report=report)}


@pytest.fixture
def published(institution):
    return Published(institution)


class Ids(HTMLParser):
    """Every id of a page, and the inputs with what labels them."""

    def __init__(self):
        super().__init__()
        self.ids, self.inputs = Counter(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids[attrs["id"]] += 1
        if tag == "input" and attrs.get("type") == "text":
            self.inputs.append(attrs)


def parse(page):
    ids = Ids()
    ids.feed(page)
    return ids


def issues(published, values):
    grids = indicator_grids(published.institution)
    return validation.evaluate(grids, {k: v if isinstance(v, Decimal) else Decimal(v) for k, v in values.items()})


# ---------------------------------------------------------------------------------------------
# The form
# ---------------------------------------------------------------------------------------------


def test_separate_layout_shows_one_labelled_table_per_dimension(published, reporter, client_for):
    report = published.start(reporter)
    page = client_for(reporter).get(edit_url(report)).content.decode()
    v = published.victims.pk
    options = [published.female, published.male, published.sex_unknown, published.minor, published.adult,
               published.age_unknown, published.sexual, published.labour, published.begging, published.marriage,
               published.form_unknown]
    for option in options:
        assert f'name="v-{v}-{option.pk}"' in page
    assert f'name="v-{v}-{published.key(published.female, published.minor, published.sexual)}"' not in page
    assert "One person may count in several of these" in page  # only the forms of exploitation overlap
    assert page.count("One person may count in several of these") == 1
    html = parse(page)
    assert not [i for i, n in html.ids.items() if n > 1], "HTML ids must be unique"
    cells = [i for i in html.inputs if i["name"].startswith(f"v-{v}-")]
    assert len(cells) == 1 + len(options)
    for cell in cells:
        labels = cell["aria-labelledby"].split()
        assert labels and all(html.ids[label] == 1 for label in labels), cell
    # A one-way cell is named by its table (the dimension) and its row (the option).
    female = next(c for c in cells if c["name"] == f"v-{v}-{published.female.pk}")
    assert female["aria-labelledby"] == f"indicator-{v}-d1-title h{v}-d1-r1"
    assert_valid_html(page)


def assert_valid_html(page):
    import html5lib

    from tests.test_html import ControlsWithoutLabel

    parser = html5lib.HTMLParser(strict=False)
    parser.parse(page)
    assert not parser.errors, parser.errors[:3]
    labels = ControlsWithoutLabel()
    labels.feed(page)
    assert not labels.unlabelled()


def test_one_way_cells_are_stored_with_the_option_in_its_dimensions_column(published, reporter, client_for):
    report = published.start(reporter)
    values = published.one_way(10, sex=[(published.female, 7), (published.male, 3), (published.sex_unknown, 0)],
                               age=[(published.minor, 4), (published.adult, 6)])
    response = client_for(reporter).post(edit_url(report), Published.post_data(report, values))
    assert response.status_code == 302
    cells = stored(report)
    assert set(cells) == {"", *(published.key(o) for o in (published.female, published.male, published.sex_unknown,
                                                            published.minor, published.adult))}
    adult = cells[published.key(published.adult)]
    assert (adult.option_1_id, adult.option_2_id, adult.option_3_id, adult.value) == (None, published.adult.pk, None, 6)
    female = cells[published.key(published.female)]
    assert (female.option_1_id, female.option_2_id, female.option_3_id) == (published.female.pk, None, None)


def test_a_cross_cell_of_a_separate_indicator_is_refused(published, reporter, client_for):
    report = published.start(reporter)
    data = Published.post_data(report, published.one_way(10))
    data[f"v-{published.victims.pk}-{published.key(published.female, published.minor, published.sexual)}"] = "3"
    response = client_for(reporter).post(edit_url(report), data)
    assert response.status_code == 400 and "nothing was saved" in response.content.decode()
    assert not StatValue.objects.exists()


# ---------------------------------------------------------------------------------------------
# Checks of one-way tables
# ---------------------------------------------------------------------------------------------


def test_each_one_way_table_adds_up_to_the_total(published):
    p = published
    values = p.one_way(10, sex=[(p.female, 7), (p.male, 3), (p.sex_unknown, 0)],
                       age=[(p.minor, 4), (p.adult, 5), (p.age_unknown, 1)])
    assert issues(p, values) == []
    values[(p.victims.pk, p.key(p.male))] = Decimal(1)
    [issue] = issues(p, values)
    assert issue.is_error and issue.dimension_id == p.sex.pk and issue.input_name == f"v-{p.victims.pk}-sum-{p.sex.pk}"
    assert "The breakdown by p-sex adds up to 8, not to the total 10." == issue.message


def test_the_message_is_shown_next_to_its_table(published, reporter, client_for):
    p = published
    report = p.start(reporter)
    values = p.one_way(10, sex=[(p.female, 6), (p.male, 3)])
    services.report_save(report=report, by=reporter, version=report.version,
                         values={k: Decimal(v) for k, v in values.items()})
    page = client_for(reporter).get(report.get_absolute_url()).content.decode()
    anchor = f'id="v-{p.victims.pk}-sum-{p.sex.pk}"'
    assert anchor in page
    after = page[page.index(anchor):]
    assert after.index("adds up to 9, not to the total 10") < after.index("</div>") + 200
    # The list of findings links to it on the edit page, where it can be corrected.
    assert f'/edit/#v-{p.victims.pk}-sum-{p.sex.pk}"' in page
    edit = client_for(reporter).get(reverse("reports:report_edit", args=[report.pk])).content.decode()
    assert anchor in edit


def test_overlapping_forms_may_exceed_the_total_but_no_form_may(published):
    p = published
    forms = [(p.sexual, 8), (p.labour, 3), (p.begging, 2), (p.marriage, 0), (p.form_unknown, 0)]
    assert issues(p, p.one_way(10, form=forms)) == []  # 13 > 10: one person, several forms
    too_many = p.one_way(10, form=[(p.sexual, 11), *forms[1:]])
    [issue] = issues(p, too_many)
    assert issue.is_error and issue.cell_key == p.key(p.sexual)
    assert "is more than the total 10: a person counts at most once in each option" in issue.message


def test_overlapping_forms_with_the_unknown_cell_filled_must_reach_the_total(published):
    p = published
    short = [(p.sexual, 5), (p.labour, 2), (p.form_unknown, 1)]
    [issue] = issues(p, p.one_way(10, form=short))
    assert issue.is_error and issue.dimension_id == p.form.pk
    assert "adds up to 8, less than the total 10: with its unknown cell filled, every person counts" in issue.message
    # Without the unknown cell the table does not claim to account for every person: not checked from below.
    assert issues(p, p.one_way(10, form=short[:2])) == []


def test_a_warning_rule_on_a_table_is_a_warning(published):
    p = published
    rule = p.victims.rules.get(dimension=p.age)
    rule.severity = Severity.WARNING
    rule.save()
    [issue] = issues(p, p.one_way(10, age=[(p.minor, 4), (p.adult, 4)]))
    assert issue.is_warning and issue.dimension_id == p.age.pk


# ---------------------------------------------------------------------------------------------
# Either layout
# ---------------------------------------------------------------------------------------------


def test_either_layout_shows_the_one_way_tables_read_only_once_the_cross_table_is_filled(institution, reporter,
                                                                                        client_for):
    p = Published(institution, layout=BreakdownLayout.BOTH)
    report = p.start(reporter)
    v = p.victims.pk
    client = client_for(reporter)
    page = client.get(edit_url(report)).content.decode()
    assert f'name="v-{v}-{p.female.pk}"' in page  # nothing filled: both can be entered
    assert f'name="v-{v}-{p.key(p.female, p.minor, p.sexual)}"' in page
    cross = {(v, ""): 5, (v, p.key(p.female, p.minor, p.sexual)): 3, (v, p.key(p.male, p.adult, p.labour)): 2}
    assert client.post(edit_url(report), Published.post_data(report, cross)).status_code == 302
    page = client.get(edit_url(report)).content.decode()
    assert f'name="v-{v}-{p.female.pk}"' not in page  # derived: shown, not entered
    assert "These tables are computed from the cross-table below." in page
    assert_valid_html(page)
    html = parse(page)
    assert not [i for i, n in html.ids.items() if n > 1]
    report.refresh_from_db()
    assert services.report_check(report=report)[1] == []


def test_either_layout_offers_no_cross_table_once_one_way_tables_are_filled(institution, reporter, client_for):
    p = Published(institution, layout=BreakdownLayout.BOTH)
    report = p.start(reporter)
    v = p.victims.pk
    client = client_for(reporter)
    values = p.one_way(5, sex=[(p.female, 3), (p.male, 2), (p.sex_unknown, 0)])
    assert client.post(edit_url(report), Published.post_data(report, values)).status_code == 302
    page = client.get(edit_url(report)).content.decode()
    assert f'name="v-{v}-{p.female.pk}"' in page and 'value="3"' in page
    assert f'name="v-{v}-{p.key(p.female, p.minor, p.sexual)}"' not in page
    assert "To enter the cross-table instead, empty these tables and save." in page
    assert_valid_html(page)


def test_either_layout_refuses_both_at_once(institution, reporter, client_for):
    p = Published(institution, layout=BreakdownLayout.BOTH)
    report = p.start(reporter)
    v = p.victims.pk
    values = {**p.one_way(5, sex=[(p.female, 3), (p.male, 2)]), (v, p.key(p.female, p.minor, p.sexual)): 5}
    response = client_for(reporter).post(edit_url(report), Published.post_data(report, values))
    assert response.status_code == 400
    assert "Fill either the cross-table or the one-way tables of this indicator, not both" in response.content.decode()
    assert not StatValue.objects.exists()
    # The service refuses it too (an upload, say), also against what is already stored.
    services.report_save(report=report, by=reporter, version=report.version,
                         values={(v, ""): Decimal(5), (v, p.key(p.female)): Decimal(5)})
    report.refresh_from_db()
    with pytest.raises(ReportError, match="fill either the cross-table or the one-way tables"):
        services.report_save(report=report, by=reporter, version=report.version,
                             values={(v, p.key(p.female, p.minor, p.sexual)): Decimal(5)})


# ---------------------------------------------------------------------------------------------
# "At least" figures
# ---------------------------------------------------------------------------------------------


def test_at_least_is_stored_and_shown_back_everywhere(published, reporter, coordinator, client_for):
    p = published
    report = p.start(reporter)
    v = p.victims.pk
    reporter_client, coordinator_client = client_for(reporter), client_for(coordinator)
    values = {(v, ""): "≥ 40", (v, p.key(p.sexual)): ">=36", (v, p.key(p.labour)): "min 25"}
    assert reporter_client.post(edit_url(report), Published.post_data(report, values)).status_code == 302
    cells = stored(report)
    assert cells[""].is_lower_bound and cells[""].value == 40
    assert cells[p.key(p.sexual)].is_lower_bound and cells[p.key(p.labour)].is_lower_bound
    form = reporter_client.get(edit_url(report)).content.decode()
    assert 'value="≥ 40"' in form and 'value="≥ 36"' in form
    assert "write ≥ 15 or >=15" in form  # the hint
    # Submitted with an explanation of the warnings, then corrected: the reviewer sees what changed.
    report.refresh_from_db()
    data = Published.post_data(report, values, action="submit", warning_explanation="Burimi jep vetëm minimume.")
    assert reporter_client.post(edit_url(report), data).status_code == 302
    assert coordinator_client.post(reverse("reports:report_return", args=[report.pk]),
                                   {"comment": "Konfirmoni shifrat."}).status_code == 302
    report.refresh_from_db()
    corrected = {**values, (v, p.key(p.sexual)): "36"}  # the same number, now exact
    data = Published.post_data(report, corrected, action="submit", warning_explanation="Burimi jep vetëm minimume.")
    assert reporter_client.post(edit_url(report), data).status_code == 302
    page = coordinator_client.get(report.get_absolute_url()).content.decode()
    assert 'diff-old">≥ 36<' in page and 'diff-new">36<' in page
    assert "≥ 40" in page  # the report page
    history = reporter_client.get(reverse("reports:report_history", args=[report.pk])).content.decode()
    assert 'diff-old">≥ 36<' in history and 'diff-new">36<' in history


def test_a_breakdown_short_because_of_lower_bounds_is_a_warning_with_an_explanation(institution):
    p = Published(institution)
    form = [(p.sexual, AtLeast(36)), (p.labour, AtLeast(25)), (p.begging, AtLeast(27))]
    values = {k: v if isinstance(v, Decimal) else Decimal(v) for k, v in p.one_way(95, form=form).items()}
    assert issues(p, values) == []  # overlapping forms without an unknown cell: nothing to check from below
    sex = [(p.female, AtLeast(50)), (p.male, 30)]
    values.update({(p.victims.pk, p.key(o)): Decimal(n) if not isinstance(n, Decimal) else n for o, n in sex})
    [issue] = issues(p, values)
    assert issue.severity == Severity.WARNING and issue.dimension_id == p.sex.pk
    assert "adds up to ≥ 80 because some of its figures are “at least” figures, short of the total 95" in issue.message


def test_a_total_below_published_minimums_is_a_warning(institution):
    p = Published(institution)
    values = {(p.victims.pk, ""): Decimal(60), (p.victims.pk, p.key(p.female)): AtLeast(50),
              (p.victims.pk, p.key(p.male)): AtLeast(20)}
    [issue] = issues(p, values)
    assert issue.is_warning and "more than the total 60: the total is below the sum of the published minimums" in issue.message
    values = {(p.victims.pk, ""): Decimal(60), (p.victims.pk, p.key(p.sexual)): AtLeast(70),
              (p.victims.pk, p.key(p.form_unknown)): Decimal(0)}
    found = issues(p, values)
    assert [i.cell_key for i in found if i.is_warning] == [p.key(p.sexual)]
    assert not [i for i in found if i.is_error]
    assert "The published minimum for Sex (≥ 70) is more than the total 60" in found[0].message
    # A total given as a minimum that its exact breakdown does not reach.
    values = {(p.victims.pk, ""): AtLeast(60), (p.victims.pk, p.key(p.female)): Decimal(30),
              (p.victims.pk, p.key(p.male)): Decimal(20)}
    [issue] = issues(p, values)
    assert issue.is_warning and "below the published minimum of the total (≥ 60)" in issue.message


def test_lower_bound_warnings_do_not_block_but_need_an_explanation(institution, reporter):
    p = Published(institution)
    report = p.start(reporter)
    values = {(p.victims.pk, ""): Decimal(95), (p.victims.pk, p.key(p.female)): AtLeast(60),
              (p.victims.pk, p.key(p.male)): Decimal(30)}
    services.report_save(report=report, by=reporter, version=report.version, values=values)
    report.refresh_from_db()
    with pytest.raises(services.SubmissionBlocked, match="explain the warnings"):
        services.report_submit(report=report, by=reporter)
    services.report_submit(report=report, by=reporter, warning_explanation="Burimi jep “të paktën 60” gra.")
    report.refresh_from_db()
    assert report.status == "submitted"


# ---------------------------------------------------------------------------------------------
# A rule about an indicator missing from the report
# ---------------------------------------------------------------------------------------------


def test_a_rule_about_an_indicator_missing_from_the_report_is_skipped_and_says_so(published, institution,
                                                                                  other_institution, reporter,
                                                                                  client_for):
    p = published
    elsewhere = make_indicator("CJ-X", institutions=[other_institution])
    make_rule(p.victims, RuleKind.LESS_OR_EQUAL, other=elsewhere)
    children = make_indicator("VT-06", institutions=[institution], order=2)
    make_rule(children, RuleKind.LESS_OR_EQUAL, other=p.victims)
    values = {(p.victims.pk, ""): Decimal(5), (children.pk, ""): Decimal(2)}
    found = issues(p, values)
    [notice] = found
    assert notice.is_notice and not notice.is_error and not notice.is_warning
    assert "“not more than CJ-X Indicator CJ-X” was skipped: CJ-X Indicator CJ-X is not part of this report" in notice.message
    # The other indicator is in the report but has no figure: skipped, and said so.
    found = issues(p, {(children.pk, ""): Decimal(2)})
    assert any(i.is_notice and i.indicator_id == children.pk and "has no figure in this report" in i.message
               for i in found)
    # A notice neither blocks nor asks for an explanation.
    report = p.start(reporter)
    services.report_save(report=report, by=reporter, version=report.version, values=values)
    report.refresh_from_db()
    page = client_for(reporter).get(report.get_absolute_url()).content.decode()
    assert "Note:" in page and "is not part of this report" in page
    assert 'name="warning_explanation"' not in page
    services.report_submit(report=report, by=reporter)
    report.refresh_from_db()
    assert report.status == "submitted"


# ---------------------------------------------------------------------------------------------
# The spreadsheet round trip
# ---------------------------------------------------------------------------------------------


def test_one_way_tables_and_at_least_figures_round_trip_through_the_spreadsheet(published, reporter, client_for):
    from tests.reports.test_numbers import cell_of, download, upload

    p = published
    report = p.start(reporter)
    v = p.victims.pk
    values = {(v, ""): Decimal(95), (v, p.key(p.female)): Decimal(60), (v, p.key(p.male)): Decimal(35),
              (v, p.key(p.sexual)): AtLeast(36)}
    services.report_save(report=report, by=reporter, version=report.version, values=values)
    client = client_for(reporter)
    workbook = download(client, report)
    assert cell_of(workbook, v, p.key(p.female)).value == 60
    assert cell_of(workbook, v, p.key(p.sexual)).value == "≥36"  # an "at least" figure, as text
    sheet = workbook["VT"]
    labels = [sheet.cell(row=r, column=1).value for r in range(1, sheet.max_row + 1)]
    assert "P-Sex" in labels and "P-Age" in labels and "P-Form" in labels and "Unk" in labels
    assert not any(key and "-" in key for _s, _c, i, key in workbook["_info"].iter_rows(min_row=8, values_only=True))
    # Unchanged: the same figures, flags included.
    before = {k: (c.value, c.is_lower_bound) for k, c in stored(report).items()}
    report.refresh_from_db()
    assert upload(client, report, workbook).status_code == 302
    assert {k: (c.value, c.is_lower_bound) for k, c in stored(report).items()} == before
    # A minimum typed offline, another made exact.
    cell_of(workbook, v, p.key(p.labour)).value = ">=25"
    cell_of(workbook, v, p.key(p.sexual)).value = 36
    report.refresh_from_db()
    assert upload(client, report, workbook).status_code == 302
    cells = stored(report)
    assert (cells[p.key(p.labour)].value, cells[p.key(p.labour)].is_lower_bound) == (25, True)
    assert (cells[p.key(p.sexual)].value, cells[p.key(p.sexual)].is_lower_bound) == (36, False)
    assert cells[p.key(p.labour)].option_3_id == p.labour.pk


# ---------------------------------------------------------------------------------------------
# Query counts
# ---------------------------------------------------------------------------------------------


def test_form_queries_do_not_grow_with_one_way_cells(institution, reporter, client_for):
    from tests.reports.builders import make_dimension, make_period, make_plan
    from tests.reports.test_query_counts import (
        DETAIL_QUERIES,
        EDIT_PAGE_QUERIES,
        FIRST_REQUEST_QUERIES,
        GRID_QUERIES,
        count,
    )

    plan = make_plan()
    make_period(plan, 2025, 4)  # an earlier quarter for both, so both read earlier totals
    client = client_for(reporter)

    def measure(n_indicators, quarter):
        period = make_period(plan, 2026, quarter)
        dims = [make_dimension(f"d{quarter}-{i}", [f"o{j}" for j in range(5)]) for i in range(3)]
        made = [make_indicator(f"S{quarter}-{n:02d}", dimensions=[d for d, _o in dims], institutions=[institution],
                               layout=BreakdownLayout.SEPARATE, overlapping=[dims[2][0]])
                for n in range(n_indicators)]
        for indicator in made:
            for dimension, _options in dims:
                make_rule(indicator, RuleKind.BREAKDOWN_SUM, dimension=dimension)
        report = services.report_start(institution=institution, period=period, by=reporter)
        values = {}
        for indicator in made:
            values[(indicator.pk, "")] = 5
            for _dimension, options in dims:
                for option in options:
                    values[(indicator.pk, str(option.pk))] = ">=1" if option == options[0] else 1
        edit = reverse("reports:report_edit", args=[report.pk])
        counts = {"edit": count(lambda: client.get(edit))[0]}
        n, response = count(lambda: client.post(edit, Published.post_data(report, values)))
        assert response.status_code == 302
        counts["save"] = n
        counts["detail"] = count(lambda: client.get(report.get_absolute_url()))[0]
        assert StatValue.objects.filter(report=report).count() == n_indicators * 16
        StatValue.objects.filter(report=report).delete()  # the next report's form shows only its own indicators
        for indicator in made:
            indicator.is_active = False
            indicator.save()
        return counts

    small, big = measure(5, 1), measure(30, 2)
    assert small == big
    assert big["edit"] == EDIT_PAGE_QUERIES + GRID_QUERIES + FIRST_REQUEST_QUERIES  # indicators just made
    assert big["detail"] == DETAIL_QUERIES


# ---------------------------------------------------------------------------------------------
# Changing the layout of an indicator with reported values
# ---------------------------------------------------------------------------------------------


def test_a_layout_that_would_hide_reported_values_is_refused(published, reporter, coordinator, client_for):
    import dataclasses

    from django.core.exceptions import ValidationError

    from strategy import services as strategy_services

    p = published
    report = p.start(reporter)
    services.report_save(report=report, by=reporter, version=report.version,
                         values={(p.victims.pk, ""): Decimal(5), (p.victims.pk, p.key(p.female)): Decimal(5)})
    def change_layout(layout):
        values = dataclasses.replace(strategy_services.IndicatorValues.of(p.victims), breakdown_layout=layout)
        strategy_services.indicator_update(indicator=p.victims, by=coordinator, values=values)

    with pytest.raises(ValidationError) as refused:
        change_layout(BreakdownLayout.CROSS)
    assert "choose “either”" in str(refused.value)
    p.victims.refresh_from_db()
    change_layout(BreakdownLayout.BOTH)
    p.victims.refresh_from_db()
    assert p.victims.breakdown_layout == BreakdownLayout.BOTH
    # Through the indicator form the refusal is shown next to the field.
    data = {"code": p.victims.code, "name": p.victims.name, "name_en": p.victims.name_en, "unit": "count",
            "order": 1, "is_active": "on", "dimension_1": p.sex.pk, "dimension_2": p.age.pk, "dimension_3": p.form.pk,
            "reporting_institutions": [p.institution.pk], "breakdown_layout": "cross"}
    response = client_for(coordinator).post(reverse("strategy:indicator_update", args=[p.victims.pk]), data)
    assert response.status_code == 200 and response.context["form"].errors["breakdown_layout"]
