"""The workflow as a state machine: every transition × every state × every role, and the period rules."""

import pytest

from reports import services, workflow
from reports.choices import EventKind, ReportStatus
from reports.models import QuarterlyReport, ReportEvent, ReviewComment
from reports.models.quarterly import PeriodLockedError, ReportError
from strategy.choices import PeriodStatus

ROLES = ["director", "coordinator", "other_coordinator", "reporter", "other_reporter", "committee"]
STATES = [ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.RETURNED, ReportStatus.ACCEPTED]

# (action, state) → the roles that may do it; every other combination is refused.
ALLOWED = {
    ("submit", ReportStatus.DRAFT): {"reporter"},
    ("submit", ReportStatus.RETURNED): {"reporter"},
    ("return", ReportStatus.SUBMITTED): {"director", "coordinator"},
    ("accept", ReportStatus.SUBMITTED): {"director", "coordinator"},
    ("reopen", ReportStatus.ACCEPTED): {"director"},
    ("save", ReportStatus.DRAFT): {"reporter"},
    ("save", ReportStatus.RETURNED): {"reporter"},
}
TARGET = {"submit": ReportStatus.SUBMITTED, "return": ReportStatus.RETURNED, "accept": ReportStatus.ACCEPTED,
          "reopen": ReportStatus.RETURNED, "save": None}


def run(action, report, user, setup):
    if action == "submit":
        return services.report_submit(report=report, by=user)
    if action == "return":
        return services.report_return(report=report, by=user, comment="Ju lutem plotësoni V01.")
    if action == "accept":
        return services.report_accept(report=report, by=user)
    if action == "reopen":
        return services.report_reopen(report=report, by=user, reason="Gabim në shifra.")
    return services.report_save(report=report, by=user, version=report.version, values={(setup.minors.pk, ""): 4})


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ["submit", "return", "accept", "reopen", "save"])
@pytest.mark.parametrize("role", ROLES)
def test_transition(role, action, state, setup, filled_report, users, django_capture_on_commit_callbacks):
    QuarterlyReport.objects.filter(pk=filled_report.pk).update(status=state)
    report = QuarterlyReport.objects.select_related("institution", "period").get(pk=filled_report.pk)
    user = users[role]
    events_before = ReportEvent.objects.filter(report=report).count()
    if role in ALLOWED.get((action, state), set()):
        run(action, report, user, setup)
        report.refresh_from_db()
        assert report.status == (TARGET[action] or state)
        assert ReportEvent.objects.filter(report=report).count() == events_before + 1
        assert report.history.first().history_user == user
    else:
        with pytest.raises(ReportError) as refused:
            run(action, report, user, setup)
        assert str(refused.value)  # a message for the user
        report.refresh_from_db()
        assert report.status == state
        assert ReportEvent.objects.filter(report=report).count() == events_before


@pytest.mark.django_db
def test_double_submit_submits_once(filled_report, reporter, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=filled_report, by=reporter)
    stale_copy = QuarterlyReport.objects.get(pk=filled_report.pk)
    with pytest.raises(workflow.AlreadyDoneError):
        services.report_submit(report=stale_copy, by=reporter)
    assert ReportEvent.objects.filter(report=filled_report, kind=EventKind.SUBMITTED).count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_submit_with_a_stale_copy_of_a_draft_is_refused_once_submitted(filled_report, reporter):
    """Two requests that both read the draft: the conditional UPDATE lets only one through."""
    first = QuarterlyReport.objects.get(pk=filled_report.pk)
    second = QuarterlyReport.objects.get(pk=filled_report.pk)
    services.report_submit(report=first, by=reporter)
    # `second` still believes it is a draft: the service re-reads and refuses cleanly.
    with pytest.raises(workflow.AlreadyDoneError):
        services.report_submit(report=second, by=reporter)
    assert ReportEvent.objects.filter(report=filled_report, kind=EventKind.SUBMITTED).count() == 1


@pytest.mark.django_db
def test_return_needs_a_comment_and_records_item_comments(setup, submitted_report, coordinator):
    with pytest.raises(ReportError, match="comment"):
        services.report_return(report=submitted_report, by=coordinator, comment="   ")
    services.report_return(report=submitted_report, by=coordinator, comment="Shihni V01.", item_comments=[
        {"activity": setup.activities[0].pk, "indicator": None, "body": "Përshkruani më shumë."},
        {"activity": None, "indicator": setup.victims.pk, "body": "Totali?"},
        {"activity": None, "indicator": setup.minors.pk, "body": ""},
    ])
    comments = list(ReviewComment.objects.filter(report=submitted_report).order_by("pk"))
    assert [(c.activity_id, c.indicator_id, c.round) for c in comments] == [
        (None, None, 1), (setup.activities[0].pk, None, 1), (None, setup.victims.pk, 1)]
    assert ReportEvent.objects.get(report=submitted_report, kind=EventKind.RETURNED).note == "Shihni V01."


