"""The change log of one quarterly report, from django-simple-history records."""


from django.utils.translation import gettext_lazy as _

from antitrafik.formatting import format_number

from ..choices import ProgressStatus, ReportStatus
from ..models import ActivityProgress, QuarterlyReport, ReviewComment, StatValue
from ..numbers import figure, readable_figure


def report_change_log(report, data, limit=1000):
    """Newest first: every recorded change of the report row, its cells and progress rows, with before → after.

    Each entry names its field twice: `field` (the model field's name, for code) and `label` (what a reader sees).

    Four queries: the history of each model, read in date order so 'before' is the previous record.
    """
    grids = data.grid_by_id
    activities = data.activity_by_id
    entries = []

    def walk(records, identity, describe, fields, read=getattr):
        labels = {name: records.model.instance_type._meta.get_field(name).verbose_name for name in fields}
        last = {}
        for record in records:
            key = identity(record)
            previous = last.get(key)
            for name in fields:
                before = read(previous, name) if previous is not None and previous.history_type != "-" else None
                after = read(record, name) if record.history_type != "-" else None
                if before == after or (previous is None and after in (None, "")):
                    continue
                what, where = describe(record)
                entries.append({"when": record.history_date, "who": record.history_user, "what": what, "where": where,
                                "field": name, "label": labels[name], "before": before,
                                "after": after})
            last[key] = record

    def records(model, **filters):
        return model.history.filter(**filters).select_related("history_user").order_by("history_date", "history_id")

    report_records = records(QuarterlyReport, id=report.pk)
    walk(report_records, lambda r: r.id, lambda r: (report, None), ["status", "warning_explanation"])
    value_records = records(StatValue, report_id=report.pk)
    walk(value_records, lambda r: (r.indicator_id, r.cell_key),
         lambda r: (grids[r.indicator_id].indicator if r.indicator_id in grids else r.indicator_id,
                    grids[r.indicator_id].label_for_key(r.cell_key) if r.indicator_id in grids else r.cell_key),
         ["value"], read=_figure_of)
    progress_records = records(ActivityProgress, report_id=report.pk)
    walk(progress_records, lambda r: r.activity_id,
         lambda r: (activities.get(r.activity_id, r.activity_id), None), ["status", "narrative", "spent"])
    comment_records = records(ReviewComment, report_id=report.pk)
    walk(comment_records, lambda r: r.id, lambda r: (_("Review comment"), None), ["body", "reply"])
    entries.sort(key=lambda e: e["when"], reverse=True)
    for entry in entries:
        if entry["field"] == "spent":
            entry["before"] = None if entry["before"] is None else format_number(entry["before"])
            entry["after"] = None if entry["after"] is None else format_number(entry["after"])
        elif entry["field"] == "status" and entry["what"] is report:
            entry["before"] = ReportStatus(entry["before"]).label if entry["before"] else None
            entry["after"] = ReportStatus(entry["after"]).label if entry["after"] else None
        elif entry["field"] == "status":
            entry["before"] = ProgressStatus(entry["before"]).label if entry["before"] else None
            entry["after"] = ProgressStatus(entry["after"]).label if entry["after"] else None
    return entries[:limit]


def _figure_of(record, name):
    """A value's history record as shown: '15' or '≥ 15' (so a change of the "at least" flag alone shows too)."""
    return readable_figure(figure(record.value, lower_bound=record.is_lower_bound))
