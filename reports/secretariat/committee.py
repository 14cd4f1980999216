"""The committee report's section on the implementation of the Committee's decisions and recommendations.

Computed with the rest of the figures (and frozen with them): every item as it stands when the report is compiled,
counted by source and status in SQL, and the items still open at compiling, overdue first, each with the latest account
its institutions gave in an accepted report up to the span's last quarter. Four queries."""

from django.db.models import Count, F

from strategy.choices import OPEN_ITEM_STATUSES, ItemSource, ItemStatus
from strategy.models import TrackedItem
from strategy.quarters import quarter_label, quarter_sequence

from ..choices import FollowUpStatus, ReportStatus
from ..models import ItemFollowUp


def secretariat_section(periods, today):
    """A JSON-ready dict: counts [{source, label, open, in_progress, done, dropped, overdue}], items (open ones)."""
    items = TrackedItem.objects.all()
    counts = {}
    for row in items.values("source", "status").annotate(n=Count("pk")):
        counts.setdefault(row["source"], dict.fromkeys(ItemStatus.values, 0))[row["status"]] = row["n"]
    overdue = dict(items.filter(status__in=OPEN_ITEM_STATUSES, deadline__lt=today).values_list("source").annotate(
        n=Count("pk")).values_list("source", "n"))
    by_source = [
        {"source": source, "label": str(label), **counts[source], "overdue": overdue.get(source, 0)}
        for source, label in ItemSource.choices if source in counts
    ]
    open_items = items.filter(status__in=OPEN_ITEM_STATUSES)
    accounts = _accounts(open_items.values("pk"), periods[-1])
    open_items = list(open_items.overdue_first(today).select_related("lead_institution"))
    return {
        "counts": by_source,
        "totals": {status: sum(row[status] for row in by_source) for status in [*ItemStatus.values, "overdue"]},
        "items": [{
            "code": item.code, "text": item.text, "source": str(item.get_source_display()),
            "reference": item.reference, "lead": item.lead_institution.code,
            "deadline": item.deadline.strftime("%d.%m.%Y") if item.deadline else "",
            "status": str(item.get_status_display()),
            "overdue": bool(item.deadline and item.deadline < today),
            "account": accounts.get(item.pk),
        } for item in open_items],
    }


def _accounts(item_ids, last_period):
    """`item_ids`: a queryset of ids (a subquery: one query whatever the number of items)."""
    # {item id: the latest accepted account up to `last_period`: quarter, institution, status, text}.
    rows = (ItemFollowUp.objects.filter(item_id__in=item_ids, report__status=ReportStatus.ACCEPTED)
            .exclude(status="")
            .annotate(seq=quarter_sequence(F("report__period__year"), F("report__period__quarter")))
            .filter(seq__lte=last_period.sequence)
            .values("item_id", "status", "account", "report__period__year", "report__period__quarter",
                    "report__institution__code")
            .order_by("item_id", "-seq", "report__institution__code"))
    accounts = {}
    for row in rows:
        accounts.setdefault(row["item_id"], {
            "quarter": quarter_label(row["report__period__year"], row["report__period__quarter"]),
            "institution": row["report__institution__code"],
            "status": str(FollowUpStatus(row["status"]).label),
            "text": row["account"],
        })
    return accounts
