"""System checks of the project's own: settings that would leak in production (`manage.py check --deploy`), and
settings the application cannot run right with.

Mail that goes to the console or a file puts password-reset and first-password links into the server's log;
links built from a local SITE_URL point every e-mail at 127.0.0.1.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

LEAKING_MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend": "prints every message, links included, into the server log",
    "django.core.mail.backends.filebased.EmailBackend": "writes every message, links included, to files on the server",
    "django.core.mail.backends.locmem.EmailBackend": "keeps messages in memory: nobody receives them",
    "django.core.mail.backends.dummy.EmailBackend": "throws every message away: nobody receives them",
}
LOCAL_HOSTS = {"", "localhost", "::1", "0.0.0.0"}  # noqa: S104 - names, not a bind; 127.* below


@register(Tags.security, deploy=True)
def check_mail_backend(app_configs=None, **kwargs):
    """E-mail must leave the server by SMTP: set EMAIL_URL."""
    backend = getattr(settings, "EMAIL_BACKEND", "") or ""
    if not backend:
        problem = "no mail backend is configured"
    elif backend in LEAKING_MAIL_BACKENDS:
        problem = f"the mail backend {backend} {LEAKING_MAIL_BACKENDS[backend]}"
    else:
        return []
    return [Error(
        f"E-mail is not sent: {problem}. Password-reset links would not reach users, or would land in logs.",
        hint="Set EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.gov.al:587 (docs/deployment.md).",
        id="antitrafik.E001",
    )]


@register(Tags.security, deploy=True)
def check_site_url(app_configs=None, **kwargs):
    """SITE_URL, from which e-mails build their links, must be the public HTTPS address."""
    site_url = getattr(settings, "SITE_URL", "") or ""
    parts = urlsplit(site_url)
    host = (parts.hostname or "").lower()
    if parts.scheme == "https" and host not in LOCAL_HOSTS and not host.startswith("127."):
        return []
    return [Error(
        f"SITE_URL is {site_url!r}: links in e-mails (password reset, reminders) must point at the public "
        "HTTPS address of the application.",
        hint="Set SITE_URL, e.g. https://antitrafik.example.gov.al (docs/deployment.md).",
        id="antitrafik.E002",
    )]


@register(Tags.database)
def check_pages_outside_transactions(app_configs=None, **kwargs):
    """A kept page (antitrafik.kept_pages) is rendered outside any transaction that wrote: with ATOMIC_REQUESTS a
    page rendered inside a request's transaction could be kept under the token read before its own writes."""
    from django.db import connections

    atomic = [alias for alias in connections if connections.settings[alias].get("ATOMIC_REQUESTS")]
    if not atomic:
        return []
    return [Error(
        f"ATOMIC_REQUESTS is on for {', '.join(atomic)}: signed-in pages are kept under the data's version, which "
        "needs them rendered outside the transactions that write.",
        hint="Leave ATOMIC_REQUESTS off: the services make their writes atomic themselves.",
        id="antitrafik.E003",
    )]
