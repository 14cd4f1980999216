"""Names with `$…$` are text in the charts, not mathematics: matplotlib would parse them (and fail on most)."""

import pytest
from django.urls import reverse
from django.utils.translation import override

from reports.committee import services
from reports.committee.charts import report_charts
from reports.committee.compile import compile_figures
from reports.data.charts import quarters_chart
from strategy.models import DimensionOption, Indicator, Pillar

pytestmark = pytest.mark.django_db

MATH = [r"Kosto $\frac{1}{2$ e $x", r"Çmimi $5 – $10", r"$\undefinedcommand$", "$$", r"$x^{2}$"]


def _name_everything(world, text):
    Pillar.objects.filter(plan=world.plan, code="1").update(title=text, title_en=text)
    Indicator.objects.filter(code="V1").update(name=f"{text} V", name_en=f"{text} V")
    DimensionOption.objects.filter(name="Femër").update(name=f"{text} F", name_en=f"{text} F")


@pytest.mark.parametrize("text", MATH)
def test_chart_labels_with_dollar_signs_are_drawn_as_text(committee_world, text):
    _name_everything(committee_world, text)
    figures = compile_figures(periods=committee_world.p25, language="en")
    with override("en"):
        charts = {c["key"]: c for c in report_charts(figures)}
    assert set(charts) >= {"implementation", "trend"}
    # Matplotlib writes each label into an SVG comment: the text is there as written, dollars included.
    assert f"1. {text}" in charts["implementation"]["svg"]
    assert quarters_chart([{"label": text, "value": 3, "complete": True}], unit_label=text)


def test_the_committee_report_page_still_answers(client, committee_world):
    w = committee_world
    _name_everything(w, r"Kosto $\frac{1}{2$ e $x$")
    report = services.committee_report_create(by=w.director, title="Raporti 2025", language="en", periods=w.p25)
    client.force_login(w.coordinator)
    response = client.get(report.get_absolute_url())
    assert response.status_code == 200
    assert client.get(reverse("reports:committee_list")).status_code == 200
