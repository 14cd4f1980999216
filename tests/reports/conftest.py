"""Fixtures of the quarterly-report tests (the reports world itself is in tests/conftest.py, shared with tests/security)."""

import pytest


@pytest.fixture(autouse=True)
def _in_english(settings):
    """These tests read messages in English (the pages' and the services'); mails follow each user's language."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def client_for(client_for, settings):
    """Test clients that chose English, or `language` (the language cookie wins over the user's preference)."""

    def make(user, language="en"):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return make
