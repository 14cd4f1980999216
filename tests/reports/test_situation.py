"""The director's situation report on the home page: plan progress by pillar by the one status rule, and the
completeness of the latest quarters as the status board counts it.

The world is built around today: last quarter closed, this quarter open and not yet due. Institution A leads:

    LATE-DRAFT    due 100 days ago, implemented only in A's draft of this quarter   → late
    LATE-NOTHING  due 100 days ago, nothing reported                                → late
    DONE          due 200 days ago, A accepted "implemented" last quarter          → implemented
    N-A           due 100 days ago, A accepted "not applicable"                    → not applicable
    FUTURE        due in 400 days, A accepted "in progress"                         → in progress
    SOON          due in 10 days, A accepted "partial"                              → partial
    NOTHING-YET   due in 400 days, nothing reported                                 → not started
    ARCHIVED      due 100 days ago, archived                                        → left out
"""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.choices import ProgressStatus, ReportStatus
from reports.data.situation import plan_progress, situation_report
from reports.models import ActivityProgress, QuarterlyReport, StatValue
from reports.selectors.home import home_panel
from strategy.models import ActionPlan, Activity, Indicator, Objective, Pillar, ReportingPeriod, Strategy
from strategy.quarters import quarter_from_sequence, quarter_of, quarter_sequence, quarter_start
from strategy.selectors import plan_tree
from tests import factories
from tests.reports.builders import make_indicator

pytestmark = pytest.mark.django_db
LATE = {"LATE-DRAFT", "LATE-NOTHING"}


@pytest.fixture
def world(db):
    w = SimpleNamespace(today=timezone.localdate())
    now = quarter_of(w.today)
    last = quarter_from_sequence(quarter_sequence(*now) - 1)
    strategy = Strategy.objects.create(title="Strategjia", start_year=last[0], end_year=w.today.year + 3)
    w.plan = ActionPlan.objects.create(strategy=strategy, title="PKV", start_year=last[0], end_year=w.today.year + 3)
    pillar = Pillar.objects.create(plan=w.plan, code="1", title="Parandalimi", order=1)
    objective = Objective.objects.create(pillar=pillar, code="1.1", title="Objektivi")
    w.periods = [
        ReportingPeriod.objects.create(plan=w.plan, year=y, quarter=q, opens_on=quarter_start(y, q),
                                       due_on=quarter_start(y, q) + datetime.timedelta(days=105), status=status)
        for (y, q), status in [(last, "closed"), (now, "open")]
    ]
    w.director = factories.DirectorFactory(username="si-director")
    w.coordinator = factories.CoordinatorFactory(username="si-coordinator")
    w.a = factories.InstitutionFactory(code="AAA", coordinator=w.coordinator)
    w.b = factories.InstitutionFactory(code="BBB", coordinator=w.coordinator)
    w.reporter = factories.ReporterFactory(username="si-reporter", institution=w.a)
    w.act = {}
    for n, (code, due) in enumerate([("LATE-DRAFT", -100), ("LATE-NOTHING", -100), ("DONE", -200), ("N-A", -100),
                                     ("FUTURE", 400), ("SOON", 10), ("NOTHING-YET", 400), ("ARCHIVED", -100)],
                                    start=1):
        w.act[code] = Activity.objects.create(objective=objective, code=f"1.1.{n}", description=code,
                                              lead_institution=w.a, is_archived=code == "ARCHIVED",
                                              deadline_date=w.today + datetime.timedelta(days=due))
    accepted = QuarterlyReport.objects.create(institution=w.a, period=w.periods[0], status=ReportStatus.ACCEPTED)
    QuarterlyReport.objects.create(institution=w.b, period=w.periods[0], status=ReportStatus.ACCEPTED)
    for code, status in [("DONE", ProgressStatus.IMPLEMENTED), ("N-A", ProgressStatus.NOT_APPLICABLE),
                         ("FUTURE", ProgressStatus.IN_PROGRESS), ("SOON", ProgressStatus.PARTIAL),
                         ("ARCHIVED", ProgressStatus.IN_PROGRESS)]:
        ActivityProgress.objects.create(report=accepted, activity=w.act[code], status=status)
    draft = QuarterlyReport.objects.create(institution=w.a, period=w.periods[1], status=ReportStatus.DRAFT)
    ActivityProgress.objects.create(report=draft, activity=w.act["LATE-DRAFT"], status=ProgressStatus.IMPLEMENTED)
    # Headline figures: the first indicator of the pillar (T1) is the headline; T2 is not. Accepted last quarter:
    # A 4 and B 3 trainings (summed: 7); this quarter A's draft says 100, which does not count.
    w.trainings = make_indicator("T1", institutions=[w.a, w.b], order=1)
    w.other = make_indicator("T2", institutions=[w.a], order=2)
    Indicator.objects.filter(pk__in=[w.trainings.pk, w.other.pk]).update(pillar=pillar)
    for report, value in [(accepted, 4), (QuarterlyReport.objects.get(institution=w.b, period=w.periods[0]), 3),
                          (draft, 100)]:
        StatValue.objects.create(report=report, indicator=w.trainings, cell_key="", value=value)
    return w


