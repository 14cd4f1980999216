"""The institution's grids are kept in the process until a definition changes (strategy.definitions): every kind
of change — through a page, a save, a delete, a many-to-many change or a bulk write — shows at once, and a change
rolled back leaves what was there."""

import pytest
from django.db import transaction
from django.urls import reverse

from antitrafik import versions
from reports import services
from reports.grid import indicator_grids
from strategy import definitions
from strategy.choices import RuleKind
from strategy.models import DimensionOption, Indicator, IndicatorDimension, RuleTerm, ValidationRule
from tests.factories import InstitutionFactory
from tests.reports.builders import make_dimension, make_indicator, make_period, make_plan, make_rule
from tests.reports.test_query_counts import count

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(institution):
    sex, (female, male) = make_dimension("sex", ["f", "m"])
    indicator = make_indicator("KV-01", dimensions=[sex], institutions=[institution])
    other = make_indicator("KV-02", institutions=[institution])
    rule = make_rule(indicator, RuleKind.RELATION, other=other)
    return {"indicator": indicator, "other": other, "dimension": sex, "female": female, "male": male, "rule": rule}


def token():
    return versions.token("definitions")


def names(institution):
    return [(g.indicator.code, g.indicator.name, [o.code for _p, _d, options in g.dimensions for o in options],
             [r.kind for r in g.rules]) for g in indicator_grids(institution)]


def test_the_grids_are_read_once_then_kept_until_a_definition_changes(institution, made):
    first, _ = count(lambda: indicator_grids(institution))
    again, _ = count(lambda: indicator_grids(institution))
    assert (first, again) == (1 + 5, 1)  # the token, then the five queries of the grids; then the token only
    made["indicator"].name = "Treguesi i ri"
    made["indicator"].save()
    assert count(lambda: indicator_grids(institution))[0] == 1 + 5
    assert names(institution)[0][1] == "Treguesi i ri"


@pytest.mark.parametrize("change", [
    "rename indicator", "deactivate indicator", "delete indicator", "reporting kinds", "add option", "rename option",
    "archive option", "delete option", "drop dimension", "add dimension", "deactivate rule", "delete rule",
    "add term", "stop reporting (m2m remove)", "report another (m2m add)", "bulk update", "queryset update",
    "bulk create",
])
def test_every_kind_of_change_shows_at_once(change, institution, made):
    before = names(institution)
    old_token = token()
    indicator, other = made["indicator"], made["other"]
    if change == "rename indicator":
        indicator.name = "Emër tjetër"
        indicator.save()
    elif change == "deactivate indicator":
        other.is_active = False
        other.save()
    elif change == "delete indicator":
        fresh = make_indicator("KV-03", institutions=[institution])
        assert names(institution) != before
        before = names(institution)
        fresh.delete()
    elif change == "reporting kinds":
        institution_other = InstitutionFactory(code="KIND", kind="police")
        before = names(institution_other)
        other.reporting_kinds = "police"
        other.save()
        assert names(institution_other) != before
        return
    elif change == "add option":
        DimensionOption.objects.create(dimension=made["dimension"], code="x", name="X", order=9)
    elif change == "rename option":
        made["female"].code = "F2"
        made["female"].save()
    elif change == "archive option":
        made["male"].is_archived = True
        made["male"].save()
    elif change == "delete option":
        DimensionOption.objects.create(dimension=made["dimension"], code="y", name="Y", order=9)
        before = names(institution)
        DimensionOption.objects.get(code="y").delete()
    elif change == "drop dimension":
        IndicatorDimension.objects.filter(indicator=indicator).get().delete()
    elif change == "add dimension":
        age, _options = make_dimension("age", ["minor", "adult"])
        before = names(institution)
        IndicatorDimension.objects.create(indicator=other, dimension=age, position=1)
    elif change == "deactivate rule":
        made["rule"].is_active = False
        made["rule"].save()
    elif change == "delete rule":
        ValidationRule.objects.get(pk=made["rule"].pk).delete()
    elif change == "add term":
        RuleTerm.objects.create(rule=made["rule"], indicator=other)
        grid = next(g for g in indicator_grids(institution) if g.pk == indicator.pk)
        assert [t.indicator_id for t in grid.rules[0].terms.all()] == [other.pk]
        assert token() != old_token
        return
    elif change == "stop reporting (m2m remove)":
        other.reporting_institutions.remove(institution)
    elif change == "report another (m2m add)":
        third = make_indicator("KV-04")
        before = names(institution)
        third.reporting_institutions.add(institution)
    elif change == "bulk update":
        indicator.name = "Nga bulk_update"
        Indicator.objects.bulk_update([indicator], ["name"])
    elif change == "queryset update":
        Indicator.objects.filter(pk=indicator.pk).update(name="Nga update")
    elif change == "bulk create":
        DimensionOption.objects.bulk_create([DimensionOption(dimension=made["dimension"], code="z", name="Z", order=9)])
    assert token() != old_token
    assert names(institution) != before


