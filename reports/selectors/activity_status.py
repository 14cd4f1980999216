"""An activity's status and whether it is late: one rule, used by every page and by the committee report.

* **Status**: what the activity's *lead* institution said in its latest *accepted* quarterly report,
  as of a quarter (reports of later quarters do not count yet). The lead is the institution that led it
  when it submitted that report (`ActivityProgress.role`), so changing an activity's lead later does not
  rewrite what was accepted; rows whose role is unknown count when their institution leads it now. An
  activity with several leads (`Activity.co_leads`) takes the latest accepted status of any of them.
  Drafts, submitted and returned reports do not count; nor do the partners' reports, whose own latest
  accepted statuses are shown beside the lead's (`partner_statuses`), never mixed in. No accepted report
  of the lead: no status ("").
* **Late**: the deadline (`due_on`) passed before the day the activity is judged on, and its status is
  neither implemented nor not applicable. Archived activities (and those of archived objectives) are
  never late.
* **As of** (`AsOf`): the pages read the status as of today (the reports up to the running quarter,
  late judged today); a committee report reads it as of its span's last quarter, late judged on the
  span's last day, or today while the span is still running (a deadline not reached yet is not late).

`with_status` is the SQL form (correlated subqueries on the progress rows: one for lists, filters and counts,
four for an activity's page, which also says who reported the status and for which quarter; a fixed number of
queries either way).
"""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strategy.models import Activity
from strategy.quarters import quarter_from_sequence, quarter_of

from ..choices import ActivityRole, ProgressStatus, ReportStatus
from ..models import ActivityProgress

# A status that ends an activity: it is not late once it has one of these.
FINAL_STATUSES = (ProgressStatus.IMPLEMENTED, ProgressStatus.NOT_APPLICABLE)
# The filter values beside the statuses: late activities, and those without an accepted status yet.
LATE = "late"
NO_STATUS = "none"


@dataclass(frozen=True)
class AsOf:
    """The moment a status is read at: accepted reports up to `year`/`quarter`, late judged on `day`."""

    year: int
    quarter: int
    day: datetime.date

    @classmethod
    def on(cls, day=None):
        """As of a day (default today): the reports up to the quarter that contains it."""
        day = day or timezone.localdate()
        return cls(*quarter_of(day), day)

    @classmethod
    def end_of(cls, period, today=None):
        """As of the end of a reporting period (the last one of a span), but never later than today."""
        today = today or timezone.localdate()
        return cls(period.year, period.quarter, min(period.ends_on, today))

    @classmethod
    def before(cls, period):
        """Just before a reporting period: the reports up to the quarter before it, late judged on its eve."""
        year, quarter = quarter_from_sequence(period.sequence - 1)
        return cls(year, quarter, period.starts_on - datetime.timedelta(days=1))

    def periods_q(self, prefix=""):
        """The condition 'the report's period is not after this quarter' on a lookup to a ReportingPeriod."""
        return Q(**{f"{prefix}year__lt": self.year}) | Q(**{f"{prefix}year": self.year,
                                                           f"{prefix}quarter__lte": self.quarter})


def accepted_progress(as_of):
    """The progress rows with a status in accepted reports up to `as_of`'s quarter, the latest first."""
    return (
        ActivityProgress.objects.filter(as_of.periods_q("report__period__"), report__status=ReportStatus.ACCEPTED)
        .exclude(status="")
        .order_by("-report__period__year", "-report__period__quarter")
    )


def _lead_latest(as_of, field):
    # A row without a role counts when its institution leads the activity now (coordinating or not).
    co_lead = Activity.co_leads.through.objects.filter(activity=OuterRef("activity"),
                                                       institution=OuterRef("report__institution"))
    as_lead = Q(role=ActivityRole.LEAD) | Q(role="") & (
        Q(report__institution=OuterRef("lead_institution")) | Q(Exists(co_lead)))
    rows = accepted_progress(as_of).filter(as_lead, activity=OuterRef("pk"))
    return Subquery(rows.values(field)[:1])


