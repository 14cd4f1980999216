"""Two people (or two clicks) at the same moment on PostgreSQL: exactly one wins, the other is told."""

import threading

import pytest
from django.db import connection, connections

from reports import services, workflow
from reports.choices import EventKind, ReportStatus
from reports.models import QuarterlyReport, ReportEvent, StatValue
from reports.models.quarterly import ReportError
from tests.threads import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (row locks under real concurrency)"),
]


def fresh(report):
    return QuarterlyReport.objects.select_related("institution", "period").get(pk=report.pk)


@pytest.mark.django_db(transaction=True)
def test_two_saves_of_the_same_version_one_wins(setup, report, reporter):
    version = report.version
    results = race(
        lambda: services.report_save(report=fresh(report), by=reporter, version=version, values={(setup.minors.pk, ""): 1}),
        lambda: services.report_save(report=fresh(report), by=reporter, version=version, values={(setup.minors.pk, ""): 2}),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], workflow.StaleVersionError), results
    assert fresh(report).version == version + 1
    assert StatValue.objects.filter(report=report).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_submit_once(setup, filled_report, reporter):
    results = race(
        lambda: services.report_submit(report=fresh(filled_report), by=reporter),
        lambda: services.report_submit(report=fresh(filled_report), by=reporter),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ReportError), results
    assert fresh(filled_report).status == ReportStatus.SUBMITTED
    assert ReportEvent.objects.filter(report=filled_report, kind=EventKind.SUBMITTED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_accept_and_return_at_once_one_wins(submitted_report, coordinator, director):
    results = race(
        lambda: services.report_accept(report=fresh(submitted_report), by=coordinator),
        lambda: services.report_return(report=fresh(submitted_report), by=director, comment="Jo ende."),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1, results
    assert fresh(submitted_report).status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED)
    assert ReportEvent.objects.filter(report=submitted_report, kind__in=[EventKind.ACCEPTED, EventKind.RETURNED]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_sequential_stale_saves(setup, report, reporter):
    """The second of two people who opened version 1 is refused, and told what differs."""
    services.report_save(report=fresh(report), by=reporter, version=1, values={(setup.minors.pk, ""): 5})
    with pytest.raises(workflow.StaleVersionError) as refused:
        services.report_save(report=fresh(report), by=reporter, version=1, values={(setup.minors.pk, ""): 6})
    [difference] = refused.value.changes
    assert (difference["saved"], difference["yours"]) == ("5", "6")  # as the page shows them (reports.numbers.display_figure)


@pytest.mark.django_db(transaction=True)
def test_locking_waits_for_a_review_in_progress_and_later_changes_are_refused(submitted_report, coordinator, director):
    from django.db import transaction

    from strategy.services import period_close, period_lock

    period_close(period=fresh(submitted_report).period, by=director)
    reviewed, release = threading.Event(), threading.Event()
    outcome = {}

    def slow_accept():
        try:
            with transaction.atomic():
                services.report_accept(report=fresh(submitted_report), by=coordinator)
                reviewed.set()
                release.wait(10)
        finally:
            connections.close_all()

    def lock():
        try:
            reviewed.wait(10)
            period_lock(period=fresh(submitted_report).period, by=director)
            outcome["locked"] = True
        except Exception as error:  # noqa: BLE001 - the test inspects it
            outcome["locked"] = error
        finally:
            connections.close_all()

    reviewer, locker = threading.Thread(target=slow_accept), threading.Thread(target=lock)
    reviewer.start()
    locker.start()
    locker.join(0.8)
    assert locker.is_alive(), "the lock did not wait for the review in progress"
    release.set()
    reviewer.join(10)
    locker.join(10)
    assert outcome["locked"] is True
    report = fresh(submitted_report)
    assert report.period.is_locked and report.status == ReportStatus.ACCEPTED
    with pytest.raises(workflow.PeriodLockedError):
        services.report_reopen(report=report, by=director, reason="Gabim në shifra.")


@pytest.mark.django_db(transaction=True)
def test_a_save_whose_request_read_the_report_before_another_save_is_refused_with_what_is_stored_now(setup, report,
                                                                                                    reporter):
    """The edit form's save compares the form with the report as its request read it (reports.services._stored):
    another save committed after that read changes the version, so the save is refused, and the differences
    it lists are read again (the other save's values, not those the request read)."""
    from reports.selectors.report import report_data

    read_first = report_data(fresh(report), statuses=False, events=False)
    services.report_save(report=fresh(report), by=reporter, version=report.version, values={(setup.minors.pk, ""): 5})
    with pytest.raises(workflow.StaleVersionError) as refused:
        services.report_save(report=fresh(report), by=reporter, version=report.version,
                             values={(setup.minors.pk, ""): 6}, data=read_first)
    [difference] = refused.value.changes
    assert (difference["saved"], difference["yours"]) == ("5", "6")
    assert StatValue.objects.get(report=report, indicator=setup.minors, cell_key="").value == 5
