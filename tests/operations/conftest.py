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
def database_tasks(settings):
    """Tasks are stored in the database and wait for the worker, as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
