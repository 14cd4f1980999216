"""Choices of the strategy app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FundingSource(models.TextChoices):
    STATE_BUDGET = "state_budget", _("State budget")
    DONOR = "donor", _("Donor")
    OTHER = "other", _("Other")
    NOT_COSTED = "not_costed", _("Not costed")


class IndicatorUnit(models.TextChoices):
    COUNT = "count", _("Count")
    PERCENT = "percent", _("Percent")
    ALL = "all", _("ALL (lekë)")


class BreakdownLayout(models.TextChoices):
    """How an indicator's breakdowns are entered: one-way tables per dimension, the full cross-table, or either."""

    SEPARATE = "separate", _("Separate one-way tables (one per dimension)")
    CROSS = "cross", _("One cross-table of all dimensions")
    BOTH = "both", _("Either: one-way tables or the cross-table")


class TimeAggregation(models.TextChoices):
    """How an indicator adds up over the quarters of a span."""

    FLOW = "flow", _("Flow: a span is the sum of its quarters")
    STOCK = "stock", _("Stock: a span takes its last quarter with data, never a sum")
    RATE = "rate", _("Rate: a span is the average of its quarters with data")


class InstitutionAggregation(models.TextChoices):
    """How an indicator adds up across the institutions that report it."""

    SUM = "sum", _("Summed: each institution counts different cases")
    AUTHORITATIVE = "authoritative", _("From one authoritative institution; the others are cross-checks")


class RuleKind(models.TextChoices):
    BREAKDOWN_SUM = "breakdown_sum", _("The breakdown adds up to the total")
    LESS_OR_EQUAL = "less_or_equal", _("The total is not more than another indicator's total")
    DEVIATION = "deviation", _("The total does not depart strongly from earlier quarters")
    RELATION = "relation", _("A relation between indicators (or slices of their breakdowns)")


class Comparator(models.TextChoices):
    """How the two sides of a relation rule compare."""

    EQUAL = "eq", "="
    AT_MOST = "le", "≤"
    AT_LEAST = "ge", "≥"

    @classmethod
    def holds(cls, comparator, left, right):
        """Whether `left <comparator> right` is true."""
        if comparator == cls.EQUAL:
            return left == right
        if comparator == cls.AT_MOST:
            return left <= right
        return left >= right


class Severity(models.TextChoices):
    ERROR = "error", _("Error (blocks submission)")
    WARNING = "warning", _("Warning (needs an explanation)")


class PeriodStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    LOCKED = "locked", _("Locked")


# The Committee's Technical Secretariat ---------------------------------------------------------------------

class CommitteeBody(models.TextChoices):
    STATE = "state", _("State Committee against Trafficking")
    REGIONAL = "regional", _("Regional committee (technical table)")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    APPROVED = "approved", _("Minutes approved")


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Superseded")


class DocumentKind(models.TextChoices):
    AGENDA = "agenda", _("Agenda")
    MINUTES = "minutes", _("Minutes")
    PRESENTATION = "presentation", _("Presentation")
    OTHER = "other", _("Other document")


class ItemKind(models.TextChoices):
    DECISION = "decision", _("Decision")
    RECOMMENDATION = "recommendation", _("Recommendation")


class ItemSource(models.TextChoices):
    COMMITTEE = "committee", _("State Committee decision")
    GRETA = "greta", _("GRETA evaluation round")
    US_TIP = "us_tip", _("US Trafficking in Persons report")
    UN_TREATY = "un_treaty", _("UN treaty body")
    EU_REPORT = "eu_report", _("EU annual report")
    UNIT_REPORT = "unit_report", _("The unit's committee report")


class ItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_ITEM_STATUSES = (ItemStatus.OPEN, ItemStatus.IN_PROGRESS)


class ProposalKind(models.TextChoices):
    ADD_ACTIVITY = "add", _("Add an activity")
    CHANGE_ACTIVITY = "change", _("Change an activity's description")
    DROP_ACTIVITY = "drop", _("Drop an activity")
    MOVE_DEADLINE = "deadline", _("Move a deadline")
    CHANGE_LEAD = "lead", _("Change the lead institution")
    CHANGE_INDICATOR = "indicator", _("Change the output indicator")
    CHANGE_TARGET = "target", _("Change the target")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved by the Committee")
    REJECTED = "rejected", _("Rejected")
    DEFERRED = "deferred", _("Deferred")
    APPLIED = "applied", _("Applied to the plan")
