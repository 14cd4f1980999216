"""Policy for the Committee's Technical Secretariat: meetings, minutes, documents, tracked items, proposals.

The unit (director, coordinators) records and changes everything; committee members read meetings, approved
minutes, the documents not restricted to the unit, items and proposals; a reporter reads only the items its
institution leads or is a partner in, and nothing of the meetings.
"""

from django.db.models import Q

from .roles import UNIT, Role, has_role, role_rule

READERS = (*UNIT, Role.COMMITTEE)

RULES = {
    "secretariat.meetings": role_rule(*READERS),
    "secretariat.items": role_rule(*READERS, Role.REPORTER),
    "secretariat.proposals": role_rule(*READERS),
    # Downloads: asked of everyone signed in, the scope decides (a reporter sees no document: 404).
    "secretariat.document": role_rule(*READERS, Role.REPORTER),
    "secretariat.manage": role_rule(*UNIT),
    "secretariat.download_log": role_rule(Role.DIRECTOR),
}


def scope_meetings(queryset, user):
    if has_role(user, *READERS):
        return queryset
    return queryset.none()


def scope_minutes(queryset, user):
    """The unit sees every version; committee members the approved (and superseded) ones."""
    if has_role(user, *UNIT):
        return queryset
    if has_role(user, Role.COMMITTEE):
        return queryset.exclude(status="draft")
    return queryset.none()


def scope_documents(queryset, user):
    """The unit every document; committee members those not restricted to the unit; reporters none."""
    if has_role(user, *UNIT):
        return queryset
    if has_role(user, Role.COMMITTEE):
        return queryset.filter(restricted=False)
    return queryset.none()


def scope_items(queryset, user):
    """The unit and committee members every item; a reporter those its institution leads or is a partner in."""
    if has_role(user, *READERS):
        return queryset
    if has_role(user, Role.REPORTER) and user.institution_id:
        partner_of = queryset.model.partners.through.objects.filter(institution_id=user.institution_id)
        return queryset.filter(Q(lead_institution_id=user.institution_id)
                               | Q(pk__in=partner_of.values("trackeditem_id")))
    return queryset.none()


def scope_proposals(queryset, user):
    return scope_meetings(queryset, user)
