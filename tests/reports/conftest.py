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
    """A draft with a complete, consistent set of values."""
    services.report_save(report=report, by=reporter, version=report.version, values=setup.valid_values(),
                         progress={setup.activities[0].pk: {"status": "implemented", "narrative": "U krye", "spent": None}})
    return report


@pytest.fixture
def submitted_report(filled_report, reporter):
    return services.report_submit(report=filled_report, by=reporter)
