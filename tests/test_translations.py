"""Albanian is the default language: its catalogue is complete and the interface speaks it."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

PO = Path(__file__).resolve().parent.parent / "locale" / "sq" / "LC_MESSAGES" / "django.po"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs gettext's msgfmt")
def test_the_albanian_catalogue_is_complete():
    result = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO)],  # noqa: S603, S607
                            capture_output=True, text=True, check=True)
    statistics = result.stderr.strip()
    assert "fuzzy" not in statistics and "untranslated" not in statistics, statistics


@pytest.mark.django_db
def test_pages_speak_albanian_by_default(client_for, director):
    page = client_for(director, language=None).get(reverse("home")).content.decode()
    assert "Mirë se erdhët" in page and "Dilni" in page
    login = client_for(None, language=None).get(reverse("login")).content.decode()
    assert "Fjalëkalimi" in login or "fjalëkalim" in login
