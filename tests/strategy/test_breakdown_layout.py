"""An indicator declares how its breakdowns are entered: one-way tables (the default), the cross-table, or either."""

import re

import pytest
from django.urls import reverse

from strategy.choices import BreakdownLayout
from strategy.models import Indicator, IndicatorDimension
from tests import factories

pytestmark = pytest.mark.django_db


def form_data(**extra):
    sex, age = factories.DimensionFactory(), factories.DimensionFactory()
    return {"code": "VT-01", "name": "Viktima", "name_en": "Victims", "unit": "count", "order": 1, "is_active": "on",
            "dimension_1": sex.pk, "dimension_2": age.pk, **extra}


def test_a_new_indicator_takes_one_way_tables_unless_told_otherwise(client_for, coordinator):
    client = client_for(coordinator)
    page = client.get(reverse("strategy:indicator_create")).content.decode()
    assert re.search(r'<input[^>]*name="breakdown_layout" value="separate"[^>]*checked>', page)
    assert "One cross-table of all dimensions" in page
    data = form_data()
    assert client.post(reverse("strategy:indicator_create"), data).status_code == 302
    indicator = Indicator.objects.get(code="VT-01")
    assert indicator.breakdown_layout == BreakdownLayout.SEPARATE
    assert client.post(reverse("strategy:indicator_update", args=[indicator.pk]),
                       {**data, "breakdown_layout": "cross"}).status_code == 302
    indicator.refresh_from_db()
    assert indicator.breakdown_layout == BreakdownLayout.CROSS
    # Not sent (an older form): kept as it is.
    assert client.post(reverse("strategy:indicator_update", args=[indicator.pk]), data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.breakdown_layout == BreakdownLayout.CROSS


def test_the_indicator_page_says_how_breakdowns_are_entered_and_which_overlap(client_for, coordinator):
    indicator = factories.IndicatorFactory(breakdown_layout=BreakdownLayout.BOTH)
    form = factories.DimensionFactory(name_en="Form of exploitation")
    IndicatorDimension.objects.create(indicator=indicator, dimension=factories.DimensionFactory(), position=1)
    IndicatorDimension.objects.create(indicator=indicator, dimension=form, position=2, options_overlap=True)
    page = client_for(coordinator).get(indicator.get_absolute_url()).content.decode()
    assert "Breakdowns entered as" in page and "Either: one-way tables or the cross-table" in page
    assert "options overlap: one person may count in several" in page
