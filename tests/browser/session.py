"""Signing in through the real sign-in form in a fresh browser context, for the browser tests."""

from tests.factories import PASSWORD


def signed_in(browser, live_server, user, *, width=1400, language=None, bypass_csp=False):
    """A new page signed in as `user` at `width` px (English if language='en'); bypass_csp only lets axe-core in."""
    context = browser.new_context(viewport={"width": width, "height": 1000 if width > 800 else 900},
                                  base_url=live_server.url, bypass_csp=bypass_csp)
    context.set_default_timeout(15000)
    if language:
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto("/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
    page.wait_for_load_state("networkidle")
    return page
