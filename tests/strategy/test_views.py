"""Browsing and editing the plan, indicators and dimensions: what users see, query counts, refusals."""

import datetime
import re

import pytest
from django.urls import reverse

from antitrafik import kept_pages, middleware
from strategy.choices import RuleKind
from strategy.models import Activity, Indicator, Objective, ValidationRule
from tests import factories

pytestmark = pytest.mark.django_db


def make_activities(objective, count, institutions, start=1):
    for n in range(start, start + count):
        activity = factories.ActivityFactory(
            objective=objective, code=f"{objective.code}.{n}", lead_institution=institutions[n % len(institutions)],
            deadline_year=2024 if n % 2 else 2027, deadline_quarter=None, estimated_cost=1000 * n,
        )
        activity.partners.add(institutions[(n + 1) % len(institutions)])


@pytest.fixture
def institutions(db):
    return [factories.InstitutionFactory() for _ in range(4)]


def grow(plan, institutions, objectives, per_objective):
    """Add `objectives` objectives of `per_objective` activities each to a new pillar."""
    pillar = factories.PillarFactory(plan=plan)
    for _ in range(objectives):
        make_activities(factories.ObjectiveFactory(pillar=pillar), per_objective, institutions)


@pytest.mark.parametrize("url_name", ["overview", "list", "detail"])
def test_query_counts_do_not_grow_with_the_plan(url_name, plan, institutions, reporter, client_for,
                                                django_assert_num_queries):
    client = client_for(reporter)
    grow(plan, institutions, 2, 3)

    def url():
        first = Activity.objects.filter(plan=plan).order_by("pk").first()
        return {"overview": reverse("strategy:plan_overview", args=[plan.pk]),
                "list": reverse("strategy:activity_list") + f"?plan={plan.pk}&sort=-cost",
                "detail": reverse("strategy:activity_detail", args=[first.pk])}[url_name]

    def shown(response):
        """What the page must show of the plan as it stands: every objective, a full page of activities, the activity."""
        activities = Activity.objects.filter(plan=plan)
        if url_name == "overview":
            return [f">{o.title}</a>" for o in Objective.objects.filter(pillar__plan=plan)]
        if url_name == "list":
            page = response.context["object_list"]
            assert len(page) == min(activities.count(), 50)
            most_expensive = activities.order_by("-estimated_cost").first()
            return [f">{a.code}</a>" for a in [*page, most_expensive]]
        first = activities.order_by("pk").first()
        return [f"Activity {first.code}", first.description]

    def check(response):
        assert response.status_code == 200
        html = response.content.decode()
        missing = [text for text in shown(response) if text not in html]
        assert not missing, missing

    check(client.get(url()))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    address = url()
    kept_pages.forget()  # the page's own work, not the copy kept of it (antitrafik.kept_pages)
    middleware.forget()  # and the user read, as after the plan grows below
    with CaptureQueriesContext(connection) as small:
        response = client.get(address)
    check(response)
    grow(plan, institutions, 6, 9)
    address = url()
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(address)
    check(response)


def test_overview_figures(plan, objective, institutions, client_for, committee_member):
    make_activities(objective, 4, institutions)  # 2.1.1 and 2.1.3 are due in 2024 (late), the others in 2027
    archived = Activity.objects.get(code="2.1.4")
    archived.is_archived = True
    archived.save()
    page = client_for(committee_member).get(reverse("strategy:plan_overview", args=[plan.pk]))
    tree = page.context["pillars"]
    assert tree[0].objectives[0].figures.activities == 3
    assert tree[0].objectives[0].figures.late == 2
    assert tree[0].objectives[0].figures.cost == 1000 + 2000 + 3000
    assert page.context["total"].activities == 3


def test_plan_index_goes_to_the_current_plan(client_for, reporter, plan):
    factories.ActionPlanFactory(start_year=2021, end_year=2023)
    response = client_for(reporter).get(reverse("strategy:plan_index"))
    assert response["Location"] == plan.get_absolute_url()