def test_plan_progress_by_pillar_counted_by_hand(world):
    (pillar,) = plan_progress(world.plan)
    assert pillar.counts == {"implemented": 1, "partial": 1, "in_progress": 1, "not_started": 1, "late": 2,
                             "not_applicable": 1}
    assert pillar.total == 7


def test_the_situation_report_agrees_with_the_plan_overview_and_the_home_panel_on_late(world):
    late = sum(p.counts["late"] for p in situation_report(world.director)["pillars"])
    assert late == len(LATE) == plan_tree(world.plan)[1].late == home_panel(world.director)["late_activities"]


def test_completeness_of_the_latest_quarters(world):
    """Last quarter (closed): A and B accepted. This quarter (open, not yet due): A's draft; B has none, which
    is not missing before the due date."""
    last, now = situation_report(world.director)["quarters"]
    assert (last.period, now.period) == (world.periods[0], world.periods[1])
    assert (last.expected, last.counts["accepted"], last.counts["missing"]) == (2, 2, 0)
    assert (now.counts["draft"], now.counts["missing"], now.counts["not_started"]) == (1, 0, 1)


def test_headline_figures_of_the_first_indicator_of_each_pillar(world):
    (headline,) = situation_report(world.director)["headlines"]
    assert headline.indicator == world.trainings
    last_year, this_year = world.periods[0].year, world.periods[1].year
    if last_year == this_year:  # both quarters in this year: 7 so far, one quarter complete of two begun
        assert (headline.this_year.value, headline.this_year.complete_quarters) == (7, 1)
    else:  # last quarter was the fourth of last year
        assert (headline.last_year.value, headline.last_year.complete_quarters) == (7, 1)
        assert headline.this_year.value is None
    assert not headline.this_year.lacks_data, "this quarter is not due yet: nothing is missing"


def test_only_the_director_s_home_shows_it(world, client_for):
    page = client_for(world.director).get(reverse("home")).content.decode()
    assert "Situation report" in page and "Plan progress by pillar" in page
    for user in (world.coordinator, world.reporter, factories.CommitteeFactory()):
        assert "Situation report" not in client_for(user).get(reverse("home")).content.decode()


def test_the_situation_report_runs_a_fixed_number_of_queries(world, django_assert_num_queries):
    """The plan, the pillars and their counts; the periods, the institutions and the board's reports; the
    headline indicators, the periods and reports.figures' aggregates."""
    with django_assert_num_queries(SITUATION_QUERIES):
        situation_report(world.director)
    objective = world.act["DONE"].objective
    for n in range(5):
        institution = factories.InstitutionFactory()
        Activity.objects.create(objective=objective, code=f"1.1.{50 + n}", description="Më shumë",
                                lead_institution=institution)
        report = QuarterlyReport.objects.create(institution=institution, period=world.periods[0],
                                                status=ReportStatus.ACCEPTED)
        StatValue.objects.create(report=report, indicator=world.trainings, cell_key="", value=n)
    with django_assert_num_queries(SITUATION_QUERIES):
        situation_report(world.director)


SITUATION_QUERIES = 13


def test_headline_figures_are_the_national_figures_without_their_breakdowns(world):
    """The home page loads the headline indicators without their breakdowns: the totals and complete quarters
    are those the data viewer shows with them."""
    from reports.figures import FigureSource

    periods = list(world.periods)
    lean = FigureSource.load([world.trainings], periods, breakdowns=False).figures_of(world.trainings.pk, periods)
    full = FigureSource.load([world.trainings], periods).figures_of(world.trainings.pk, periods)
    assert lean.total == full.total is not None
    assert [q.complete for q in lean.quarters] == [q.complete for q in full.quarters]
    assert lean.breakdowns == []
