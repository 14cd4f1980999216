"""Policy for the summary reports to the State Committee."""

from .roles import Role, has_role, role_rule

RULES = {
    "committee.list": role_rule(Role.DIRECTOR, Role.COORDINATOR, Role.COMMITTEE),
    "committee.view": role_rule(Role.DIRECTOR, Role.COORDINATOR, Role.COMMITTEE),
    "committee.draft": role_rule(Role.DIRECTOR, Role.COORDINATOR),
    "committee.finalise": role_rule(Role.DIRECTOR),
    # Downloads (PDF, XLSX, CSV) of the reports a user may see; the log of downloads is the director's.
    "committee.download": role_rule(Role.DIRECTOR, Role.COORDINATOR, Role.COMMITTEE),
    "committee.download_log": role_rule(Role.DIRECTOR),
}


def scope_committee_reports(queryset, user):
    """The unit sees all; committee members only finalised (and superseded) reports; reporters none.

    Which reports are finalised is the queryset's to say (`published()`), so the policy needs no model.
    """
    if has_role(user, Role.DIRECTOR, Role.COORDINATOR):
        return queryset
    if has_role(user, Role.COMMITTEE):
        return queryset.published()
    return queryset.none()
