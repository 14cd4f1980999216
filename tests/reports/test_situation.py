"""The director's situation report on the home page: plan progress by pillar by the one status rule, and the
completeness of the latest quarters as the status board counts it. The world is test_activity_status's."""

import pytest
from django.urls import reverse

from reports.data.situation import plan_progress, situation_report
from reports.selectors.home import home_panel
from strategy.selectors import plan_tree
from tests import factories
from tests.reports.test_activity_status import LATE, world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_plan_progress_by_pillar_counted_by_hand(world):  # noqa: F811
    """Eight activities that are not archived: four late, DONE implemented, NOT-APPLICABLE not applicable,
    FUTURE in progress, TODAY without an accepted status (not started)."""
    (pillar,) = plan_progress(world.plan)
    assert pillar.counts == {"implemented": 1, "partial": 0, "in_progress": 1, "not_started": 1, "late": 4,
                             "not_applicable": 1}
    assert pillar.total == 8


def test_the_situation_report_agrees_with_the_plan_overview_and_the_home_panel_on_late(world):  # noqa: F811
    late = sum(p.counts["late"] for p in situation_report(world.director)["pillars"])
    assert late == len(LATE) == plan_tree(world.plan)[1].late == home_panel(world.director)["late_activities"]


def test_completeness_of_the_latest_quarters(world):  # noqa: F811
    """Last quarter (closed): A and B accepted. This quarter (open, not yet due): A's draft; B has none, which
    is not missing before the due date."""
    last, now = situation_report(world.director)["quarters"]
    assert (last.period, now.period) == (world.periods[2], world.periods[3])
    assert (last.expected, last.counts["accepted"], last.counts["missing"]) == (2, 2, 0)
    assert (now.counts["draft"], now.counts["missing"], now.counts["not_started"]) == (1, 0, 1)


def test_only_the_director_s_home_shows_it(world, client_for):  # noqa: F811
    page = client_for(world.director).get(reverse("home")).content.decode()
    assert "Situation report" in page and "Plan progress by pillar" in page
    for user in (world.coordinator, world.reporter, factories.CommitteeFactory()):
        assert "Situation report" not in client_for(user).get(reverse("home")).content.decode()


def test_the_situation_report_runs_a_fixed_number_of_queries(world, django_assert_num_queries):  # noqa: F811
    """The plan, the pillars and their counts, the periods, the institutions and the board's reports."""
    from strategy.models import Activity

    with django_assert_num_queries(SITUATION_QUERIES):
        situation_report(world.director)
    objective = world.act["DONE"].objective
    for n in range(5):
        Activity.objects.create(objective=objective, code=f"1.1.{50 + n}", description="Më shumë",
                                lead_institution=factories.InstitutionFactory())
    with django_assert_num_queries(SITUATION_QUERIES):
        situation_report(world.director)


SITUATION_QUERIES = 6
