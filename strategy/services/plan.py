"""Writes of the plan tree: strategies, plans, pillars, objectives and activities."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from institutions.models import Institution

from ..choices import (
    FundingSource,
)
from ..models import (
    ActionPlan,
    Activity,
    Objective,
    Pillar,
    Strategy,
)
from .common import _assign, _delete, _save


@transaction.atomic
def strategy_create(*, by, title: str, start_year: int, end_year: int) -> Strategy:
    return _save(Strategy(title=title, start_year=start_year, end_year=end_year), by=by)


@transaction.atomic
def plan_create(*, by, strategy: Strategy, title: str, start_year: int, end_year: int, decision: str = "") -> ActionPlan:
    plan = ActionPlan(strategy=strategy, title=title, start_year=start_year, end_year=end_year, decision=decision)
    return _save(plan, by=by)


@transaction.atomic
def plan_update(*, plan: ActionPlan, by, strategy: Strategy, title: str, start_year: int, end_year: int,
                decision: str = "") -> ActionPlan:
    _assign(plan, strategy=strategy, title=title, start_year=start_year, end_year=end_year, decision=decision)
    return _save(plan, by=by)


@transaction.atomic
def pillar_create(*, plan: ActionPlan, by, code: str, title: str, title_en: str = "", order: int = 0,
                  is_archived: bool = False) -> Pillar:
    pillar = Pillar(plan=plan, code=code, title=title, title_en=title_en, order=order, is_archived=is_archived)
    return _save(pillar, by=by)


@transaction.atomic
def pillar_update(*, pillar: Pillar, by, code: str, title: str, title_en: str = "", order: int = 0,
                  is_archived: bool = False) -> Pillar:
    _assign(pillar, code=code, title=title, title_en=title_en, order=order, is_archived=is_archived)
    return _save(pillar, by=by)


@transaction.atomic
def objective_create(*, pillar: Pillar, by, code: str, title: str, title_en: str = "",
                     is_archived: bool = False) -> Objective:
    objective = Objective(pillar=pillar, plan_id=pillar.plan_id, code=code, title=title, title_en=title_en,
                          is_archived=is_archived)
    return _save(objective, by=by)


@transaction.atomic
def objective_update(*, objective: Objective, by, pillar: Pillar, code: str, title: str, title_en: str = "",
                     is_archived: bool = False) -> Objective:
    _assign(objective, pillar=pillar, code=code, title=title, title_en=title_en, is_archived=is_archived)
    if objective.pillar.plan_id != objective.plan_id:
        raise ValidationError({"pillar": _("The pillar belongs to another plan.")})
    return _save(objective, by=by)


def _check_objective(activity):
    if activity.objective.plan_id != activity.plan_id:
        raise ValidationError({"objective": _("The objective belongs to another plan.")})


@dataclass(frozen=True, kw_only=True)
class ActivityValues:
    """What a user gives for an activity: its place in the plan, what it is, who does it, by when, for how much."""

    objective: Objective
    code: str
    description: str
    lead_institution: Institution
    description_en: str = ""
    co_leads: Sequence[Institution] = ()
    partners: Sequence[Institution] = ()
    deadline_date: datetime.date | None = None
    deadline_month: int | None = None
    deadline_quarter: int | None = None
    deadline_year: int | None = None
    deadline_start_year: int | None = None
    deadline_start_quarter: int | None = None
    deadline_ongoing: bool = False
    output_indicator: str = ""
    target: str = ""
    estimated_cost: Decimal | None = None
    funding_source: str = FundingSource.NOT_COSTED
    resources: str = ""
    is_archived: bool = False

    def fields(self):
        """The activity's own fields (everything but the co-leads and partners)."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__ if name not in LINKS}

    def links(self):
        """The other leads and the partners, without the coordinating lead (and partners without the leads)."""
        co_leads = [i for i in self.co_leads if i.pk != self.lead_institution.pk]
        leads = {self.lead_institution.pk, *(i.pk for i in co_leads)}
        return co_leads, [i for i in self.partners if i.pk not in leads]


LINKS = ("co_leads", "partners")


@transaction.atomic
def activity_create(*, by, values: ActivityValues, reason: str = "") -> Activity:
    """A new activity; `reason` (e.g. the Committee's decision) is written in its history."""
    activity = Activity(plan_id=values.objective.plan_id, **values.fields())
    _save(activity, by=by, reason=reason)
    co_leads, partners = values.links()
    if co_leads:
        activity.co_leads.set(co_leads)
    if partners:
        activity.partners.set(partners)
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, by, values: ActivityValues, reason: str = "") -> Activity:
    """Change an activity; `reason` (e.g. the Committee's decision) is written in its history."""
    _assign(activity, **values.fields())
    _check_objective(activity)
    _save(activity, by=by, reason=reason)
    activity._history_user = by
    co_leads, partners = values.links()
    activity.co_leads.set(co_leads)
    activity.partners.set(partners)
    return activity


@transaction.atomic
def item_set_archived(*, item, archived: bool, by, reason: str = ""):
    """Archive (or bring back) a pillar, objective, activity or dimension option."""
    item.is_archived = archived
    return _save(item, by=by, reason=reason)


def pillar_delete(*, pillar: Pillar, by):
    _delete(pillar, by=by, what=_("The pillar"))


def objective_delete(*, objective: Objective, by):
    _delete(objective, by=by, what=_("The objective"))


def activity_delete(*, activity: Activity, by):
    _delete(activity, by=by, what=_("The activity"))
