"""One meaning of an activity's status and of 'late' (reports.selectors.activity_status), and every page agrees.

The world is built around today (whatever day the suite runs): the running quarter is open, the three
before it closed. Institution A reports; B is another institution. Activities, all in one plan:

    LATE-DRAFT      lead A, due 100 days ago: implemented only in A's draft of this quarter      → late
    LATE-PARTNER    lead A, due 100 days ago: A accepted "in progress" 2 quarters ago, partner B
                    accepted "implemented" last quarter (partners are shown beside, not mixed in) → late
    LATE-NOTHING    lead A, due 100 days ago, nothing reported                                   → late
    LATE-B          lead B, A partner, due 100 days ago: B accepted "partial"                    → late
    DONE            lead A, due 200 days ago: A accepted "implemented" last quarter             → implemented
    NOT-APPLICABLE  lead A, due 100 days ago: A accepted "not applicable"                       → not late
    FUTURE          lead A, due in 400 days: A accepted "in progress"                           → in progress
    TODAY           lead A, due today (not before today: not late yet)                          → no status
    ARCHIVED        lead A, due 100 days ago, archived                                          → never late
                    (but a committee report of a span whose accepted reports hold it judges it as it was)
"""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.choices import ProgressStatus, ReportStatus
from reports.committee.compile import compile_figures
from reports.models import ActivityProgress, QuarterlyReport
from reports.selectors.activity_status import AsOf, done_activities, partner_statuses, with_status
from reports.selectors.home import home_panel
from strategy import hooks
from strategy.models import ActionPlan, Activity, Objective, Pillar, ReportingPeriod, Strategy
from strategy.selectors import plan_tree
from tests import factories

LATE = {"LATE-DRAFT", "LATE-PARTNER", "LATE-NOTHING", "LATE-B"}


def quarter_of(day):
    return day.year, (day.month - 1) // 3 + 1


def shift(year, quarter, by):
    sequence = year * 4 + quarter - 1 + by
    return sequence // 4, sequence % 4 + 1


def make_period(plan, year, quarter, status):
    starts = datetime.date(year, quarter * 3 - 2, 1)
    return ReportingPeriod.objects.create(plan=plan, year=year, quarter=quarter, opens_on=starts,
                                          due_on=starts + datetime.timedelta(days=105), status=status)


def report(institution, period, status=ReportStatus.ACCEPTED):
    return QuarterlyReport.objects.create(institution=institution, period=period, status=status)


def said(report_, activity, status):
    return ActivityProgress.objects.create(report=report_, activity=activity, status=status)


@pytest.fixture
def world(db):
    w = SimpleNamespace()
    w.today = timezone.localdate()
    current = quarter_of(w.today)
    quarters = [shift(*current, -3), shift(*current, -2), shift(*current, -1), current]
    strategy = Strategy.objects.create(title="Strategjia", start_year=quarters[0][0], end_year=w.today.year + 3)
    w.plan = ActionPlan.objects.create(strategy=strategy, title="PKV", start_year=quarters[0][0],
                                       end_year=w.today.year + 3)
    pillar = Pillar.objects.create(plan=w.plan, code="1", title="Parandalimi", order=1)
    objective = Objective.objects.create(pillar=pillar, code="1.1", title="Objektivi")
    w.periods = [make_period(w.plan, y, q, "closed") for y, q in quarters[:3]] + [make_period(w.plan, *current, "open")]
    w.coordinator = factories.CoordinatorFactory(username="st-coordinator")
    w.director = factories.DirectorFactory(username="st-director")
    w.a = factories.InstitutionFactory(code="AAA", coordinator=w.coordinator)
    w.b = factories.InstitutionFactory(code="BBB", coordinator=w.coordinator)
    w.reporter = factories.ReporterFactory(username="st-reporter", institution=w.a)

    days = datetime.timedelta(days=1)
    w.act = {}
    for n, (code, lead, due) in enumerate([
        ("LATE-DRAFT", w.a, -100), ("LATE-PARTNER", w.a, -100), ("LATE-NOTHING", w.a, -100), ("LATE-B", w.b, -100),
        ("DONE", w.a, -200), ("NOT-APPLICABLE", w.a, -100), ("FUTURE", w.a, 400), ("TODAY", w.a, 0),
        ("ARCHIVED", w.a, -100),
    ], start=1):
        w.act[code] = Activity.objects.create(
            objective=objective, code=f"1.1.{n}", description=code, lead_institution=lead,
            deadline_date=w.today + due * days, is_archived=code == "ARCHIVED")
    w.act["LATE-PARTNER"].partners.add(w.b)
    w.act["LATE-B"].partners.add(w.a)
    w.code = {a.code: name for name, a in w.act.items()}

    before_last, last, now = w.periods[1], w.periods[2], w.periods[3]
    a_before_last, a_last = report(w.a, before_last), report(w.a, last)
    said(a_before_last, w.act["LATE-PARTNER"], ProgressStatus.IN_PROGRESS)
    said(report(w.b, last), w.act["LATE-PARTNER"], ProgressStatus.IMPLEMENTED)
    said(QuarterlyReport.objects.get(institution=w.b, period=last), w.act["LATE-B"], ProgressStatus.PARTIAL)
    said(a_last, w.act["DONE"], ProgressStatus.IMPLEMENTED)
    said(a_last, w.act["NOT-APPLICABLE"], ProgressStatus.NOT_APPLICABLE)
    said(a_last, w.act["FUTURE"], ProgressStatus.IN_PROGRESS)
    said(a_last, w.act["ARCHIVED"], ProgressStatus.IN_PROGRESS)
    w.draft = report(w.a, now, status=ReportStatus.DRAFT)
    said(w.draft, w.act["LATE-DRAFT"], ProgressStatus.IMPLEMENTED)
    return w


