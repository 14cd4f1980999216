"""Fixtures of the committee tests: the small world of tests/committee/builders.py, figures computed by hand."""

import pytest

from .builders import build_committee_world


@pytest.fixture
def committee_world(db):
    return build_committee_world()
