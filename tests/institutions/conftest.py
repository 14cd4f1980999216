"""Fixtures of the institutions tests: clients read pages in English unless a test asks otherwise."""

import pytest
from django.conf import settings


@pytest.fixture
def client_for(client_for):
    """client_for(user, language="en"): a signed-in client (anonymous for None) with the language cookie set."""

    def make(user, language="en"):
        client = client_for(user)
        if language:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return make
