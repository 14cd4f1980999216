"""Fixtures of the security tests: the committee world (tests/committee/builders.py) for charts and texts."""

import pytest

from tests.committee.builders import build_committee_world


@pytest.fixture
def committee_world(db):
    return build_committee_world()