@pytest.mark.django_db
def test_return_refuses_comments_on_foreign_items(setup, submitted_report, coordinator):
    with pytest.raises(ReportError, match="activity"):
        services.report_return(report=submitted_report, by=coordinator, comment="x", item_comments=[
            {"activity": setup.other_activity.pk, "indicator": None, "body": "?"}])
    with pytest.raises(ReportError, match="indicator"):
        services.report_return(report=submitted_report, by=coordinator, comment="x", item_comments=[
            {"activity": None, "indicator": setup.foreign_indicator.pk, "body": "?"}])
    submitted_report.refresh_from_db()
    assert submitted_report.status == ReportStatus.SUBMITTED
    assert not ReviewComment.objects.exists()


@pytest.mark.django_db
def test_return_comment_of_100000_characters_is_refused(submitted_report, coordinator):
    with pytest.raises(ReportError, match="too long"):
        services.report_return(report=submitted_report, by=coordinator, comment="a" * 100_000)
    submitted_report.refresh_from_db()
    assert submitted_report.status == ReportStatus.SUBMITTED


@pytest.mark.django_db
def test_reopen_needs_a_reason_and_sends_the_report_back(submitted_report, coordinator, director):
    services.report_accept(report=submitted_report, by=coordinator)
    with pytest.raises(ReportError, match="reason"):
        services.report_reopen(report=submitted_report, by=director, reason="")
    services.report_reopen(report=submitted_report, by=director, reason="Shifrat e V01 nuk përputhen.")
    submitted_report.refresh_from_db()
    assert submitted_report.status == ReportStatus.RETURNED
    assert submitted_report.accepted_at is None
    assert ReviewComment.objects.get(report=submitted_report).body == "Shifrat e V01 nuk përputhen."


@pytest.mark.django_db
@pytest.mark.parametrize("period_status,state,role,action,allowed", [
    (PeriodStatus.CLOSED, ReportStatus.DRAFT, "reporter", "save", False),
    (PeriodStatus.CLOSED, ReportStatus.DRAFT, "reporter", "submit", False),
    (PeriodStatus.CLOSED, ReportStatus.RETURNED, "reporter", "save", True),
    (PeriodStatus.CLOSED, ReportStatus.RETURNED, "reporter", "submit", True),
    (PeriodStatus.CLOSED, ReportStatus.SUBMITTED, "coordinator", "return", True),
    (PeriodStatus.CLOSED, ReportStatus.SUBMITTED, "coordinator", "accept", True),
    (PeriodStatus.CLOSED, ReportStatus.ACCEPTED, "director", "reopen", True),
    (PeriodStatus.PLANNED, ReportStatus.DRAFT, "reporter", "save", False),
    (PeriodStatus.LOCKED, ReportStatus.RETURNED, "reporter", "save", False),
    (PeriodStatus.LOCKED, ReportStatus.DRAFT, "reporter", "submit", False),
    (PeriodStatus.LOCKED, ReportStatus.SUBMITTED, "coordinator", "accept", False),
    (PeriodStatus.LOCKED, ReportStatus.SUBMITTED, "director", "return", False),
    (PeriodStatus.LOCKED, ReportStatus.ACCEPTED, "director", "reopen", False),
])
def test_period_rules(period_status, state, role, action, allowed, setup, filled_report, users,
                      django_capture_on_commit_callbacks):
    QuarterlyReport.objects.filter(pk=filled_report.pk).update(status=state)
    setup.period.status = period_status
    setup.period.save()
    report = QuarterlyReport.objects.select_related("institution", "period").get(pk=filled_report.pk)
    if allowed:
        run(action, report, users[role], setup)
    else:
        expected = PeriodLockedError if period_status == PeriodStatus.LOCKED else ReportError
        with pytest.raises(expected):
            run(action, report, users[role], setup)
        report.refresh_from_db()
        assert report.status == state


@pytest.mark.django_db
def test_start_is_lazy_and_one_per_period(setup, reporter, other_reporter, director):
    first = services.report_start(institution=setup.institution, period=setup.period, by=reporter)
    again = services.report_start(institution=setup.institution, period=setup.period, by=reporter)
    assert first.pk == again.pk
    assert ReportEvent.objects.filter(report=first, kind=EventKind.CREATED).count() == 1
    with pytest.raises(ReportError):
        services.report_start(institution=setup.institution, period=setup.period.__class__.objects.create(
            plan=setup.plan, year=2030, quarter=1, opens_on="2030-01-01", due_on="2030-04-30"), by=other_reporter)
    setup.period.status = PeriodStatus.CLOSED
    setup.period.save()
    from tests.reports.builders import make_period
    closed = make_period(setup.plan, 2027, 1, status=PeriodStatus.CLOSED)
    with pytest.raises(ReportError, match="open"):
        services.report_start(institution=setup.institution, period=closed, by=reporter)


@pytest.mark.django_db
def test_an_inactive_institution_cannot_start_a_report(setup, reporter):
    setup.institution.is_active = False
    setup.institution.save()
    with pytest.raises(ReportError, match="active reporting institutions"):
        services.report_start(institution=setup.institution, period=setup.period, by=reporter)
    assert not ReportEvent.objects.exists()


def test_the_table_lists_exactly_the_documented_transitions():
    assert {(name, s) for name, t in workflow.TRANSITIONS.items() for s in t.sources} == {
        ("submit", "draft"), ("submit", "returned"), ("return", "submitted"), ("accept", "submitted"),
        ("reopen", "accepted")}
