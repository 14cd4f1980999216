"""Fixtures of the operations tests: a mail server that refuses the first messages; the database task backend."""

import pytest

from tests.operations.mail import FlakyBackend


@pytest.fixture
def flaky_mail(settings, mailoutbox):
    """The mail server refuses as many messages as the test sets in `flaky_mail.failures`; retries are not delayed."""
    settings.EMAIL_BACKEND = "tests.operations.mail.FlakyBackend"
    settings.TASK_RETRY_DELAY = 0
    FlakyBackend.failures = 0
    yield FlakyBackend
    FlakyBackend.failures = 0


@pytest.fixture
def database_tasks(settings, monkeypatch):
    """Tasks are stored in the database and wait for the worker, as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    # The worker closes "old" connections between tasks; inside a test's transaction that would close the test's own
    # connection (PostgreSQL), so here it keeps it.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
