"""Writes of the institutions app: institutions and users. Each call is one audited transaction."""


from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antitrafik.errors import DomainError
from antitrafik.history import save_audited
from antitrafik.tasks import enqueue

from .choices import Role
from .choices import SecurityEventKind as Event
from .models import Institution, InstitutionAlias, User
from .security import security_event_record
from .selectors import institution_references
from .tasks import send_password_link


class InstitutionInUse(DomainError):
    """The institution cannot be deleted: users or data refer to it (`references`: [(label, count)])."""

    kind = DomainError.CONFLICT

    def __init__(self, references):
        self.references = references
        super().__init__(_("This institution cannot be deleted: records refer to it, and deleting it would lose them."))


_save = save_audited


# Institutions


@transaction.atomic
def institution_create(*, by: User, code: str, name: str, kind: str, name_en: str = "", region: str = "",
                       email: str = "", coordinator: User | None = None,
                       aliases: Sequence[str] | None = None) -> Institution:
    """Create an institution, with the other names it is known by (`aliases`)."""
    institution = Institution(code=code, name=name, name_en=name_en, kind=kind, region=region, email=email,
                              coordinator=coordinator)
    _save(institution, by=by)
    if aliases:
        institution_set_aliases(institution=institution, by=by, aliases=aliases)
    return institution


@transaction.atomic
def institution_update(*, institution: Institution, by: User, code: str, name: str, kind: str, name_en: str = "",
                       region: str = "", email: str = "", coordinator: User | None = None,
                       aliases: Sequence[str] | None = None) -> Institution:
    """Change the fields of `institution`, and its other names when `aliases` is given."""
    institution.code, institution.name, institution.name_en = code, name, name_en
    institution.kind, institution.region, institution.email = kind, region, email
    institution.coordinator = coordinator
    _save(institution, by=by)
    if aliases is not None:
        institution_set_aliases(institution=institution, by=by, aliases=aliases)
    return institution


@transaction.atomic
def institution_set_aliases(*, institution: Institution, by: User, aliases: Sequence[str]) -> list[InstitutionAlias]:
    """Make `aliases` the other names of `institution` (former names, abbreviations): those no longer given are
    deleted, new ones added, a change of case saved; each change is recorded in the aliases' history."""
    wanted = {}
    for alias in aliases:
        name = " ".join(alias.split())
        if name:
            wanted.setdefault(name.casefold(), name)
    kept = []
    for alias in institution.aliases.all():
        name = wanted.pop(alias.name.casefold(), None)
        if name is None:
            alias._history_user = by
            alias.delete()
            continue
        if name != alias.name:
            alias.name = name
            _save(alias, by=by)
        kept.append(alias)
    kept += [_save(InstitutionAlias(institution=institution, name=name), by=by) for name in wanted.values()]
    return kept


@transaction.atomic
def institution_deactivate(*, institution: Institution, by: User) -> Institution:
    """Mark the institution inactive: it stops reporting, its data stays."""
    institution.is_active = False
    return _save(institution, by=by)


@transaction.atomic
def institution_reactivate(*, institution: Institution, by: User) -> Institution:
    """Mark the institution active again."""
    institution.is_active = True
    return _save(institution, by=by)


def institution_check_deletable(*, institution: Institution) -> None:
    """Raise InstitutionInUse when records refer to `institution` (the delete page asks before it offers to)."""
    references = institution_references(institution)
    if references:
        raise InstitutionInUse(references)


@transaction.atomic
def institution_delete(*, institution: Institution, by: User) -> None:
    """Delete an institution nothing refers to; raise InstitutionInUse otherwise."""
    institution_check_deletable(institution=institution)
    institution._history_user = by
    try:
        institution.delete()
    except ProtectedError as error:
        raise InstitutionInUse([(str(_("other records")), len(error.protected_objects))]) from error


# Users


def _check_role_change(user: User, by: User, new_role: str) -> None:
    """Refuse role changes that would leave the data inconsistent (compares with the stored role)."""
    stored_role = User.objects.filter(pk=user.pk).values_list("role", flat=True).first()
    if stored_role is None or stored_role == new_role:
        return
    if user.pk == by.pk:
        raise DomainError(_("You cannot change your own role."), field="role")
    if stored_role == Role.COORDINATOR and Institution.objects.filter(coordinator=user).exists():
        raise DomainError(_("This coordinator still has institutions in their portfolio: "
                            "give them to another coordinator first."), field="role")


