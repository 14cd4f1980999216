"""Reporting periods: the quarters of a year, the allowed state changes, their record, the demo's states."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from strategy import demo, services
from strategy.choices import PeriodStatus
from strategy.models import ReportingPeriod
from tests import factories

pytestmark = pytest.mark.django_db


def test_director_creates_the_four_quarters_of_a_year(plan, director, client_for):
    response = client_for(director).post(reverse("strategy:period_create_year"),
                                         {"plan": plan.pk, "year": 2025, "due_days": 15})
    assert response.status_code == 302
    periods = list(ReportingPeriod.objects.filter(year=2025).order_by("quarter"))
    assert [(p.quarter, p.opens_on, p.due_on, p.status) for p in periods] == [
        (1, datetime.date(2025, 1, 1), datetime.date(2025, 4, 15), PeriodStatus.PLANNED),
        (2, datetime.date(2025, 4, 1), datetime.date(2025, 7, 15), PeriodStatus.PLANNED),
        (3, datetime.date(2025, 7, 1), datetime.date(2025, 10, 15), PeriodStatus.PLANNED),
        (4, datetime.date(2025, 10, 1), datetime.date(2026, 1, 15), PeriodStatus.PLANNED),
    ]
    assert periods[0].history.first().history_user == director
    again = client_for(director).post(reverse("strategy:period_create_year"), {"plan": plan.pk, "year": 2025, "due_days": 15})
    assert again.status_code == 200 and "already exist" in again.content.decode()
    outside = client_for(director).post(reverse("strategy:period_create_year"), {"plan": plan.pk, "year": 2031, "due_days": 15})
    assert outside.status_code == 200 and not ReportingPeriod.objects.filter(year=2031).exists()


def test_allowed_transitions_and_their_record(plan, director):
    period = factories.ReportingPeriodFactory(plan=plan, year=2025, quarter=1, status=PeriodStatus.PLANNED)
    with pytest.raises(services.StrategyError):
        services.period_lock(period=period, by=director)
    period = services.period_open(period=period, by=director)
    period = services.period_close(period=period, by=director)
    period = services.period_lock(period=period, by=director)
    assert period.is_locked
    with pytest.raises(ValidationError):
        services.period_unlock(period=period, by=director, reason="  ")
    period = services.period_unlock(period=period, by=director, reason="Korrigjim i të dhënave të PSH")
    assert period.status == PeriodStatus.CLOSED
    last = period.history.first()
    assert last.history_user == director and last.history_change_reason == "Korrigjim i të dhënave të PSH"
    assert period.history.count() == 5  # created + 4 changes


def test_only_the_director_changes_periods(plan, coordinator, reporter, client_for):
    period = factories.ReportingPeriodFactory(plan=plan, year=2025, quarter=2, status=PeriodStatus.OPEN)
    with pytest.raises(services.StrategyError) as refused:
        services.period_close(period=period, by=coordinator)
    assert refused.value.kind == "forbidden"
    for user in (coordinator, reporter):
        response = client_for(user).post(reverse("strategy:period_transition", args=[period.pk, "close"]))
        assert response.status_code == 403
    period.refresh_from_db()
    assert period.status == PeriodStatus.OPEN


def test_unlock_page_requires_a_reason(plan, director, client_for):
    period = factories.ReportingPeriodFactory(plan=plan, year=2025, quarter=3, status=PeriodStatus.LOCKED)
    url = reverse("strategy:period_transition", args=[period.pk, "unlock"])
    response = client_for(director).post(url, {"reason": ""})
    assert response.status_code == 200
    period.refresh_from_db()
    assert period.is_locked
    assert client_for(director).post(url, {"reason": "Gabim në raportin e PP"}).status_code == 302
    period.refresh_from_db()
    assert period.status == PeriodStatus.CLOSED
    detail = client_for(director).get(period.get_absolute_url()).content.decode()
    assert "Gabim në raportin e PP" in detail


def test_a_refused_transition_is_explained(plan, director, client_for):
    period = factories.ReportingPeriodFactory(plan=plan, year=2025, quarter=4, status=PeriodStatus.PLANNED)
    response = client_for(director).post(reverse("strategy:period_transition", args=[period.pk, "lock"]))
    assert response.status_code == 409
    assert "cannot be changed" in response.content.decode()
    page = client_for(director).get(reverse("strategy:period_transition", args=[period.pk, "lock"]))
    assert page.status_code == 200 and "cannot be changed" in page.content.decode()
    period.refresh_from_db()
    assert period.status == PeriodStatus.PLANNED
    assert client_for(director).get(reverse("strategy:period_transition", args=[period.pk, "explode"])).status_code == 404


def test_demo_periods_take_their_real_states_and_are_idempotent(plan, director):
    demo.seed_periods(plan=plan, by=director, today=datetime.date(2026, 11, 29))
    assert ReportingPeriod.objects.count() == 12
    assert not ReportingPeriod.objects.exclude(status=PeriodStatus.OPEN).exists()
    demo.set_period_states(today=datetime.date(2026, 11, 29))
    states = dict(((p.year, p.quarter), p.status) for p in ReportingPeriod.objects.all())
    assert states[(2026, 4)] == PeriodStatus.OPEN
    assert states[(2026, 3)] == PeriodStatus.CLOSED
    assert {s for k, s in states.items() if k < (2026, 3)} == {PeriodStatus.LOCKED}
    locked = ReportingPeriod.objects.get(year=2024, quarter=1)
    assert locked.history.first().history_user == director
    count = sum(p.history.count() for p in ReportingPeriod.objects.all())
    demo.set_period_states(today=datetime.date(2026, 11, 29))
    assert sum(p.history.count() for p in ReportingPeriod.objects.all()) == count


def test_closing_before_the_due_date_with_reports_being_written_says_so_and_needs_a_tick(plan, director, client_for):
    from reports.models import QuarterlyReport

    today = datetime.date.today()
    period = factories.ReportingPeriodFactory(plan=plan, year=today.year, quarter=(today.month - 1) // 3 + 1,
                                              status=PeriodStatus.OPEN, opens_on=today - datetime.timedelta(days=5),
                                              due_on=today + datetime.timedelta(days=3))
    for code in ("AA", "BB"):
        QuarterlyReport.objects.create(institution=factories.InstitutionFactory(code=code), period=period)
    url = reverse("strategy:period_transition", args=[period.pk, "close"])
    page = client_for(director, language="sq").get(url).content.decode()
    assert "institucionet kanë ende 3 ditë" in page
    assert "2 raporte janë ende në hartim ose të kthyera" in page
    assert client_for(director).post(url, {"reason": ""}).status_code == 200  # not ticked: nothing happens
    period.refresh_from_db()
    assert period.status == PeriodStatus.OPEN
    assert client_for(director).post(url, {"reason": "", "confirm": "on"}).status_code == 302
    period.refresh_from_db()
    assert period.status == PeriodStatus.CLOSED


def test_closing_after_the_due_date_with_nothing_open_asks_only_the_usual_question(plan, director, client_for):
    period = factories.ReportingPeriodFactory(plan=plan, year=2025, quarter=1, status=PeriodStatus.OPEN)
    url = reverse("strategy:period_transition", args=[period.pk, "close"])
    page = client_for(director).get(url).content.decode()
    assert "has not passed yet" not in page and "confirm" not in page.lower().split("<form", 1)[1].split("</form>")[0]
    assert client_for(director).post(url, {"reason": ""}).status_code == 302


def test_period_buttons_are_actions_not_states(plan, director, client_for):
    closed = factories.ReportingPeriodFactory(plan=plan, year=2025, quarter=2, status=PeriodStatus.CLOSED)
    planned = factories.ReportingPeriodFactory(plan=plan, year=2025, quarter=3, status=PeriodStatus.PLANNED)
    assert ">Rihap</a>" in client_for(director, language="sq").get(closed.get_absolute_url()).content.decode()
    page = client_for(director, language="sq").get(planned.get_absolute_url()).content.decode()
    assert ">Hap</a>" in page and ">E hapur</a>" not in page
