"""Fixtures of the quarterly-report tests."""

import pytest

from reports import services

from .builders import Setup


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


@pytest.fixture(autouse=True)
def _in_english(settings):
    """These tests read messages in English (the pages' and the services'); mails follow each user's language."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def client_for(client_for, settings):
    """Test clients that chose English (the language cookie wins over the user's preference)."""

    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make
