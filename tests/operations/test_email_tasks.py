"""E-mails and reminders are sent by background tasks: a failed e-mail is tried again, then reported as failed."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.tasks.signals import task_finished
from django_tasks_db.models import DBTaskResult

from reports import services
from reports.models import ReminderLog
from reports.tasks import notify_report

pytestmark = pytest.mark.django_db


def remind(day):
    call_command("send_reminders", date=day.isoformat(), stdout=io.StringIO(), verbosity=0)


def test_a_reminder_the_mail_server_refused_is_not_recorded_as_sent_and_is_tried_again(setup, reporter, other_reporter,
                                                                                     flaky_mail, mailoutbox):
    flaky_mail.failures = 1
    remind(setup.period.due_on - datetime.timedelta(days=3))
    # The first message was refused, tried again and delivered: both reporters got their reminder, once.
    assert sorted(m.to[0] for m in mailoutbox) == sorted([reporter.email, other_reporter.email])
    assert ReminderLog.objects.filter(kind="before_due").count() == 2


def test_a_reminder_that_keeps_failing_is_not_recorded_and_the_next_run_sends_it(setup, reporter, other_reporter,
                                                                               flaky_mail, mailoutbox, settings):
    settings.TASK_MAX_ATTEMPTS = 2
    flaky_mail.failures = 2  # both attempts for the first reporter fail
    day = setup.period.due_on - datetime.timedelta(days=3)
    remind(day)
    assert len(mailoutbox) == 1
    assert ReminderLog.objects.filter(kind="before_due").count() == 1  # only the one delivered
    remind(day + datetime.timedelta(days=1))  # the next daily run
    assert sorted(m.to[0] for m in mailoutbox) == sorted([reporter.email, other_reporter.email])
    assert ReminderLog.objects.filter(kind="before_due").count() == 2


def test_a_submission_e_mail_is_retried_until_the_mail_server_takes_it(filled_report, reporter, coordinator, flaky_mail,
                                                                       mailoutbox, django_capture_on_commit_callbacks):
    flaky_mail.failures = 2
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=filled_report, by=reporter)
    assert [m.to for m in mailoutbox] == [[coordinator.email]]


def test_an_e_mail_that_keeps_failing_ends_as_a_failed_task_with_its_reason(filled_report, reporter, flaky_mail,
                                                                            settings, mailoutbox):
    settings.TASK_MAX_ATTEMPTS = 3
    flaky_mail.failures = 10
    finished = []

    def record(sender, task_result, **kwargs):
        finished.append(task_result)

    task_finished.connect(record)
    try:
        notify_report.enqueue(filled_report.pk, "returned")
    finally:
        task_finished.disconnect(record)
    assert mailoutbox == []
    assert flaky_mail.failures == 10 - 3  # three attempts, no more
    last, second, first = finished  # the last attempt finishes first: each attempt enqueues the next
    assert first.status == second.status == "SUCCESSFUL" and first.return_value.startswith("retried")
    assert last.status == "FAILED" and last.kwargs == {"only": [reporter.pk], "attempt": 3}
    assert last.errors[0].exception_class_path == "antitrafik.tasks.TaskGaveUp"
    assert "the mail server did not take 1 e-mail(s)" in last.errors[0].traceback


def test_the_e_mail_of_a_report_deleted_meanwhile_ends_cleanly_with_a_reason(mailoutbox):
    result = notify_report.enqueue(987654, "submitted")
    assert result.status == "SUCCESSFUL"
    assert result.return_value == "not sent: the report was deleted"


def test_on_the_database_backend_the_e_mail_is_a_task_row_written_with_the_submission(
        filled_report, reporter, coordinator, database_tasks, mailoutbox):
    with transaction.atomic():
        services.report_submit(report=filled_report, by=reporter)
        assert mailoutbox == []  # nothing is sent inside the request
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "reports.tasks.notify_report" and queued.status == "READY"
    assert queued.args_kwargs == {"args": [filled_report.pk, "submitted"], "kwargs": {}}

    call_command("run_worker", batch=True, verbosity=0)
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL" and queued.return_value == "sent 1"


def test_a_submission_rolled_back_leaves_no_e_mail_task(filled_report, reporter, database_tasks):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.report_submit(report=filled_report, by=reporter)
        raise RuntimeError("the request failed after the submission")
    assert not DBTaskResult.objects.exists()


def test_the_password_reset_page_answers_without_sending_and_the_worker_sends(client, reporter, database_tasks,
                                                                             mailoutbox):
    response = client.post("/password/reset/", {"email": reporter.email})
    assert response.status_code == 302
    assert mailoutbox == []
    call_command("run_worker", batch=True, verbosity=0)
    [mail] = mailoutbox
    assert mail.to == [reporter.email] and "/password/reset/" in mail.body
