"""Fixtures of the strategy tests: a small plan over a few institutions."""

import pytest

from tests import factories


@pytest.fixture
def plan(db):
    return factories.ActionPlanFactory(start_year=2024, end_year=2026)


@pytest.fixture
def objective(plan):
    pillar = factories.PillarFactory(plan=plan, code="2", title="Mbrojtja", title_en="Protection")
    return factories.ObjectiveFactory(pillar=pillar, code="2.1", title="Identifikimi")


@pytest.fixture
def police(db):
    return factories.InstitutionFactory(code="PSH", name="Policia e Shtetit", name_en="State Police", kind="police")


@pytest.fixture
def iom(db):
    return factories.InstitutionFactory(code="IOM", name="Organizata Ndërkombëtare për Migracionin",
                                        name_en="International Organization for Migration", kind="international_org")
