"""Finalising and the draft PDF run in the task worker: the request answers at once, the page shows the task's
state, a refusal or a failure is reported in words, a report changed or deleted meanwhile ends the task cleanly."""

from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse

from reports.committee import services
from reports.committee.tasks import run_committee_task
from reports.models import CommitteeReport, CommitteeReportTask
from tests.committee.builders import REASON

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(committee_world):
    return services.committee_report_create(by=committee_world.director, title="Raporti vjetor 2025", language="en",
                                            periods=committee_world.p25)


@pytest.fixture
def director(client, committee_world):
    client.force_login(committee_world.director)
    return client


@pytest.fixture
def database_tasks(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    # The worker closes "old" connections between tasks; inside a test's transaction that would close the test's own
    # connection (PostgreSQL), so here it keeps it.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def test_finalise_answers_at_once_shows_the_queued_task_and_the_worker_makes_the_report_final(
        director, draft, database_tasks):
    response = director.post(reverse("reports:committee_finalise", args=[draft.pk]), {"coverage_reason": REASON})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "draft"  # nothing rendered in the request
    page = director.get(draft.get_absolute_url()).content.decode()
    assert "Finalise: <span class=\"fw-semibold\">Queued</span>" in page
    assert f'hx-get="{reverse("reports:committee_task", args=[draft.pk])}"' in page  # the block refreshes itself

    call_command("run_worker", batch=True, verbosity=0)
    draft.refresh_from_db()
    assert draft.status == "final" and draft.pdf_sha256 and draft.coverage_reason == REASON
    fragment = director.get(reverse("reports:committee_task", args=[draft.pk]), HTTP_HX_REQUEST="true")
    assert "Finalise: <span class=\"fw-semibold\">Done</span>" in fragment.content.decode()
    assert fragment["HX-Refresh"] == "true" and "hx-get" not in fragment.content.decode()


def test_a_second_finalise_while_one_is_queued_is_refused(director, draft, database_tasks):
    url = reverse("reports:committee_finalise", args=[draft.pk])
    director.post(url, {"coverage_reason": REASON})
    response = director.post(url, {"coverage_reason": REASON}, follow=True)
    assert "This report is already being finalised." in response.content.decode()
    assert CommitteeReportTask.objects.count() == 1


def test_a_report_finalised_meanwhile_ends_the_task_with_the_reason(director, draft, committee_world, database_tasks):
    director.post(reverse("reports:committee_finalise", args=[draft.pk]), {"coverage_reason": REASON})
    services.committee_report_finalise(report=draft, by=committee_world.director, coverage_reason=REASON)
    call_command("run_worker", batch=True, verbosity=0)
    task = CommitteeReportTask.objects.get()
    assert task.state == "failed" and "finalised and can no longer be changed" in task.reason
    assert CommitteeReport.objects.get(pk=draft.pk).status == "final"


def test_a_report_deleted_meanwhile_ends_the_task_cleanly(director, draft, database_tasks):
    director.post(reverse("reports:committee_finalise", args=[draft.pk]), {"coverage_reason": REASON})
    CommitteeReport.objects.filter(pk=draft.pk).delete()
    call_command("run_worker", batch=True, verbosity=0)
    from django_tasks_db.models import DBTaskResult

    [result] = DBTaskResult.objects.all()
    assert result.status == "SUCCESSFUL" and result.return_value == "ended: the committee report was deleted meanwhile"


def test_a_failing_pdf_is_tried_again_then_reported_and_nothing_is_half_written(
        director, draft, settings, django_capture_on_commit_callbacks):
    settings.TASK_MAX_ATTEMPTS = 2
    settings.TASK_RETRY_DELAY = 0
    with mock.patch("reports.committee.services.render_pdf", side_effect=RuntimeError("out of memory")) as render:
        with django_capture_on_commit_callbacks(execute=True):
            director.post(reverse("reports:committee_finalise", args=[draft.pk]), {"coverage_reason": REASON})
    assert render.call_count == 2
    task = CommitteeReportTask.objects.get()
    assert task.state == "failed" and task.attempts == 2
    assert "The PDF could not be made (2 attempts)" in task.reason
    draft.refresh_from_db()
    assert draft.status == "draft" and not draft.frozen_pdf and not draft.pdf_sha256
    page = director.get(draft.get_absolute_url()).content.decode()
    assert "Failed" in page and "The PDF could not be made" in page and "out of memory" not in page


def test_the_draft_pdf_is_made_in_the_background_and_offered_until_the_report_changes(
        director, draft, committee_world, django_capture_on_commit_callbacks):
    pdf_url = reverse("reports:committee_pdf", args=[draft.pk])
    response = director.get(pdf_url, follow=True)
    assert "Make the draft PDF first" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        director.post(reverse("reports:committee_draft_pdf", args=[draft.pk]))
    page = director.get(draft.get_absolute_url()).content.decode()
    assert "Download the draft PDF" in page
    response = director.get(pdf_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    services.committee_report_update(report=draft, by=committee_world.director, findings="Gjetje të reja.")
    assert "Download the draft PDF" not in director.get(draft.get_absolute_url()).content.decode()


def test_the_task_records_the_outcome_even_when_called_for_a_finished_task(draft, committee_world):
    task = CommitteeReportTask.objects.create(report=draft, kind="draft_pdf", requested_by=committee_world.director,
                                              state="done")
    assert run_committee_task.call(task.pk) == "ended: the task was already done"
