"""Operations: the health check, production settings (check --deploy) and the unit's own error pages."""

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.urls import reverse

from tests.institutions.pages import main_text

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content.startswith(b"ok\n") and response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.content != b"ok" and b"refused" not in response.content


def test_check_deploy_is_clean_with_production_settings():
    env = {**os.environ, "DEBUG": "False", "SECRET_KEY": "x7Qp-" + "k" * 20 + "-Zr9w" + "m" * 30,
           "ALLOWED_HOSTS": "antitrafik.example.gov.al", "DJANGO_SETTINGS_MODULE": "antitrafik.settings",
           "EMAIL_URL": "smtp+tls://antitrafik@smtp.example.gov.al:587", "SITE_URL": "https://antitrafik.example.gov.al"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' fixture, never in production
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {**os.environ, "DEBUG": "False", "SECRET_KEY": "", "ALLOWED_HOSTS": "antitrafik.example.gov.al"}
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_make_run_writes_a_local_env_with_debug_on_and_leaves_an_existing_one_alone(tmp_path):
    """After `make run`, `python manage.py seed_demo` works in the checkout without exporting DEBUG."""
    make = ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-C", str(tmp_path), ".env"]
    result = subprocess.run(make, capture_output=True, text=True, timeout=60)  # noqa: S603
    assert result.returncode == 0, result.stdout + result.stderr
    assert "DEBUG=True" in (tmp_path / ".env").read_text().splitlines()
    (tmp_path / ".env").write_text("DEBUG=False\nSECRET_KEY=mine\n")
    subprocess.run(make, capture_output=True, text=True, timeout=60, check=True)  # noqa: S603
    assert (tmp_path / ".env").read_text() == "DEBUG=False\nSECRET_KEY=mine\n"
    assert ".env" in (ROOT / ".gitignore").read_text().split()


def test_pages_carry_a_content_security_policy_without_inline_code(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def _english_client(**kwargs):
    client = Client(**kwargs)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_404_page_is_the_units_own():
    response = _english_client().get("/no-such-page/")
    assert response.status_code == 404
    assert "The page you asked for does not exist." in main_text(response)
    assert "Traceback" not in response.content.decode()


def test_the_403_page_is_the_units_own(reporter):
    client = _english_client()
    client.force_login(reporter)
    response = client.get(reverse("institutions:user_list"))
    assert response.status_code == 403
    assert "Your role does not allow this page or action." in main_text(response)


@override_settings(ROOT_URLCONF="tests.institutions.error_urls", DEBUG=False)
def test_the_500_page_is_the_units_own_and_leaks_nothing():
    client = _english_client(raise_request_exception=False)
    response = client.get("/test-fail/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "Traceback" not in html and "hunter2" not in html and "RuntimeError" not in html


@override_settings(ROOT_URLCONF="tests.institutions.error_urls", DEBUG=False)
def test_the_400_page_is_the_units_own():
    response = _english_client().get("/test-suspicious/")
    assert response.status_code == 400
    assert "The request could not be understood." in main_text(response)
    assert "must not leak" not in response.content.decode()
