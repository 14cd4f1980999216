"""Fixtures shared by every test package.

One user per role, the world of the permission matrix, the quarterly-report world (tests/reports and
tests/security) and the demo loaded once (`seeded_demo`). Test modules import helpers from plain modules
(tests/factories.py, tests/*/builders.py, tests/matrix), never from a conftest.
"""

import os
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from reports import services
from tests import factories
from tests.reports.builders import Setup

# Property tests (tests/security/test_properties*.py): few examples, the same ones on every run (derandomize), so
# `make test` stays fast and CI is repeatable; HYPOTHESIS_PROFILE=thorough explores many more, at random.
# The examples of one test share its database transaction (no database per example), hence the health check.
_SHARED_TRANSACTION = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]
hypothesis_settings.register_profile("antitrafik", max_examples=25, deadline=None, derandomize=True, database=None,
                                     suppress_health_check=_SHARED_TRANSACTION)
hypothesis_settings.register_profile("thorough", max_examples=500, deadline=None,
                                     suppress_health_check=_SHARED_TRANSACTION)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "antitrafik"))


def _test_settings(storages):
    """What every test runs with: fast password hashing, mail kept in memory, plain HTTP, uncompressed static files,
    tasks run immediately."""
    return {
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "SECURE_SSL_REDIRECT": False,
        # Background tasks run at once, in the test's process (a test of the queue itself sets the database backend).
        "TASKS": {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
        "STORAGES": {**storages, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    for name, value in _test_settings(settings.STORAGES).items():
        setattr(settings, name, value)


@pytest.fixture(autouse=True)
def _fresh_definitions_store():
    """What a process keeps from the indicators' definitions (strategy.definitions) starts empty in every test:
    a class's seeded demo is removed without signals, and each test's changes roll back."""
    from strategy import definitions

    definitions.forget()
    yield
    definitions.forget()


@pytest.fixture(autouse=True)
def _no_kept_pages():
    """No page, user or device is kept from one test to the next (antitrafik.kept_pages, antitrafik.middleware)."""
    from antitrafik import kept_pages, middleware

    kept_pages.forget()
    middleware.forget()
    yield
    kept_pages.forget()
    middleware.forget()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as `migrate` makes it, but every version of the data changes after each statement that
    writes (antitrafik.versions): a test's transaction never commits, so a trigger deferred to the commit never
    fires."""
    from django.db import connections

    from antitrafik import versions

    with django_db_blocker.unblock():
        for connection in connections.all():
            versions.install_triggers(connection, tests=True, replace=True)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Uploaded documents go to a temporary folder, never to the project's media/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(scope="class")
def seeded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """`seed_demo --if-empty` run once into the empty test database, for the tests of one class.

    Loading the demo takes seconds, so the tests that read the loaded demo share one load: it runs in a
    transaction that stays open while the class's tests run (each of them in a savepoint of it, rolled back
    after the test) and is rolled back after the last one. It runs without --password, so a random password
    is printed: returns the command's output and that password.
    """
    import re
    from io import StringIO

    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings
    from django.utils import translation

    media = tmp_path_factory.mktemp("demo-media")
    with (django_db_blocker.unblock(), override_settings(**_test_settings(settings.STORAGES), MEDIA_ROOT=media),
          translation.override("en"), transaction.atomic()):
        out = StringIO()
        call_command("seed_demo", "--if-empty", stdout=out)
        output = out.getvalue()
        password = re.search(r"Password of the new demo users: (\S+)", output)
        yield SimpleNamespace(output=output, password=password and password.group(1))
        transaction.set_rollback(True)


@pytest.fixture
def director(db):
    return factories.DirectorFactory(username="t-director")


@pytest.fixture
def coordinator(db):
    return factories.CoordinatorFactory(username="t-coordinator")


@pytest.fixture
def other_coordinator(db):
    return factories.CoordinatorFactory(username="t-other-coordinator")


@pytest.fixture
def institution(coordinator):
    return factories.InstitutionFactory(code="OWN", coordinator=coordinator)


@pytest.fixture
def other_institution(other_coordinator):
    return factories.InstitutionFactory(code="OTHER", coordinator=other_coordinator)


@pytest.fixture
def reporter(institution):
    return factories.ReporterFactory(username="t-reporter", institution=institution)


@pytest.fixture
def other_reporter(other_institution):
    return factories.ReporterFactory(username="t-other-reporter", institution=other_institution)


@pytest.fixture
def committee_member(db):
    return factories.CommitteeFactory(username="t-committee")


@pytest.fixture
def users(director, coordinator, other_coordinator, reporter, other_reporter, committee_member):
    """One user per role of the matrix (anonymous is None)."""
    return {
        "anonymous": None,
        "director": director,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "reporter": reporter,
        "other_reporter": other_reporter,
        "committee": committee_member,
    }


# The quarterly-report world (tests/reports, tests/security): an open period of a plan, with its indicators and
# activities (tests/reports/builders.py), and the reporter's report in it.


@pytest.fixture
def setup(institution, other_institution):
    return Setup(institution, other_institution)


@pytest.fixture
def report(setup, reporter):
    return services.report_start(institution=setup.institution, period=setup.period, by=reporter)


@pytest.fixture
def filled_report(setup, report, reporter):
    """A draft with a complete, consistent set of values and a status for each of its activities."""
    services.report_save(report=report, by=reporter, version=report.version, values=setup.valid_values(),
                         progress=setup.answered_progress())
    return report


@pytest.fixture
def submitted_report(filled_report, reporter):
    return services.report_submit(report=filled_report, by=reporter)


@pytest.fixture
def world(users, institution, other_institution):
    """The world of the permission matrix: the objects every URL of tests/matrix needs (see tests/matrix)."""
    from tests.matrix import build_world

    return build_world(users, institution, other_institution)


@pytest.fixture(autouse=True)
def _english_messages():
    """Tests read messages by their English ids; Albanian (the default) is tested where it matters."""
    from django.utils import translation

    with translation.override("en"):
        yield


def english_client():
    """A test client whose language cookie asks for English, as a user who chose EN in the header."""
    from django.conf import settings
    from django.test import Client

    c = Client()
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return c


@pytest.fixture
def client():
    """pytest-django's client, in English (see english_client)."""
    return english_client()


@pytest.fixture
def client_for():
    """client_for(user, language="en") -> a test client signed in as `user` (anonymous for None).

    language=None sends no language cookie, so the application's default (Albanian) applies.
    """
    from django.conf import settings
    from django.test import Client

    def make(user, language="en"):
        c = Client()
        if language:
            c.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        if user is not None:
            c.force_login(user)
        return c

    return make
