"""Applying a previewed plan import: all or nothing, one import per plan at a time, audited."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from antitrafik.history import save_audited

from ..models import Activity, Objective, Pillar, natural_sort_key
from .preview import ACTIVITY_FIELDS, PlanImportError, build_preview


def import_apply(*, plan, header, rows, by, expected=None):
    """Validate again and apply the whole file in one transaction; nothing is saved if anything is wrong.

    Imports into one plan run one at a time (the plan's row is locked). `expected` is the fingerprint of the
    preview the user confirmed: when the plan has changed since (the same file applied by a second click or
    by someone else), nothing is imported and the user is told.
    """
    try:
        with transaction.atomic():
            type(plan).objects.select_for_update().filter(pk=plan.pk).first()
            return _apply(plan, header, rows, by, expected)
    except IntegrityError:
        # A plan edit outside the import (an activity created by hand) committed a code the import also adds.
        raise PlanImportError(_("The plan changed while the file was being imported: nothing was imported. "
                                "Check the new preview and import again.")) from None


def _apply(plan, header, rows, by, expected):
    preview = build_preview(plan, header, rows)
    if not preview.ok:
        raise PlanImportError(_("The file has problems: nothing was imported."))
    if expected is not None and expected != preview.fingerprint:
        raise PlanImportError(_("The plan changed since this preview was shown (the file may just have been "
                                "imported, by you or someone else): nothing was imported. Check the preview "
                                "below."))
    reason = str(_("Imported from a spreadsheet"))
    pillars = {p.code: p for p in Pillar.objects.filter(plan=plan)}
    for code, data in preview.changed_pillars.items():
        pillar = pillars[code]
        pillar.title, pillar.title_en = data["title"], data["title_en"]
        save_audited(pillar, by=by, reason=reason)
    next_order = max([p.order for p in pillars.values()], default=0)
    for code, data in sorted(preview.new_pillars.items(), key=lambda item: natural_sort_key(item[0])):
        next_order += 1
        pillars[code] = save_audited(Pillar(plan=plan, code=code, order=next_order, **data), by=by, reason=reason)

    objectives = {o.code: o for o in Objective.objects.filter(plan=plan)}
    changed = []
    for code, data in preview.changed_objectives.items():
        objectives[code].title, objectives[code].title_en = data["title"], data["title_en"]
        changed.append(objectives[code])
    if changed:
        bulk_update_with_history(changed, Objective, ["title", "title_en"], default_user=by,
                                 default_change_reason=reason)
    new_objectives = [
        Objective(plan=plan, pillar=pillars[data["pillar"]], code=code, title=data["title"],
                  title_en=data["title_en"], sort_key=natural_sort_key(code))
        for code, data in preview.new_objectives.items()
    ]
    for objective in new_objectives:
        objective.full_clean(exclude=["plan", "pillar"], validate_unique=False, validate_constraints=False)
    if new_objectives:
        bulk_create_with_history(new_objectives, Objective, default_user=by, default_change_reason=reason)
        objectives = {o.code: o for o in Objective.objects.filter(plan=plan)}

    when = timezone.now()
    created = []
    for row in preview.to_create:
        activity = Activity(plan=plan, objective=objectives[row.objective_code], code=row.code, **row.values)
        created.append(_prepare(activity))
    if created:
        bulk_create_with_history(created, Activity, default_user=by, default_change_reason=reason,
                                 default_date=when)
        ids = dict(Activity.objects.filter(plan=plan, code__in=[a.code for a in created]).values_list("code", "pk"))
        for activity in created:
            activity.pk = ids[activity.code]
    updated = []
    for row in preview.to_update:
        activity = row.activity
        activity.objective = objectives[row.objective_code]
        for name, value in row.values.items():
            setattr(activity, name, value)
        updated.append(_prepare(activity))
    if updated:
        bulk_update_with_history(updated, Activity, ACTIVITY_FIELDS + ["sort_key", "due_on"], default_user=by,
                                 default_change_reason=reason, default_date=when)
    rows = preview.to_create + preview.to_update
    _set_links(Activity.co_leads, {a.pk: row.co_lead_ids for row, a in zip(rows, created + updated, strict=True)},
               when)
    _set_links(Activity.partners, {a.pk: row.partner_ids for row, a in zip(rows, created + updated, strict=True)},
               when)
    return preview


def _prepare(activity):
    """What Activity.save() would compute, for bulk writes; and the field checks without per-row queries."""
    activity.sort_key = natural_sort_key(activity.code)
    activity.due_on = activity.compute_due_on()
    try:
        activity.full_clean(exclude=["plan", "objective", "lead_institution"], validate_unique=False,
                            validate_constraints=False)
    except ValidationError as exc:
        raise PlanImportError(_("Activity %(code)s: %(errors)s") % {"code": activity.code, "errors": exc}) from None
    return activity


def _set_links(descriptor, wanted, when):
    """Write the co-lead or partner links (`descriptor`: Activity.co_leads or Activity.partners) of the imported
    activities ({activity id: institution ids}), and their state in the history just recorded."""
    through = descriptor.through
    ids = list(wanted)
    if not ids:
        return
    through.objects.filter(activity_id__in=ids).delete()
    links = through.objects.bulk_create(
        [through(activity_id=pk, institution_id=inst) for pk, partners in wanted.items() for inst in sorted(partners)],
        batch_size=1000,
    )
    links_of = {}
    for link in links:
        links_of.setdefault(link.activity_id, []).append(link)
    history_model = Activity.history.model
    partner_history = getattr(history_model, descriptor.field.name).model
    records = history_model.objects.filter(id__in=ids, history_date=when).values_list("history_id", "id")
    partner_history.objects.bulk_create(
        [partner_history(id=link.pk, history_id=history_id, activity_id=pk, institution_id=link.institution_id)
         for history_id, pk in records for link in links_of.get(pk, ())],
        batch_size=1000,
    )
