"""What the strategy services share: their one refusal and the audited save and delete."""


from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from antitrafik.errors import DomainError
from antitrafik.history import save_audited


class StrategyError(DomainError):
    """A refused operation of the plan, indicators or periods; the message is for the user."""

    kind = DomainError.CONFLICT


_save = save_audited


def _assign(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)


def _delete(obj, *, by, what):
    """Delete `obj` unless data refers to it; then explain and suggest archiving."""
    obj._history_user = by
    try:
        with transaction.atomic():
            obj.delete()
    except models.ProtectedError as exc:
        raise StrategyError(
            _("%(what)s cannot be deleted: %(count)s record(s) refer to it. Archive it instead.")
            % {"what": what, "count": len(exc.protected_objects)}
        ) from None
