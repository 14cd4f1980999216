"""A cross-table of three dimensions, as a reporter uses it: one option of its second dimension at a time, with
every value still saved, and all columns shown without JavaScript."""

import pytest
from django.urls import reverse

from reports import services
from reports.models import StatValue
from tests.browser.session import signed_in
from tests.reports.builders import Setup, make_indicator

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def wide(institution, other_institution, reporter):
    setup = Setup(institution, other_institution)
    indicator = make_indicator("V09", dimensions=[setup.region, setup.sex, setup.age], institutions=[institution],
                               order=9)
    report = services.report_start(institution=institution, period=setup.period, by=reporter)
    return setup, indicator, report


def test_the_server_sends_every_column_and_a_hidden_slice_control(client_for, reporter, wide):
    setup, indicator, report = wide
    page = client_for(reporter).get(reverse("reports:report_edit", args=[report.pk])).content.decode()
    control = page.split(f'id="slice-{indicator.pk}"', 1)[1].split("</select>", 1)[0]
    assert "data-slice-control hidden" in page  # JavaScript shows it; without it, all columns show
    assert [o for o in ("All", "F", "M") if f">{o}</option>" in control] == ["All", "F", "M"]
    assert f'id="cross-{indicator.pk}" data-slice-size="2"' in page
    assert page.count(f'name="v-{indicator.pk}-') == 1 + 2 * 4  # the total and every cell of 2 regions × 4 columns
    # Grids of fewer dimensions have no control.
    assert f'id="slice-{setup.victims.pk}"' not in page


def test_a_reporter_sees_one_slice_at_a_time_and_every_value_is_saved(browser, live_server, reporter, wide):
    setup, indicator, report = wide
    page = signed_in(browser, live_server, reporter, language="en")
    page.goto(reverse("reports:report_edit", args=[report.pk]))
    table = page.locator(f"#cross-{indicator.pk}")
    cell = {(r, s, a): f"[name='v-{indicator.pk}-{setup.key(r, s, a)}']"
            for r in (setup.north, setup.south) for s in (setup.female, setup.male) for a in (setup.minor, setup.adult)}
    for n, selector in enumerate(cell.values(), start=1):
        page.fill(selector, str(n))
    wide_width = table.bounding_box()["width"]
    page.select_option(f"#slice-{indicator.pk}", label="M")
    assert page.is_hidden(cell[(setup.north, setup.female, setup.minor)])
    assert page.is_visible(cell[(setup.north, setup.male, setup.minor)])
    assert page.locator(f"#cross-{indicator.pk} thead th:visible").all_inner_texts()[:2] == ["Q-Region", "M"]
    assert table.bounding_box()["width"] < wide_width
    page.click("button[value=save]")
    page.wait_for_selector("text=The report was saved.")
    # The choice is kept on the page after the save; the hidden slice's values were sent and saved.
    assert page.is_hidden(cell[(setup.north, setup.female, setup.minor)])
    saved = dict(StatValue.objects.filter(report=report, indicator=indicator).values_list("cell_key", "value"))
    assert len(saved) == 8 and sorted(int(v) for v in saved.values()) == list(range(1, 9))
    page.select_option(f"#slice-{indicator.pk}", label="All")
    assert page.is_visible(cell[(setup.north, setup.female, setup.minor)])
