"""Fixtures of the security tests: the quarterly-report world of tests/reports."""

from tests.reports.conftest import filled_report, report, setup  # noqa: F401 - shared fixtures