def names(world, codes):
    return {world.code[c] for c in codes}


def late_rows(html):
    """The codes of the table rows of a page that carry a 'Late' or 'Delayed' badge."""
    body = html[html.index("<tbody>"):html.rindex("</tbody>")]
    codes = set()
    for row in body.split("<tr")[1:]:
        if "status-late" in row:
            codes.add(row.split(">1.1.", 1)[1].split("<", 1)[0].split(" ", 1)[0])
    return {f"1.1.{c}" for c in codes}


def test_every_page_agrees_on_which_activities_are_late(world, client_for):
    unit = client_for(world.coordinator)
    # The plan overview and its counts.
    _pillars, total = plan_tree(world.plan)
    assert total.late == len(LATE)
    overview = unit.get(reverse("strategy:plan_overview", args=[world.plan.pk]))
    assert overview.context["total"].late == len(LATE)
    # The activity list's filter, and its status column.
    listed = unit.get(reverse("strategy:activity_list"), {"plan": world.plan.pk, "status": "late"})
    assert names(world, [a.code for a in listed.context["object_list"]]) == LATE
    assert names(world, late_rows(unit.get(reverse("strategy:activity_list"), {"plan": world.plan.pk})
                                  .content.decode())) == LATE
    # The committee report for the span ending with the running quarter: A's accepted report of the span holds
    # ARCHIVED, so it is compiled as reported, archived since or not (reports.committee.compile).
    figures = compile_figures(periods=world.periods[2:], language="en")
    assert names(world, [d["code"] for d in figures["implementation"]["delayed"]]) == LATE | {"ARCHIVED"}
    assert figures["implementation"]["totals"]["counts"]["delayed"] == len(LATE) + 1
    # The reporter's badges: its activities (led or partnered) and its report form.
    reporter = client_for(world.reporter)
    mine = reporter.get(reverse("strategy:my_activities")).content.decode()
    assert names(world, late_rows(mine)) == LATE
    form = reporter.get(reverse("reports:report_edit", args=[world.draft.pk])).content.decode()
    assert names(world, late_rows(form[form.index('id="progress-title"'):])) == LATE
    # The home pages.
    assert home_panel(world.coordinator)["late_activities"] == len(LATE)
    assert home_panel(world.reporter)["late_activities"] == len(LATE - {"LATE-B"})  # the ones A leads
    # Each activity's page.
    for name, activity in world.act.items():
        page = unit.get(activity.get_absolute_url())
        assert page.context["activity"].is_late == (name in LATE), name