def test_activity_filters_and_sorting(plan, objective, institutions, police, client_for, coordinator):
    make_activities(objective, 11, institutions)
    special = factories.ActivityFactory(objective=objective, code="2.1.12", lead_institution=police,
                                        description="Trajnimi i policisë kufitare", estimated_cost=5)
    special.partners.add(institutions[0])
    client = client_for(coordinator)
    url = reverse("strategy:activity_list")

    def codes(query):
        """The activity codes the page lists (the same list may come from a kept page, which has no context)."""
        html = client.get(url + query).content.decode()
        return re.findall(r'<td class="text-nowrap"><a href="/plan/activities/\d+/">([^<]+)</a></td>', html)

    assert codes("?")[:3] == ["2.1.1", "2.1.2", "2.1.3"] and codes("?")[-3:] == ["2.1.10", "2.1.11", "2.1.12"]
    assert codes("?q=kufitare") == ["2.1.12"]
    assert codes("?q=2.1.1") == ["2.1.1", "2.1.10", "2.1.11", "2.1.12"]
    assert codes(f"?institution={police.pk}&involvement=lead") == ["2.1.12"]
    assert codes(f"?institution={police.pk}&involvement=partner") == []
    assert "2.1.12" in codes(f"?institution={institutions[0].pk}")
    assert "2.1.12" in codes(f"?institution={institutions[0].pk}&involvement=partner")
    assert codes("?sort=cost")[0] == "2.1.12"
    assert codes("?sort=-deadline")[0] != "2.1.1"
    assert set(codes("?status=late")) == {"2.1.1", "2.1.3", "2.1.5", "2.1.7", "2.1.9", "2.1.11", "2.1.12"}
    assert codes("?due_from=2027-01-01&due_to=2027-12-31") == ["2.1.2", "2.1.4", "2.1.6", "2.1.8", "2.1.10"]
    assert codes("?funding_source=donor") == []


def test_my_activities_lists_led_and_partnered_once(objective, reporter, institution, other_institution, client_for):
    led = factories.ActivityFactory(objective=objective, code="2.1.1", lead_institution=institution)
    led.partners.add(other_institution)
    partnered = factories.ActivityFactory(objective=objective, code="2.1.2", lead_institution=other_institution)
    partnered.partners.add(institution)
    factories.ActivityFactory(objective=objective, code="2.1.3", lead_institution=other_institution)
    page = client_for(reporter).get(reverse("strategy:my_activities"))
    assert [a.code for a in page.context["object_list"]] == ["2.1.1", "2.1.2"]


def test_coordinator_creates_and_edits_an_activity_with_history(plan, objective, police, iom, client_for, coordinator):
    client = client_for(coordinator)
    data = {"objective": objective.pk, "code": "2.1.3", "description": "Trajnim", "lead_institution": police.pk,
            "partners": [iom.pk], "deadline": "T2 2025", "funding_source": "donor",
            "estimated_cost": "250000"}
    response = client.post(reverse("strategy:activity_create", args=[plan.pk]), data)
    activity = Activity.objects.get(code="2.1.3")
    assert response["Location"] == activity.get_absolute_url()
    assert activity.due_on == datetime.date(2025, 6, 30) and list(activity.partners.all()) == [iom]
    response = client.post(reverse("strategy:activity_update", args=[activity.pk]),
                           {**data, "estimated_cost": "300000", "partners": []})
    assert response.status_code == 302
    history = client.get(reverse("strategy:item_history", args=["activity", activity.pk])).content.decode()
    assert "300000" in history and coordinator.get_full_name() in history


@pytest.mark.parametrize("data, field", [
    ({"code": "2.1.1"}, "code"),
    ({"estimated_cost": "-10"}, "estimated_cost"),
    ({"deadline": "T5 2025"}, "deadline"),
    ({"deadline": "2027–2025"}, "deadline"),
    ({"code": "2. 1"}, "code"),
    ({"co_leads": "LEAD_PARTNER"}, "partners"),
    ({"partners": "LEAD"}, "partners"),
])
def test_bad_activity_input_is_refused_next_to_the_field(plan, objective, police, client_for, director, data, field):
    factories.ActivityFactory(objective=objective, code="2.1.1", lead_institution=police)
    base = {"objective": objective.pk, "code": "2.1.2", "description": "x", "lead_institution": police.pk,
            "funding_source": "donor"}
    if data.get("partners") == "LEAD":
        data = {"partners": [police.pk]}
    if data.get("co_leads") == "LEAD_PARTNER":
        other = factories.InstitutionFactory()
        data = {"co_leads": [other.pk], "partners": [other.pk]}
    response = client_for(director).post(reverse("strategy:activity_create", args=[plan.pk]), {**base, **data})
    assert response.status_code == 200
    assert response.context["form"].errors.get(field)
    assert Activity.objects.count() == 1


