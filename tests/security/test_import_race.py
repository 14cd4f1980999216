"""Applying the same plan import several times at once (a double click, two coordinators): one import
happens, the others are told, and nothing is duplicated or half-written."""

import re
import threading

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from strategy import imports
from strategy.models import Activity, Objective, Pillar
from tests.strategy.test_import import HEADER, row, xlsx_file


@pytest.fixture
def plan(db):
    from tests import factories

    factories.InstitutionFactory(code="PSH", name="Policia e Shtetit", name_en="State Police", kind="police")
    factories.InstitutionFactory(code="IOM", name="IOM", name_en="IOM", kind="international_org")
    return factories.ActionPlanFactory(start_year=2024, end_year=2026)


ROWS = [row("2.1.1"), row("2.1.2"), row("2.2.1", objective_code="2.2")]


def test_applying_a_preview_that_is_no_longer_true_is_refused(plan, director):
    header, rows = imports.read_upload(xlsx_file(ROWS))
    expected = imports.build_preview(plan, header, rows).fingerprint
    imports.import_apply(plan=plan, header=header, rows=rows, by=director, expected=expected)
    with pytest.raises(imports.PlanImportError, match="The plan changed since this preview was shown"):
        imports.import_apply(plan=plan, header=header, rows=rows, by=director, expected=expected)
    assert Activity.objects.filter(plan=plan).count() == 3
    assert Activity.history.filter(plan=plan).count() == 3


def test_the_preview_page_sends_its_fingerprint(plan, director, client_for):
    client = client_for(director)
    sent = client.post(reverse("strategy:import_upload", args=[plan.pk]), {"file": xlsx_file(ROWS)})
    page = client.get(sent["Location"]).content.decode()
    fingerprint = re.search(r'name="expected" value="([0-9a-f]+)"', page).group(1)
    applied = client.post(reverse("strategy:import_preview", args=[plan.pk]), {"apply": "1", "expected": fingerprint})
    assert applied.status_code == 302
    assert Activity.objects.filter(plan=plan).count() == 3


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (row locks under real concurrency)")
@pytest.mark.django_db(transaction=True)
def test_four_applies_at_once_import_once(plan, director):
    editor = Client()
    editor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    editor.force_login(director)
    sent = editor.post(reverse("strategy:import_upload", args=[plan.pk]), {"file": xlsx_file(ROWS, header=HEADER)})
    page = editor.get(sent["Location"]).content.decode()
    fingerprint = re.search(r'name="expected" value="([0-9a-f]+)"', page).group(1)

    clicks = 4
    barrier = threading.Barrier(clicks)
    responses = [None] * clicks

    def click(i):
        tab = Client()
        tab.cookies = editor.cookies  # the same browser: one session holding the uploaded file
        try:
            barrier.wait()
            responses[i] = tab.post(reverse("strategy:import_preview", args=[plan.pk]),
                                    {"apply": "1", "expected": fingerprint})
        except Exception as error:  # noqa: BLE001 - the test inspects it
            responses[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=(i,)) for i in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    statuses = sorted(getattr(r, "status_code", r) for r in responses)
    assert statuses == [200, 200, 200, 302], responses
    for response in responses:
        if response.status_code == 200:
            assert "The plan changed since this preview was shown" in response.content.decode()
    assert sorted(Activity.objects.filter(plan=plan).values_list("code", flat=True)) == ["2.1.1", "2.1.2", "2.2.1"]
    assert Activity.history.filter(plan=plan).count() == 3
    assert Pillar.objects.filter(plan=plan).count() == 1 and Objective.objects.filter(plan=plan).count() == 2
