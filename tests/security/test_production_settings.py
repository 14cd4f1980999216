"""Production settings that would leak: `check --deploy` fails on mail to the console and on a local SITE_URL."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from antitrafik.checks import check_mail_backend, check_site_url

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_fails_with_only_the_three_required_variables():
    """SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL alone: mail would print reset links into the log."""
    env = {key: value for key, value in os.environ.items()
           if key not in {"EMAIL_URL", "SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({"DEBUG": "False", "SECRET_KEY": "x7Qp-" + "k" * 20 + "-Zr9w" + "m" * 30,
                "ALLOWED_HOSTS": "antitrafik.example.gov.al", "DJANGO_SETTINGS_MODULE": "antitrafik.settings"})
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "antitrafik.E001" in result.stderr and "console" in result.stderr
    assert "antitrafik.E002" in result.stderr and "127.0.0.1" in result.stderr


@pytest.mark.parametrize("backend", [
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "",
])
def test_mail_that_does_not_leave_the_server_is_an_error(settings, backend):
    settings.EMAIL_BACKEND = backend
    assert [e.id for e in check_mail_backend()] == ["antitrafik.E001"]


def test_smtp_mail_passes(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert check_mail_backend() == []


@pytest.mark.parametrize("site_url, ok", [
    ("http://127.0.0.1:8000", False),
    ("https://localhost", False),
    ("https://127.0.1.1/", False),
    ("http://antitrafik.example.gov.al", False),
    ("", False),
    ("antitrafik.example.gov.al", False),
    ("https://antitrafik.example.gov.al", True),
    ("https://antitrafik.example.gov.al:8443/app/", True),
])
def test_site_url_must_be_the_public_https_address(settings, site_url, ok):
    settings.SITE_URL = site_url
    assert (check_site_url() == []) is ok


@pytest.mark.django_db
def test_the_checks_run_only_for_deploy(settings):
    """A local `make run` (console mail, 127.0.0.1) passes the ordinary check."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.SITE_URL = "http://127.0.0.1:8000"
    call_command("check", verbosity=0)
    with pytest.raises(SystemCheckError, match="antitrafik.E002"):
        call_command("check", deploy=True, tags=["security"], verbosity=0)