def test_the_status_is_the_leads_latest_accepted_one(world):
    statuses = {world.code[a.code]: a.lead_status for a in with_status(Activity.objects.filter(plan=world.plan))}
    assert statuses == {
        "LATE-DRAFT": "", "LATE-PARTNER": "in_progress", "LATE-NOTHING": "", "LATE-B": "partial",
        "DONE": "implemented", "NOT-APPLICABLE": "not_applicable", "FUTURE": "in_progress", "TODAY": "",
        "ARCHIVED": "in_progress",
    }
    partners = partner_statuses(world.act["LATE-PARTNER"])
    assert [(p["institution"].code, p["status"]) for p in partners] == [("BBB", "implemented")]


def test_as_of_an_earlier_quarter_later_reports_do_not_count(world):
    before_last = world.periods[1]
    as_of = AsOf.end_of(before_last)
    assert as_of.day == min(before_last.ends_on, world.today)
    activities = {world.code[a.code]: a for a in with_status(Activity.objects.filter(plan=world.plan), as_of=as_of)}
    assert activities["DONE"].lead_status == ""  # implemented only in the quarter after
    assert activities["LATE-PARTNER"].lead_status == "in_progress"


def test_a_span_still_running_judges_late_today_not_at_its_end(world):
    current = world.periods[3]
    assert AsOf.end_of(current).day == world.today
    assert AsOf.end_of(current, today=current.ends_on + datetime.timedelta(days=30)).day == current.ends_on


def test_done_activities_are_the_institutions_latest_accepted_implemented(world):
    now = world.periods[3]
    assert done_activities(world.a, now) == {world.act["DONE"].pk: (world.periods[2].year, world.periods[2].quarter)}
    assert done_activities(world.b, now) == {world.act["LATE-PARTNER"].pk: (world.periods[2].year,
                                                                             world.periods[2].quarter)}
    assert done_activities(world.a, world.periods[2]) == {}  # the implemented came in that very quarter
    # A later accepted "in progress" reopens it.
    QuarterlyReport.objects.filter(pk=world.draft.pk).delete()
    later = report(world.a, now)
    said(later, world.act["DONE"], ProgressStatus.IN_PROGRESS)
    following = make_period(world.plan, *shift(now.year, now.quarter, 1), "planned")
    assert done_activities(world.a, following) == {}


def test_the_list_filters_by_status_and_by_no_status(world, client_for):
    client = client_for(world.coordinator)
    url = reverse("strategy:activity_list")

    def listed(status):
        return names(world, [a.code for a in client.get(url, {"plan": world.plan.pk, "status": status})
                             .context["object_list"]])

    assert listed("implemented") == {"DONE"}
    assert listed("in_progress") == {"LATE-PARTNER", "FUTURE"}  # the archived one is not listed by default
    assert listed("none") == {"LATE-DRAFT", "LATE-NOTHING", "TODAY"}


def test_the_activity_page_shows_the_leads_status_and_the_partners_beside_it(world, client_for):
    page = client_for(world.reporter).get(world.act["LATE-PARTNER"].get_absolute_url()).content.decode()
    status = page[page.index('id="activity-status"'):]
    assert "In progress" in status[:600] and "Late" in status[:600]
    y, q = world.periods[1].year, world.periods[1].quarter
    assert f"Q{q} {y}" in status[:600]
    partners = status[status.index("Partner institutions"):]
    assert "Implemented" in partners[:600]  # B's own status, beside the lead's, not mixed in


def test_without_reports_the_hooks_answer_safe_defaults(world, monkeypatch):
    monkeypatch.setattr(hooks, "_registered", {})
    activities = list(hooks.with_activity_status(Activity.objects.filter(plan=world.plan)))
    assert {a.lead_status for a in activities} == {""} and not any(a.is_late for a in activities)
    assert hooks.activity_status_choices() == []
    assert hooks.activity_reports(world.act["DONE"], world.coordinator) is None
    assert hooks.option_values(None) == 0 and hooks.indicator_has_values(None) is False
    assert hooks.indicator_breakdown_cells(None) == {"cross": False, "one_way": False}
    _pillars, total = plan_tree(world.plan)
    assert total.late == 0


def test_hooks_refuse_an_unknown_name():
    with pytest.raises(LookupError):
        hooks.register(nonsense=lambda: None)
