"""Browser tests: Playwright driving Debian's headless Chromium against pytest-django's live server."""

import os
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for the browser tests, closed when they are done."""
    if not CHROMIUM.exists():
        pytest.skip(f"Browser tests need Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM=/path)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, while the tests' own
    # ORM calls (factories, the live server's database set-up) stay synchronous.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            yield browser
            browser.close()
            # Database calls made while Playwright's loop runs in this thread hold a connection of their own
            # (Django's connections are per asyncio context): closed here, so the test database can be dropped.
            connections.close_all()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab (own cookies) at 1400×1000; `page.base_url` is the live server's address."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=live_server.url)
    context.set_default_timeout(5000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    yield page
    context.close()