@transaction.atomic
def user_create(*, by: User, username: str, email: str, role: str, first_name: str = "", last_name: str = "",
                institution: Institution | None = None, language: str = "", phone: str = "",
                send_welcome: bool = True) -> User:
    """Create a user without a password; they choose it from the link in the welcome e-mail."""
    user = User(username=username, first_name=first_name, last_name=last_name, email=email, role=role,
                institution=institution if role == Role.REPORTER else None, phone=phone)
    if language:
        user.language = language
    user.set_unusable_password()
    _save(user, by=by)
    security_event_record(kind=Event.USER_CREATED, user=by, target_user=user,
                          detail={"role": role, "institution": user.institution.code if user.institution else ""})
    if send_welcome:
        enqueue(send_password_link, user.pk, True)
    return user


@transaction.atomic
def user_update(*, user: User, by: User, username: str, email: str, role: str, first_name: str = "",
                last_name: str = "", institution: Institution | None = None, language: str = "",
                phone: str = "") -> User:
    """Change the profile, role or institution of `user`."""
    _check_role_change(user, by, role)
    before = User.objects.filter(pk=user.pk).values(*_LOGGED_FIELDS).first() or {}
    user.username, user.first_name, user.last_name, user.email = username, first_name, last_name, email
    user.role, user.phone = role, phone
    user.institution = institution if role == Role.REPORTER else None
    if language:
        user.language = language
    _save(user, by=by)
    _record_user_change(user, by, before)
    return user


# The fields of a user whose changes the security log names (the names, never the values, except role and
# institution, which it shows before → after).
_LOGGED_FIELDS = ("username", "first_name", "last_name", "email", "role", "institution", "language", "phone")


def _record_user_change(user: User, by: User, before: dict) -> None:
    changed = [name for name in _LOGGED_FIELDS if before.get(name) != getattr(user, name if name != "institution"
                                                                                 else "institution_id")]
    if not changed:
        return
    detail = {"fields": changed}
    kind = Event.USER_CHANGED
    if "role" in changed or "institution" in changed:
        kind = Event.ROLE_CHANGED
        codes = dict(Institution.objects.filter(pk__in=[before.get("institution"), user.institution_id])
                     .values_list("pk", "code"))
        detail["role"] = [before.get("role", ""), user.role]
        detail["institution"] = [codes.get(before.get("institution"), ""), codes.get(user.institution_id, "")]
    security_event_record(kind=kind, user=by, target_user=user, detail=detail)


@transaction.atomic
def user_deactivate(*, user: User, by: User) -> User:
    """Stop `user` from signing in, and end the sessions they have open."""
    if user.pk == by.pk:
        raise DomainError(_("You cannot deactivate your own account."))
    user.is_active = False
    _save(user, by=by)
    end_sessions(user)
    security_event_record(kind=Event.USER_DEACTIVATED, user=by, target_user=user)
    return user


@transaction.atomic
def user_reactivate(*, user: User, by: User) -> User:
    """Let `user` sign in again."""
    user.is_active = True
    _save(user, by=by)
    security_event_record(kind=Event.USER_REACTIVATED, user=by, target_user=user)
    return user


def user_send_link(*, user: User, by: User) -> None:
    """E-mail `user` a new link to choose their password (e.g. their welcome link expired)."""
    if not user.is_active:
        raise DomainError(_("This user is deactivated: reactivate them first."), kind=DomainError.CONFLICT)
    if not user.email:
        raise DomainError(_("This user has no e-mail address."))
    send_password_link.enqueue(user.pk, not user.has_usable_password())
    security_event_record(kind=Event.PASSWORD_LINK_SENT, user=by, target_user=user)


def end_sessions(user: User, *, keep: str = "") -> None:
    """Delete the database sessions of `user` (the sessions of the default backend), but the one keyed `keep`."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return
    from django.contrib.sessions.models import Session

    user_id = str(user.pk)
    doomed = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == user_id and session.pk != keep
    ]
    Session.objects.filter(pk__in=doomed).delete()