def test_reporter_cannot_write_by_any_path(plan, objective, police, client_for, reporter):
    activity = factories.ActivityFactory(objective=objective, code="2.1.1", lead_institution=police)
    client = client_for(reporter)
    posts = [
        reverse("strategy:activity_create", args=[plan.pk]), reverse("strategy:activity_update", args=[activity.pk]),
        reverse("strategy:objective_update", args=[objective.pk]), reverse("strategy:pillar_create", args=[plan.pk]),
        reverse("strategy:item_delete", args=["activity", activity.pk]),
        reverse("strategy:item_archive", args=["activity", activity.pk]), reverse("strategy:indicator_create"),
        reverse("strategy:dimension_create"), reverse("strategy:period_create_year"),
    ]
    for url in posts:
        assert client.post(url, {"code": "9", "description": "x"}).status_code == 403, url
    activity.refresh_from_db()
    assert not activity.is_archived and Activity.objects.count() == 1


def test_deleting_what_data_refers_to_is_refused_with_archive_offered(plan, objective, police, client_for, director):
    activity = factories.ActivityFactory(objective=objective, code="2.1.1", lead_institution=police)
    client = client_for(director)
    response = client.post(reverse("strategy:item_delete", args=["objective", objective.pk]))
    assert response.status_code == 409
    body = response.content.decode()
    assert "cannot be deleted" in body and "Archive instead" in body
    assert Objective.objects.filter(pk=objective.pk).exists()
    client.post(reverse("strategy:item_archive", args=["objective", objective.pk]), {"archived": "1"})
    objective.refresh_from_db()
    assert objective.is_archived
    assert client.post(reverse("strategy:item_delete", args=["activity", activity.pk])).status_code == 302
    assert not Activity.objects.exists()


def test_indicator_with_ordered_dimensions_and_kinds(client_for, coordinator, police):
    sex, age, form, status = (factories.DimensionFactory() for _ in range(4))
    client = client_for(coordinator)
    data = {"code": "VT-01", "name": "Viktima", "name_en": "Victims", "unit": "count", "order": 1, "is_active": "on",
            "kinds": ["shelter", "ngo"], "reporting_institutions": [police.pk],
            "dimension_1": age.pk, "dimension_2": sex.pk, "dimension_3": form.pk}
    assert client.post(reverse("strategy:indicator_create"), data).status_code == 302
    indicator = Indicator.objects.get(code="VT-01")
    assert [d.dimension for d in indicator.indicator_dimensions.all()] == [age, sex, form]
    assert indicator.reporting_kinds == "shelter,ngo"
    again = client.post(reverse("strategy:indicator_update", args=[indicator.pk]),
                        {**data, "dimension_2": age.pk, "dimension_3": status.pk})
    assert again.status_code == 200 and again.context["form"].errors["dimension_2"]
    client.post(reverse("strategy:indicator_update", args=[indicator.pk]), {**data, "dimension_1": "", "dimension_3": ""})
    assert [d.dimension for d in indicator.indicator_dimensions.all()] == [sex]
    detail = client.get(indicator.get_absolute_url()).content.decode()
    assert "Shelter / service provider" in detail or "Strehë" in detail


def test_rule_form_shows_clean_errors(client_for, coordinator):
    indicator = factories.IndicatorFactory()
    client = client_for(coordinator)
    url = reverse("strategy:rule_create", args=[indicator.pk])
    response = client.post(url, {"kind": RuleKind.DEVIATION, "severity": "warning"})
    assert response.status_code == 200 and response.context["form"].errors["threshold_percent"]
    assert client.post(url, {"kind": RuleKind.DEVIATION, "severity": "warning", "threshold_percent": 50,
                             "is_active": "on"}).status_code == 302
    assert ValidationRule.objects.get().threshold_percent == 50


