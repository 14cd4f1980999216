"""E-mails on submit, return and accept, and the send_reminders command (idempotent, escalation, language)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from reports import services
from reports.models import QuarterlyReport, ReminderLog
from tests.factories import DirectorFactory, ReporterFactory


@pytest.mark.django_db
def test_submit_return_accept_mail_the_right_people_in_their_language(
        setup, filled_report, reporter, coordinator, django_capture_on_commit_callbacks, mailoutbox):
    coordinator.language = "en"
    coordinator.save()
    reporter.language = "sq"
    reporter.save()
    english_colleague = ReporterFactory(institution=setup.institution, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=filled_report, by=reporter)
    [to_coordinator] = mailoutbox
    assert to_coordinator.to == [coordinator.email]
    assert to_coordinator.subject == f"Report submitted: OWN, {filled_report.period}"
    assert filled_report.get_absolute_url() in to_coordinator.body

    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report=filled_report, by=coordinator, comment="Plotësoni V01.", item_comments=[
            {"activity": setup.activities[0].pk, "indicator": None, "body": "Më shumë detaje."}])
    returned = mailoutbox[1:]
    assert sorted(m.to[0] for m in returned) == sorted([reporter.email, english_colleague.email])
    english = next(m for m in returned if m.to == [english_colleague.email])
    albanian = next(m for m in returned if m.to == [reporter.email])
    assert "was returned with comments" in english.subject
    due = setup.period.due_on
    assert f"{due.day} July {due.year}" in english.body  # each mail rendered in its reader's language
    assert f"{due.day} Korrik {due.year}" in albanian.body
    assert "Plotësoni V01." in english.body and "Më shumë detaje." in english.body

    filled_report.refresh_from_db()
    services.report_submit(report=filled_report, by=reporter)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_accept(report=filled_report, by=coordinator)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([reporter.email, english_colleague.email])


def run_reminders(date):
    out = io.StringIO()
    call_command("send_reminders", date=date.isoformat(), stdout=out, verbosity=2)
    return out.getvalue()


@pytest.fixture
def unit(setup, reporter, other_reporter, coordinator):
    """The period is due on due_on; the director gets escalations; everybody reads English."""
    for user in (reporter, other_reporter, coordinator):
        user.language = "en"
        user.save()
    director = DirectorFactory(language="en")
    return {"due": setup.period.due_on, "director": director}


@pytest.mark.django_db
def test_reminders_before_and_after_due_with_escalation_never_twice(setup, unit, reporter, coordinator,
                                                                      other_reporter, mailoutbox):
    due = unit["due"]
    run_reminders(due - datetime.timedelta(days=30))
    assert mailoutbox == []  # too early
    output = run_reminders(due - datetime.timedelta(days=3))
    assert "before_due: OWN" in output
    assert {m.to[0] for m in mailoutbox} == {reporter.email, other_reporter.email}
    mailoutbox.clear()
    run_reminders(due - datetime.timedelta(days=2))
    assert mailoutbox == []  # the same reminder is not sent twice
    run_reminders(due + datetime.timedelta(days=1))
    assert {m.to[0] for m in mailoutbox} == {reporter.email, other_reporter.email}
    assert all("has not been submitted" in m.body for m in mailoutbox)
    mailoutbox.clear()
    run_reminders(due + datetime.timedelta(days=8))
    assert coordinator.email in {m.to[0] for m in mailoutbox}
    assert unit["director"].email not in {m.to[0] for m in mailoutbox}
    mailoutbox.clear()
    run_reminders(due + datetime.timedelta(days=15))
    director_mails = [m for m in mailoutbox if m.to == [unit["director"].email]]
    assert len(director_mails) == 2  # one per late institution
    assert "has not submitted its report" in director_mails[0].subject  # in the director's language (English)
    mailoutbox.clear()
    run_reminders(due + datetime.timedelta(days=16))
    assert mailoutbox == []
    assert ReminderLog.objects.filter(kind="escalate_director").count() == 2


@pytest.mark.django_db
def test_submitted_institutions_are_not_reminded_and_waiting_reviews_are(setup, unit, submitted_report, coordinator,
                                                                          other_reporter, mailoutbox, settings):
    QuarterlyReport.objects.filter(pk=submitted_report.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=settings.REVIEW_WAITING_DAYS + 1))
    run_reminders(timezone.localdate())
    recipients = [m.to[0] for m in mailoutbox]
    assert coordinator.email in recipients  # the review waits too long
    waiting = next(m for m in mailoutbox if m.to == [coordinator.email])
    assert "is waiting for your review" in waiting.subject
    assert not ReminderLog.objects.filter(report_institution=setup.institution, kind__in=["before_due", "overdue"]).exists()
    mailoutbox.clear()
    run_reminders(timezone.localdate())
    assert coordinator.email not in [m.to[0] for m in mailoutbox]


@pytest.mark.django_db
def test_locked_and_planned_periods_get_no_reminders(setup, unit, mailoutbox):
    setup.period.status = "locked"
    setup.period.save()
    run_reminders(unit["due"] + datetime.timedelta(days=20))
    assert mailoutbox == []


def test_command_has_help():
    from reports.management.commands.send_reminders import Command

    assert "never sent twice" in Command.help
