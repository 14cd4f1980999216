"""Reads of the strategy app that need shaping: the plan tree with its figures, lists and pages."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum
from django.utils import timezone

from . import hooks
from .choices import ItemSource
from .models import ActionPlan, Activity, Indicator, IndicatorDimension, Objective, Pillar, TrackedItem, led_by_q


def current_plan(user, today=None):
    """The plan running today, else the most recent one (None when there is no plan)."""
    today = today or timezone.localdate()
    plans = ActionPlan.objects.for_user(user)
    return (
        plans.filter(start_year__lte=today.year, end_year__gte=today.year).order_by("-start_year", "pk").first()
        or plans.order_by("-end_year", "-start_year", "pk").first()
    )


@dataclass
class Figures:
    """How many activities, how many late (the one rule of reports.selectors.activity_status) and the money planned."""

    activities: int = 0
    late: int = 0
    cost: Decimal = Decimal("0")


@dataclass
class ObjectiveNode:
    objective: Objective
    figures: Figures


@dataclass
class PillarNode:
    pillar: Pillar
    figures: Figures
    objectives: list = field(default_factory=list)


def _figures(queryset, group_by, today):
    """{group value: Figures} for the (not archived) activities of `queryset`, computed in SQL."""
    rows = (
        hooks.with_activity_status(queryset.filter(is_archived=False), today=today, reported_quarter=False)
        .values(group_by)
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(is_late=True)), cost=Sum("estimated_cost"))
        .order_by()
    )
    return {row[group_by]: Figures(row["n"], row["late"], row["cost"] or Decimal("0")) for row in rows}


def plan_tree(plan, today=None):
    """The plan's pillars → objectives with their figures, plus the plan's totals. A fixed number of queries."""
    today = today or timezone.localdate()
    activities = Activity.objects.filter(plan=plan)
    by_objective = _figures(activities, "objective_id", today)
    by_pillar = _figures(activities, "objective__pillar_id", today)
    total = _figures(activities, "plan_id", today).get(plan.pk, Figures())
    nodes = {}
    for pillar in Pillar.objects.filter(plan=plan).order_by("order", "sort_key"):
        nodes[pillar.pk] = PillarNode(pillar, by_pillar.get(pillar.pk, Figures()))
    for objective in Objective.objects.filter(plan=plan).order_by("sort_key"):
        nodes[objective.pillar_id].objectives.append(
            ObjectiveNode(objective, by_objective.get(objective.pk, Figures()))
        )
    return list(nodes.values()), total


def activity_list_queryset(user, today=None, *, reported_quarter=True):
    """Activities with what a list row shows: their status and whether they are late, computed in SQL (and the
    quarter the status was reported for, which an activity's page shows, unless not `reported_quarter`)."""
    queryset = (
        Activity.objects.for_user(user)
        .select_related("plan", "objective", "objective__pillar", "lead_institution")
        .prefetch_related("co_leads", "partners")
    )
    return hooks.with_activity_status(queryset, today=today, reported_quarter=reported_quarter)


def activities_of_institution(user, institution, today=None):
    """The activities an institution leads (coordinating or not) or is a partner in (without duplicates)."""
    partner = Activity.partners.through.objects.filter(activity=OuterRef("pk"), institution=institution)
    return activity_list_queryset(user, today, reported_quarter=False).filter(led_by_q(institution) | Q(Exists(partner)))


def activity_reports(activity, user):
    """What was reported on the activity, for its page: the partners' statuses and the progress rows this
    user may see (provided by reports; None without it)."""
    return hooks.activity_reports(activity, user)


def indicator_list_queryset(user):
    return (
        Indicator.objects.for_user(user)
        .select_related("pillar")
        .prefetch_related(Prefetch("indicator_dimensions",
                                   queryset=IndicatorDimension.objects.select_related("dimension")))
        .annotate(rule_count=Count("rules", distinct=True))
    )


# The Committee's secretariat -------------------------------------------------------------------------------

ITEM_GROUPS = ("deadline", "institution", "source")


def items_overview(user, *, group="deadline", show_closed=False, today=None):
    """The items this user may see, overdue first then by deadline, grouped by `group` (deadline: one group; or by
    lead institution, or by source); each item with its latest accepted account (reports, through hooks).

    Returns [(group label, [item, …])] in a fixed number of queries whatever the number of items."""
    today = today or timezone.localdate()
    items = TrackedItem.objects.for_user(user).with_relations().prefetch_related("partners")
    if not show_closed:
        items = items.open()
    items = list(items.overdue_first(today))
    accounts = hooks.item_accounts([item.pk for item in items])
    for item in items:
        item.overdue = item.is_overdue(today)
        item.account = accounts.get(item.pk)
    if group == "institution":
        keyed = sorted(items, key=lambda i: i.lead_institution.code)
        key, label = (lambda i: i.lead_institution_id), (lambda i: str(i.lead_institution))
    elif group == "source":
        order = [value for value, _label in ItemSource.choices]
        keyed = sorted(items, key=lambda i: order.index(i.source))
        key, label = (lambda i: i.source), (lambda i: i.get_source_display())
    else:
        return [("", items)] if items else []
    groups = []
    for item in keyed:  # sorted() is stable: overdue first inside each group
        if not groups or groups[-1][2] != key(item):
            groups.append((label(item), [], key(item)))
        groups[-1][1].append(item)
    return [(name, rows) for name, rows, _key in groups]
