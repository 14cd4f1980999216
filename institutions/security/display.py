"""How an event's details read on the security log page."""

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..choices import Role


def _field_label(name):
    from ..models import User

    try:
        return str(User._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a field of an older version of the user model: its name will do
        return name


def _change(values, labels=None):
    before, after = (list(values) + ["", ""])[:2]
    labels = labels or {}
    return f"{labels.get(before, before) or '–'} → {labels.get(after, after) or '–'}"


def event_facts(detail):
    """[(label, text)] of an event's `detail`, in the active language."""
    facts = []
    roles = dict(Role.choices)
    for key, value in (detail or {}).items():
        if key == "fields":
            facts.append((_("Fields"), ", ".join(_field_label(name) for name in value)))
        elif key == "role" and isinstance(value, list):
            facts.append((_("Role"), _change(value, roles)))
        elif key == "role":
            facts.append((_("Role"), str(roles.get(value, value))))
        elif key == "institution" and isinstance(value, list):
            facts.append((_("Institution"), _change(value)))
        elif key == "institution" and value:
            facts.append((_("Institution"), value))
        elif key == "format":
            facts.append((_("Format"), str(value).upper()))
        elif key == "method":
            facts.append((_("Request"), value))
        elif key == "failures":
            facts.append((_("Failed attempts"), str(value)))
        elif key == "locked" and value:
            facts.append((_("Refused"), _("while locked")))
        elif key == "account_found":
            facts.append((_("Account found"), _("yes") if value else _("no")))
        elif key == "factor":
            facts.append((_("With"), _("a recovery code") if value == "recovery" else _("the authenticator app")))
        elif key == "page":
            facts.append((_("Page"), _("password reset") if value == "password_reset" else _("password change")))
        elif key == "reason":
            facts.append((_("Reason"), _("idle too long") if value == "idle" else _("too long since sign-in")))
        elif key == "via":
            facts.append((_("Through"), _("the admin") if value == "admin" else value))
        else:
            facts.append((capfirst(key), str(value)))
    return facts