def late_q(as_of, *, archived_too=False):
    """The condition 'late as of `as_of`' on activities annotated with their `lead_status` (see with_status).
    Archived activities are never late, unless `archived_too` (what a report held is judged as it was)."""
    late = Q(due_on__lt=as_of.day) & ~Q(lead_status__in=FINAL_STATUSES)
    return late if archived_too else late & Q(is_archived=False, objective__is_archived=False)


def status_label(status):
    """The label of a status value ('' for none)."""
    return ProgressStatus(status).label if status else ""


def with_status(queryset, *, as_of=None, archived_too=False, reported_quarter=True):
    """Activities annotated with the one status rule (see the module's docstring):

    `lead_status` (a ProgressStatus value, '' when the lead has no accepted report saying one),
    `lead_status_year` / `lead_status_quarter` (the quarter it was reported for, None when none) and
    `lead_status_institution_id` (the lead that reported it: with several leads, any of them; left out when not
    `reported_quarter`: three correlated subqueries that lists and counts do not need),
    and `is_late` (archived activities too when `archived_too`: see late_q).
    """
    as_of = as_of or AsOf.on()
    queryset = queryset.annotate(lead_status=Coalesce(_lead_latest(as_of, "status"), Value("")))
    if reported_quarter:
        queryset = queryset.annotate(
            lead_status_year=_lead_latest(as_of, "report__period__year"),
            lead_status_quarter=_lead_latest(as_of, "report__period__quarter"),
            lead_status_institution_id=_lead_latest(as_of, "report__institution_id"),
        )
    return queryset.annotate(
        is_late=Case(When(late_q(as_of, archived_too=archived_too), then=Value(True)), default=Value(False),
                     output_field=BooleanField())
    )


def filter_by_status(queryset, value):
    """Activities annotated by `with_status` whose status is `value`: a ProgressStatus, 'none' (no accepted status
    yet) or 'late'."""
    if value == LATE:
        return queryset.filter(is_late=True)
    return queryset.filter(lead_status="" if value == NO_STATUS else value)


def status_choices():
    """The values `filter_by_status` takes, with their labels, for filters."""
    return [*ProgressStatus.choices, (NO_STATUS, _("No accepted status yet")), (LATE, _("Late"))]


def partner_statuses(activity, *, as_of=None):
    """The partners' own latest accepted statuses: [{institution, status, label, year, quarter}] (one query)."""
    as_of = as_of or AsOf.on()
    partner_ids = [p.pk for p in activity.partners.all()]
    latest = {}
    rows = (
        accepted_progress(as_of).filter(activity=activity, report__institution_id__in=partner_ids)
        .values_list("report__institution_id", "status", "report__period__year", "report__period__quarter")
    )
    for institution_id, status, year, quarter in rows:
        latest.setdefault(institution_id, (status, year, quarter))  # rows come latest first
    result = []
    for partner in activity.partners.all():
        status, year, quarter = latest.get(partner.pk, ("", None, None))
        result.append({"institution": partner, "status": status,
                       "label": status_label(status), "year": year, "quarter": quarter})
    return result


def done_activities(institution, period):
    """{activity id: (year, quarter)} of the activities `institution` reported implemented in its latest
    accepted report before `period`: done for it, so its report for `period` does not ask about them again
    (unless it reopens them). One query."""
    before = AsOf.before(period)
    own = accepted_progress(before).filter(report__institution=institution)
    later = own.filter(activity=OuterRef("activity")).filter(
        Q(report__period__year__gt=OuterRef("report__period__year"))
        | Q(report__period__year=OuterRef("report__period__year"),
            report__period__quarter__gt=OuterRef("report__period__quarter"))
    )
    rows = (
        own.filter(status=ProgressStatus.IMPLEMENTED).exclude(Exists(later))
        .values_list("activity_id", "report__period__year", "report__period__quarter")
    )
    return {activity_id: (year, quarter) for activity_id, year, quarter in rows}