def test_dimension_with_options(client_for, director):
    client = client_for(director)
    data = {"code": "sex", "name": "Gjinia", "name_en": "Sex",
            "options-TOTAL_FORMS": "2", "options-INITIAL_FORMS": "0", "options-MIN_NUM_FORMS": "0",
            "options-MAX_NUM_FORMS": "200",
            "options-0-code": "F", "options-0-name": "Femër", "options-0-order": "1",
            "options-0-standard_code": "HTCDS Gender Feminine",
            "options-1-code": "M", "options-1-name": "Mashkull", "options-1-order": "2"}
    assert client.post(reverse("strategy:dimension_create"), data).status_code == 302
    page = client.get(reverse("strategy:dimension_list")).content.decode()
    assert "HTCDS Gender Feminine" in page and page.index("Femër") < page.index("Mashkull")


def test_indicator_says_what_it_counts_and_who_gives_the_national_figure(client_for, coordinator, police):
    prosecution = factories.InstitutionFactory(code="PP", kind="prosecution")
    exploitation = factories.DimensionFactory()
    client = client_for(coordinator)
    data = {"code": "VT-02", "name": "Viktima të mundshme", "unit": "count", "order": 1, "is_active": "on",
            "reporting_institutions": [police.pk], "dimension_1": exploitation.pk, "dimension_1_overlap": "on",
            "time_aggregation": "stock", "institution_aggregation": "authoritative"}
    url = reverse("strategy:indicator_create")
    refused = client.post(url, data)  # authoritative without the institution
    assert refused.status_code == 200 and refused.context["form"].errors["authoritative_institution"]
    refused = client.post(url, {**data, "authoritative_institution": prosecution.pk})  # it does not report it
    assert "must report the indicator" in refused.context["form"].errors["authoritative_institution"][0]
    assert client.post(url, {**data, "authoritative_institution": police.pk}).status_code == 302
    indicator = Indicator.objects.get(code="VT-02")
    assert (indicator.time_aggregation, indicator.institution_aggregation, indicator.authoritative_institution) == (
        "stock", "authoritative", police)
    assert indicator.indicator_dimensions.get().options_overlap
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert "Stock: a span takes its last quarter with data" in page or "Gjendje:" in page
    assert f"{police}" in page
    rate = client.post(url, {**data, "code": "R-1", "time_aggregation": "rate", "institution_aggregation": "sum"})
    assert rate.status_code == 200 and rate.context["form"].errors["institution_aggregation"]


def test_relation_rule_through_the_form(client_for, coordinator):
    from strategy.models import IndicatorDimension, RuleTerm

    victims, children, other = (factories.IndicatorFactory() for _ in range(3))
    age = factories.DimensionFactory()
    minor = age.options.create(code="MINOR", name="I mitur", order=1)
    IndicatorDimension.objects.create(indicator=victims, dimension=age, position=1)
    client = client_for(coordinator)
    url = reverse("strategy:rule_create", args=[victims.pk])
    assert "Right side, indicator 1" in client.get(url).content.decode() or "Ana e djathtë" in client.get(url).content.decode()
    base = {"kind": RuleKind.RELATION, "severity": "error", "is_active": "on"}
    refused = client.post(url, {**base, "comparator": "ge"})
    assert refused.status_code == 200 and refused.context["form"].errors["term_1_indicator"]
    refused = client.post(url, {**base, "comparator": "ge", "term_1_indicator": children.pk, "term_1_option": minor.pk})
    assert refused.context["form"].errors["term_1_option"]  # `children` is not broken down by age
    assert client.post(url, {**base, "comparator": "ge", "option": minor.pk, "term_1_indicator": children.pk,
                             "term_2_indicator": other.pk}).status_code == 302
    rule = ValidationRule.objects.get()
    assert (rule.option, rule.comparator) == (minor, "ge")
    assert [(t.indicator, t.option) for t in RuleTerm.objects.filter(rule=rule)] == [(children, None), (other, None)]
    assert rule.relation_text() == f"{victims.code} [I mitur] ≥ {children.code} + {other.code}"
    assert rule.relation_text() in client.get(victims.get_absolute_url()).content.decode()
    edit = reverse("strategy:rule_update", args=[rule.pk])
    assert client.post(edit, {**base, "comparator": "eq", "term_1_indicator": other.pk}).status_code == 302
    assert [t.indicator for t in RuleTerm.objects.filter(rule=rule)] == [other]
