"""What the Committee decides and others recommend, tracked until done; and proposals to change the plan."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import OPEN_ITEM_STATUSES, ItemKind, ItemSource, ItemStatus, ProposalKind, ProposalStatus
from .secretariat import TEXT_MAX_LENGTH, Meeting


class TrackedItemQuerySet(models.QuerySet):
    def for_user(self, user):
        """The items this user may read: a reporter only its institution's (antitrafik.policy)."""
        from antitrafik.policy import secretariat

        return secretariat.scope_items(self, user)

    def assigned_to(self, institution_id):
        """Items the institution leads or is a partner in (no duplicates)."""
        partner_of = TrackedItem.partners.through.objects.filter(institution_id=institution_id).values("trackeditem_id")
        return self.filter(Q(lead_institution_id=institution_id) | Q(pk__in=partner_of))

    def open(self):
        return self.filter(status__in=OPEN_ITEM_STATUSES)

    def with_relations(self):
        return self.select_related("lead_institution", "meeting")

    def overdue_first(self, today=None):
        """Open items past their deadline first, then by deadline (none last), then newest."""
        today = today or timezone.localdate()
        overdue = models.Case(
            models.When(Q(status__in=OPEN_ITEM_STATUSES, deadline__lt=today), then=models.Value(0)),
            default=models.Value(1), output_field=models.IntegerField(),
        )
        return self.annotate(overdue_rank=overdue).order_by("overdue_rank", models.F("deadline").asc(nulls_last=True),
                                                            "-pk")


class TrackedItem(models.Model):
    """A decision of a meeting or a recommendation from outside, with who must act and by when."""

    kind = models.CharField(_("kind"), max_length=15, choices=ItemKind.choices, default=ItemKind.DECISION)
    source = models.CharField(_("source"), max_length=15, choices=ItemSource.choices, default=ItemSource.COMMITTEE)
    reference = models.CharField(_("reference"), max_length=255, blank=True,
                                 help_text=_("Where it is written, e.g. GRETA(2023)08, paragraph 95."))
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, null=True, blank=True,
                                related_name="items")
    text = models.TextField(_("text"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    lead_institution = models.ForeignKey("institutions.Institution", verbose_name=_("lead institution"),
                                         on_delete=models.PROTECT, related_name="led_items")
    partners = models.ManyToManyField("institutions.Institution", verbose_name=_("partner institutions"), blank=True,
                                      related_name="partner_items")
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    activities = models.ManyToManyField("strategy.Activity", verbose_name=_("activities concerned"), blank=True,
                                        related_name="tracked_items")
    indicators = models.ManyToManyField("strategy.Indicator", verbose_name=_("indicators concerned"), blank=True,
                                        related_name="tracked_items")
    status = models.CharField(_("status"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    drop_reason = models.TextField(_("reason for dropping"), blank=True, validators=[MaxLengthValidator(5000)])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[partners])

    objects = TrackedItemQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("decision or recommendation")
        verbose_name_plural = _("decisions and recommendations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ItemStatus.DROPPED) | ~Q(drop_reason=""),
                name="strategy_trackeditem_dropped_has_reason",
                violation_error_message=_("Say why the item is dropped."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.text[:70]}"

    @property
    def code(self):
        prefix = "V" if self.kind == ItemKind.DECISION else "R"
        return f"{prefix}-{self.pk}"

    def get_absolute_url(self):
        return reverse("strategy:tracked_item_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status in OPEN_ITEM_STATUSES

    def is_overdue(self, today=None):
        return self.is_open and self.deadline is not None and self.deadline < (today or timezone.localdate())


class ProposalQuerySet(models.QuerySet):
    def for_user(self, user):
        """The proposals this user may read (antitrafik.policy)."""
        from antitrafik.policy import secretariat

        return secretariat.scope_proposals(self, user)


class Proposal(models.Model):
    """The unit's proposal to change the action plan, put to a meeting; once approved, applied in one step.

    `activity_stamp` is the id of the activity's newest history record when the proposal was drafted: if the
    activity changed since, the proposal is stale and is not applied."""

    kind = models.CharField(_("change"), max_length=12, choices=ProposalKind.choices)
    activity = models.ForeignKey("strategy.Activity", verbose_name=_("activity"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="proposals")
    activity_stamp = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    objective = models.ForeignKey("strategy.Objective", verbose_name=_("objective (new activity)"),
                                  on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    code = models.CharField(_("code (new activity)"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    lead_institution = models.ForeignKey("institutions.Institution", verbose_name=_("lead institution"),
                                         on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    deadline_date = models.DateField(_("new deadline"), null=True, blank=True)
    output_indicator = models.TextField(_("output indicator"), blank=True, validators=[MaxLengthValidator(5000)])
    target = models.CharField(_("target"), max_length=255, blank=True)
    reasons = models.TextField(_("reasons"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    meeting = models.ForeignKey(Meeting, verbose_name=_("on the agenda of"), on_delete=models.PROTECT, null=True,
                                blank=True, related_name="proposals")
    status = models.CharField(_("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT)
    decision = models.ForeignKey(TrackedItem, verbose_name=_("decision"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="proposals")
    decision_note = models.TextField(_("note on the decision"), blank=True, validators=[MaxLengthValidator(5000)])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("drafted by"))
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("applied by"))
    result = models.ForeignKey("strategy.Activity", verbose_name=_("activity changed"), on_delete=models.PROTECT,
                               null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("proposal for the plan")
        verbose_name_plural = _("proposals for the plan")

    def __str__(self):
        return _("Proposal P-%(pk)s: %(kind)s") % {"pk": self.pk, "kind": self.get_kind_display()}

    def get_absolute_url(self):
        return reverse("strategy:proposal_detail", args=[self.pk])
