"""The status board's cells, written by the `board_cells` tag: each state's markup, its link and its words."""

import datetime

from django.template import engines
from django.urls import reverse
from django.utils import timezone

from reports.choices import ReportStatus


def cells_html(cells):
    return engines["django"].from_string("{% load quarterly_tags %}{% board_cells cells %}").render({"cells": cells})


def test_each_state_of_a_cell():
    since = timezone.make_aware(datetime.datetime(2026, 3, 4, 23, 30))
    html = cells_html([
        {"state": None, "period": None},
        {"state": "submitted", "label": ReportStatus.SUBMITTED.label, "late": True, "waiting_since": since,
         "report_id": 42, "period": None},
        {"state": "missing", "label": None, "late": True, "waiting_since": None, "report_id": None, "period": None},
        {"state": "not_started", "label": None, "late": False, "waiting_since": None, "report_id": None,
         "period": None, "dimmed": True},
    ])
    local = timezone.localtime(since).strftime("%d.%m")
    assert html == (
        '<td class="text-center"><span class="text-body-secondary">·</span></td>'
        f'<td class="text-center"><a class="badge status-submitted text-decoration-none" '
        f'href="{reverse("reports:report_detail", args=[42])}">Submitted</a>'
        f' <span class="badge status-late">Late</span>'
        f'<div class="small text-body-secondary">waiting since {local}</div></td>'
        '<td class="text-center"><span class="badge status-missing">Not submitted</span>'
        ' <span class="badge status-late">Late</span></td>'
        '<td class="text-center opacity-25"><span class="badge status-not_started">Not started</span></td>'
    )


def test_words_are_escaped():
    html = cells_html([{"state": "draft", "label": "<b>Draft</b>", "late": False, "waiting_since": None,
                        "report_id": 7, "period": None}])
    assert "&lt;b&gt;Draft&lt;/b&gt;" in html and "<b>" not in html
