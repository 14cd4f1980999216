"""The demo's secretariat: meetings of 2025–2026, GRETA and US TIP recommendations, the State Police's decision in
reporter-psh's current report, and an applied proposal with the Committee's decision in the plan's history."""

import pytest
from django.urls import reverse

from institutions.models import User
from reports.models import QuarterlyReport
from strategy.choices import ItemSource, MeetingStatus, ProposalStatus
from strategy.models import Meeting, Proposal, TrackedItem

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("seeded_demo")
class TestTheSecretariatDemo:
    def test_meetings_decisions_and_recommendations(self):
        years = {m.held_on.year for m in Meeting.objects.all()}
        assert years == {2025, 2026}
        assert Meeting.objects.filter(status=MeetingStatus.APPROVED).count() == 3
        sources = set(TrackedItem.objects.values_list("source", flat=True))
        assert {ItemSource.GRETA, ItemSource.US_TIP, ItemSource.COMMITTEE, ItemSource.UNIT_REPORT} <= sources

    def test_the_state_polices_decision_is_in_reporter_psh_current_report(self, client_for):
        reporter = User.objects.get(username="reporter-psh")
        decision = TrackedItem.objects.get(kind="decision", lead_institution__code="PSH", meeting__held_on__year=2025,
                                           text__startswith="Policia e Shtetit")
        current = QuarterlyReport.objects.filter(institution__code="PSH").order_by("-period__year",
                                                                                  "-period__quarter").first()
        page = client_for(reporter).get(current.get_absolute_url()).content.decode()
        assert decision.code in page and "kontrolleve proaktive" in page
        form = client_for(reporter).get(reverse("reports:report_follow_up", args=[current.pk]))
        assert form.status_code == 200 and f"f-{decision.pk}-account" in form.content.decode()
        trail = client_for(User.objects.get(username="director")).get(decision.get_absolute_url()).content.decode()
        assert "412 kontrolle proaktive" in trail

    def test_an_approved_proposal_changed_the_plan_with_the_decision_in_its_history(self, client_for):
        proposal = Proposal.objects.get(status=ProposalStatus.APPLIED)
        latest = proposal.result.history.order_by("-history_id").first()
        assert proposal.decision.code in latest.history_change_reason
        history = client_for(User.objects.get(username="director")).get(
            reverse("strategy:item_history", args=["activity", proposal.result.pk])).content.decode()
        assert f"P-{proposal.pk}" in history
        assert Proposal.objects.filter(status=ProposalStatus.REJECTED).exists()
