"""Translated labels of the figures' keys (categories, discipline states, RAG marks, units)."""

from django.utils.translation import gettext_lazy as _

from reports.choices import ProgressStatus


def category_labels():
    return {
        "implemented": _("Implemented"),
        "partial": _("Partially implemented"),
        "in_progress": _("In progress"),
        "not_started": _("Not started"),
        "delayed": _("Delayed"),
        "not_applicable": _("Not applicable"),
    }


def status_labels():
    return dict(ProgressStatus.choices) | {"": _("No accepted report")}


def discipline_labels():
    return {
        "on_time": _("On time"),
        "late": _("Late"),
        "returned": _("Returned before acceptance"),
        "pending": _("Not accepted yet"),
        "draft": _("Draft, before the due date"),
        "missing": _("Missing"),
        "not_yet_due": _("Not yet due"),
    }


def quality_labels():
    return {"pass": _("Holds"), "fail": _("Fails"), "warning": _("Warning"), "skipped": _("Not checked")}


def rag_labels():
    return {"red": _("Red"), "amber": _("Amber"), "green": _("Green"), "none": _("No activities")}
