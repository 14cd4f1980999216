"""Fixtures of the public-site tests: the small world of tests/public/builders.py, with an empty cache."""

import pytest
from django.core.cache import cache

from .builders import build_public_world


@pytest.fixture
def public_world(db):
    cache.clear()
    yield build_public_world()
    cache.clear()
