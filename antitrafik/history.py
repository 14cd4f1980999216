"""Readable history of an object, from django-simple-history records, for the in-app history pages."""

from django.utils.translation import gettext_lazy as _

KIND = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def history_entries(obj, limit=200):
    """Newest first: dicts with when, who, kind and changes [(field label, old, new)]."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = record.instance._meta.get_field(change.field)
                changes.append((field.verbose_name, _display(record, field, change.old), _display(record, field, change.new)))
        entries.append({
            "when": record.history_date,
            "who": record.history_user,
            "kind": KIND.get(record.history_type, record.history_type),
            "changes": changes,
            "reason": record.history_change_reason or "",
        })
    return entries


def _display(record, field, value):
    if getattr(field, "choices", None):
        return dict(field.flatchoices).get(value, value)
    if field.is_relation and value is not None and not field.many_to_many:
        try:
            return str(field.related_model._default_manager.get(pk=value))
        except field.related_model.DoesNotExist:
            return value
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def save_audited(obj, *, by, reason=""):
    """Validate and save `obj`, recording `by` (and `reason`) in its history. The services' one way to save."""
    obj.full_clean()
    obj._history_user = by
    if reason:
        obj._change_reason = str(reason)
    obj.save()
    return obj
