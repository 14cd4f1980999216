"""The task queue: /healthz/ tells how long tasks wait, a worker that died leaves its task to be run again,
and every request leaves one log line without personal data."""

import datetime
import logging

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports.tasks import notify_report

pytestmark = pytest.mark.django_db


def queue(**fields):
    """A task row as the worker would find it (the e-mail of a report that does not exist: it ends at once)."""
    result = notify_report.enqueue(987654, "submitted")
    DBTaskResult.objects.filter(pk=result.id).update(**fields)
    return DBTaskResult.objects.get(pk=result.id)


def test_healthz_reports_the_age_of_the_oldest_waiting_task_and_nothing_else(client, database_tasks, settings):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content.decode() == "ok\ntasks: ok\noldest waiting task: 0 s\n"

    queue(enqueued_at=timezone.now() - datetime.timedelta(seconds=90))
    body = client.get("/healthz/").content.decode()
    assert body.startswith("ok\n") and "oldest waiting task: 9" in body  # 90 s, or a second more
    assert "notify" not in body and "report" not in body  # no task names, arguments or errors

    settings.TASK_QUEUE_DEGRADED_AFTER = 60
    response = client.get("/healthz/")
    assert response.status_code == 200  # the web server still serves
    assert response.content.decode().startswith("degraded\ntasks: degraded\n")


def test_a_retry_scheduled_for_later_is_not_counted_as_waiting(client, database_tasks):
    queue(enqueued_at=timezone.now() - datetime.timedelta(hours=1), run_after=timezone.now() + datetime.timedelta(minutes=5))
    assert client.get("/healthz/").content.decode().startswith("ok\ntasks: ok\noldest waiting task: 0 s")


def test_a_task_of_a_worker_that_was_killed_is_run_again_when_it_restarts(database_tasks):
    interrupted = queue(status="RUNNING", started_at=timezone.now(), worker_ids=["host-1"])
    elsewhere = queue(status="RUNNING", started_at=timezone.now(), worker_ids=["host-2"])  # another live worker's
    call_command("run_worker", batch=True, worker_id="host-1", verbosity=0)
    interrupted.refresh_from_db()
    elsewhere.refresh_from_db()
    assert interrupted.status == "SUCCESSFUL" and interrupted.worker_ids == ["host-1", "host-1"]
    assert interrupted.return_value == "not sent: the report was deleted"
    assert elsewhere.status == "RUNNING"


def test_a_task_running_far_too_long_on_a_dead_worker_is_run_again_by_any_worker(database_tasks, settings):
    stale = queue(status="RUNNING", started_at=timezone.now() - datetime.timedelta(seconds=settings.TASK_STALE_AFTER + 5),
                  worker_ids=["host-gone"])
    call_command("run_worker", batch=True, worker_id="host-1", verbosity=0)
    stale.refresh_from_db()
    assert stale.status == "SUCCESSFUL" and stale.worker_ids == ["host-gone", "host-1"]


def test_every_request_logs_one_line_with_method_path_status_time_and_user_id_only(client_for, reporter, caplog):
    client = client_for(reporter)
    with caplog.at_level(logging.INFO, logger="antitrafik.requests"):
        client.get("/reports/mine/?q=secret-search")
        client.get("/no-such-page/")
    lines = [r for r in caplog.records if r.name == "antitrafik.requests"]
    assert [r.getMessage().split(" ms=")[0] for r in lines] == [
        "method=GET path=/reports/mine/ status=200", "method=GET path=/no-such-page/ status=404"]
    assert lines[0].getMessage().endswith(f" user={reporter.pk}")
    assert lines[0].user_id == reporter.pk and lines[0].status == 200 and lines[0].duration_ms >= 0
    assert 0 < lines[0].cpu_ms <= lines[0].duration_ms + 1  # the page's own processor time, within its time
    assert f" cpu={lines[0].cpu_ms:.0f} " in lines[0].getMessage()
    text = " ".join(r.getMessage() for r in lines)
    assert "secret-search" not in text and reporter.username not in text and reporter.email not in text
