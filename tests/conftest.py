"""Shared fixtures: one user per role, and a small world of objects for the permission matrix."""

import pytest

from tests import factories

ROLES = ["anonymous", "director", "coordinator", "other_coordinator", "reporter", "other_reporter", "committee"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


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
