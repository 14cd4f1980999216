"""Fixtures of the institutions tests: clients read pages in English unless a test asks otherwise."""

import pytest


@pytest.fixture
def client_for(client_for):
    """client_for(user, language="en"): a signed-in client (anonymous for None) with the language cookie set."""

    def make(user, language="en"):
        return client_for(user, language=language)

    return make
