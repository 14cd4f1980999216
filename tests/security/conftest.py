"""Fixtures of the security tests: the quarterly-report world of tests/reports."""

import pytest

from reports import services
from tests.reports.builders import Setup


@pytest.fixture
def setup(institution, other_institution):
    return Setup(institution, other_institution)


@pytest.fixture
def report(setup, reporter):
    return services.report_start(institution=setup.institution, period=setup.period, by=reporter)


@pytest.fixture
def filled_report(setup, report, reporter):
    services.report_save(report=report, by=reporter, version=report.version, values=setup.valid_values(),
                         progress={setup.activities[0].pk: {"status": "implemented", "narrative": "U krye", "spent": None}})
    return report


@pytest.fixture
def client_for(client_for):
    """client_for(user): a signed-in client (anonymous for None) that reads pages in English."""
    from django.conf import settings

    def make(user, language="en"):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return make