def test_a_change_rolled_back_leaves_the_grids_as_they_were(institution, made):
    before = names(institution)
    with pytest.raises(RuntimeError), transaction.atomic():
        made["indicator"].name = "Do të kthehet"
        made["indicator"].save()
        assert names(institution)[0][1] == "Do të kthehet"  # kept under the token of the transaction
        raise RuntimeError
    assert names(institution) == before


def test_the_key_holds_the_institution_its_kind_and_the_saved_rows(institution, made):
    elsewhere = InstitutionFactory(code="ELSE")
    assert names(elsewhere) == []
    assert len(names(institution)) == 2
    rows = {"indicators": [made["indicator"].pk], "options": [made["female"].pk]}
    saved = indicator_grids(institution, rows=rows)
    assert [(g.pk, [o.pk for _p, _d, opts in g.dimensions for o in opts]) for g in saved] == \
        [(made["indicator"].pk, [made["female"].pk])]
    assert len(indicator_grids(institution)) == 2  # the live rows are another entry


def test_the_report_pages_follow_a_change_made_through_the_indicator_page(institution, reporter, director, made,
                                                                          client_for):
    """The director renames an indicator on its page; the reporter's open form and report page show the new name
    on the next request (same process, what it kept was under the old token)."""
    report = services.report_start(institution=institution, period=make_period(make_plan()), by=reporter)
    reporter_client, director_client = client_for(reporter), client_for(director)
    edit = reverse("reports:report_edit", args=[report.pk])
    assert "Indicator KV-01" in reporter_client.get(edit).content.decode()
    page = director_client.get(reverse("strategy:indicator_update", args=[made["indicator"].pk]))
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data = {k: ("" if v is False else v) for k, v in data.items() if v is not False}
    data.update(name_en="Victims identified (renamed)")
    if isinstance(data.get("reporting_institutions"), list):
        data["reporting_institutions"] = [str(getattr(i, "pk", i)) for i in data["reporting_institutions"]]
    response = director_client.post(reverse("strategy:indicator_update", args=[made["indicator"].pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Indicator.objects.get(pk=made["indicator"].pk).name_en == "Victims identified (renamed)"
    html = reporter_client.get(edit).content.decode()
    assert "Victims identified (renamed)" in html and "Indicator KV-01" not in html
    assert "Victims identified (renamed)" in reporter_client.get(report.get_absolute_url()).content.decode()


def test_forget_empties_the_store(institution, made):
    indicator_grids(institution)
    definitions.forget()
    assert count(lambda: indicator_grids(institution))[0] == 1 + 5


def test_a_starting_server_process_builds_every_reporting_institutions_grids(institution, made):
    from antitrafik import warm

    other = InstitutionFactory()
    make_indicator("KV-03", institutions=[other])
    warm.warm()  # what antitrafik.wsgi runs as a process starts (WARM_AT_START)
    for each in (institution, other):
        assert count(lambda each=each: indicator_grids(each))[0] == 1  # the token only: built at start
    assert names(institution) == [("KV-01", made["indicator"].name, ["f", "m"], [RuleKind.RELATION]),
                                  ("KV-02", made["other"].name, [], [])]
    made["indicator"].name = "Treguesi i ri"  # a definition changed after the start: built again on first use
    made["indicator"].save()
    assert count(lambda: indicator_grids(institution))[0] == 1 + 5
    assert names(institution)[0][1] == "Treguesi i ri"


def test_a_database_that_cannot_answer_at_start_leaves_the_grids_to_first_use(institution, made, monkeypatch,
                                                                              caplog, settings):
    from django.db import OperationalError

    from antitrafik import warm

    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(warm, "_builders", [unreachable])
    settings.WARM_AT_START = True
    warm.warm_at_start()  # the process starts all the same
    assert "did not run (connection refused)" in caplog.text
    assert "Started: process ready" in caplog.text  # the last line, whatever the builders did
    assert count(lambda: indicator_grids(institution))[0] == 1 + 5


def test_a_starting_server_process_compiles_the_page_templates(monkeypatch):
    from django.template import loader

    from antitrafik import warm

    compiled = []
    monkeypatch.setattr(warm, "_builders", [])
    monkeypatch.setattr(loader, "get_template", lambda name: compiled.append(name))
    warm.warm()
    assert {"base.html", "reports/quarterlyreport_form.html", "reports/quarterlyreport_detail.html"} <= set(compiled)


def test_the_start_builds_nothing_when_warming_is_off(monkeypatch, settings):
    from antitrafik import warm

    called = []
    monkeypatch.setattr(warm, "_builders", [lambda: called.append(1)])
    settings.WARM_AT_START = False
    warm.warm_at_start()
    settings.WARM_AT_START = True
    warm.warm_at_start()
    assert called == [1]
