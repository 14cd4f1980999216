"""Publishing and withdrawing: a decision of the director, each publication a frozen version."""

import pytest

from antitrafik.errors import DomainError
from reports.models import Publication, PublicationStatus
from reports.public import services
from reports.public.suppression import HIDDEN, SMALL

from .builders import SECRET


def _victims(publication):
    return publication.tables["statistics"][0]["indicators"][0]


def test_the_director_publishes_a_year_with_its_small_numbers_suppressed(public_world):
    w = public_world
    publication = services.publication_publish(by=w.director, year=2025, committee_reports=[w.final_report])
    assert (publication.version, publication.status) == (1, PublicationStatus.PUBLISHED)
    victims = _victims(publication)
    assert victims["total"] == {"value": 20, "flag": ""}
    sex, age = victims["breakdowns"]
    assert [(c["code"], c["value"], c["flag"]) for c in sex["cells"]] == [("F", None, SMALL), ("M", None, HIDDEN)]
    assert [(c["code"], c["value"]) for c in age["cells"]] == [("MINOR", 9), ("ADULT", 11)]
    assert sex["cells"][0]["standard"] == "HTCDS Gender Feminine; Eurostat F"
    assert victims["standard"] == "Eurostat crim_thb_vsage"
    assert victims["partial"] is True and victims["complete_quarters"] == 2
    # The hidden numbers are not stored anywhere in the frozen tables.
    assert '"value": 3' not in str(publication.tables).replace("'", '"')
    assert str(SECRET) not in str(publication.tables)
    assert publication.tables["implementation"]["pillars"][0]["counts"]["implemented"] == 1
    assert publication.tables["reporting"]["institutions"][0]["code"] == "AUT"
    assert [r["id"] for r in publication.tables["committee_reports"]] == [w.final_report.pk]


def test_publishing_again_makes_a_new_version_and_supersedes_the_old(public_world):
    w = public_world
    first = services.publication_publish(by=w.director, year=2025)
    second = services.publication_publish(by=w.director, year=2025)
    first.refresh_from_db()
    assert (first.status, second.version, second.status) == (PublicationStatus.SUPERSEDED, 2,
                                                             PublicationStatus.PUBLISHED)


def test_withdrawing_takes_it_off_and_needs_a_reason(public_world):
    w = public_world
    publication = services.publication_publish(by=w.director, year=2025)
    with pytest.raises(DomainError):
        services.publication_withdraw(publication=publication, by=w.director, reason=" ")
    services.publication_withdraw(publication=publication, by=w.director, reason="A figure was wrong")
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.WITHDRAWN
    assert not Publication.objects.current().exists()
    assert publication.history.first().history_change_reason == "A figure was wrong"


@pytest.mark.parametrize("kwargs", [{"year": 2023}, {"year": 2025, "quarter": 3}])
def test_nothing_to_publish_is_refused(public_world, kwargs):
    with pytest.raises(DomainError):
        services.publication_publish(by=public_world.director, **kwargs)


def test_only_the_director_publishes_and_only_finalised_reports(public_world):
    w = public_world
    with pytest.raises(DomainError) as refused:
        services.publication_publish(by=w.coordinator, year=2025)
    assert refused.value.kind == DomainError.FORBIDDEN
    with pytest.raises(DomainError):
        services.publication_publish(by=w.director, year=2025, committee_reports=[w.draft_report])
    assert not Publication.objects.exists()


def test_a_quarter_of_a_published_year_is_refused_and_the_year_supersedes_its_quarters(public_world):
    w = public_world
    quarter = services.publication_publish(by=w.director, year=2025, quarter=1)
    services.publication_publish(by=w.director, year=2025)
    quarter.refresh_from_db()
    assert quarter.status == PublicationStatus.SUPERSEDED
    with pytest.raises(DomainError):
        services.publication_publish(by=w.director, year=2025, quarter=2)


@pytest.mark.parametrize("slice_code, published", [("M", False), ("MINOR", True)])
def test_an_indicator_tied_by_a_rule_to_a_hidden_cell_is_left_out(public_world, slice_code, published):
    """VT-01 [M] ≥ VT-09: with M hidden (17), VT-09's 15 would say M is at least 15; with MINOR shown, no harm."""
    from reports.models import StatValue
    from strategy.choices import Comparator, RuleKind
    from strategy.models import DimensionOption, RuleTerm, ValidationRule
    from tests.committee.builders import stat
    from tests.reports.builders import make_indicator

    w = public_world
    other = make_indicator("VT-09", institutions=[w.authority], order=9)
    report = StatValue.objects.filter(indicator=w.victims, report__period=w.p25[0]).first().report
    stat(report, other, 15)
    rule = ValidationRule.objects.create(indicator=w.victims, kind=RuleKind.RELATION, comparator=Comparator.AT_LEAST,
                                         option=DimensionOption.objects.get(code=slice_code))
    RuleTerm.objects.create(rule=rule, indicator=other)
    publication = services.publication_publish(by=w.director, year=2025)
    codes = [i["code"] for s in publication.tables["statistics"] for i in s["indicators"]]
    assert ("VT-09" in codes) is published and "VT-01" in codes
