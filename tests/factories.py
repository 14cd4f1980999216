"""factory_boy factories shared by the tests."""

import factory

from institutions.choices import InstitutionKind, Role
from institutions.models import Institution, User

PASSWORD = "Test-Password-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User {n}")
    role = Role.REPORTER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class CoordinatorFactory(UserFactory):
    role = Role.COORDINATOR


class DirectorFactory(UserFactory):
    role = Role.DIRECTOR


class CommitteeFactory(UserFactory):
    role = Role.COMMITTEE


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    code = factory.Sequence(lambda n: f"INS{n}")
    name = factory.Sequence(lambda n: f"Institucioni {n}")
    name_en = factory.Sequence(lambda n: f"Institution {n}")
    kind = InstitutionKind.NGO
    email = factory.LazyAttribute(lambda i: f"{i.code.lower()}@example.org")
    coordinator = factory.SubFactory(CoordinatorFactory)


class ReporterFactory(UserFactory):
    role = Role.REPORTER
    institution = factory.SubFactory(InstitutionFactory)


# --- strategy: plan tree, indicators, periods -------------------------------------------------------

class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "strategy.Strategy"

    title = factory.Sequence(lambda n: f"Strategjia {n}")
    start_year = 2024
    end_year = 2030


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "strategy.ActionPlan"

    strategy = factory.SubFactory(StrategyFactory)
    title = factory.Sequence(lambda n: f"Plani i veprimit {n}")
    start_year = 2024
    end_year = 2026


class PillarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "strategy.Pillar"

    plan = factory.SubFactory(ActionPlanFactory)
    code = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Shtylla {n}")
    title_en = factory.Sequence(lambda n: f"Pillar {n}")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "strategy.Objective"

    pillar = factory.SubFactory(PillarFactory)
    plan = factory.LazyAttribute(lambda o: o.pillar.plan)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.pillar.code}.{n + 1}")
    title = factory.Sequence(lambda n: f"Objektivi {n}")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "strategy.Activity"

    objective = factory.SubFactory(ObjectiveFactory)
    plan = factory.LazyAttribute(lambda a: a.objective.plan)
    code = factory.LazyAttributeSequence(lambda a, n: f"{a.objective.code}.{n + 1}")
    description = factory.Sequence(lambda n: f"Aktiviteti {n}")
    lead_institution = factory.SubFactory(InstitutionFactory)
    deadline_year = 2025
    deadline_quarter = 2
    estimated_cost = 100000
    funding_source = "state_budget"


class DimensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "strategy.Dimension"

    code = factory.Sequence(lambda n: f"dim{n}")
    name = factory.Sequence(lambda n: f"Dimensioni {n}")
    name_en = factory.Sequence(lambda n: f"Dimension {n}")


class DimensionOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "strategy.DimensionOption"

    dimension = factory.SubFactory(DimensionFactory)
    code = factory.Sequence(lambda n: f"OPT{n}")
    name = factory.Sequence(lambda n: f"Opsioni {n}")
    order = factory.Sequence(lambda n: n)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "strategy.Indicator"

    code = factory.Sequence(lambda n: f"IND-{n:02d}")
    name = factory.Sequence(lambda n: f"Treguesi {n}")
    name_en = factory.Sequence(lambda n: f"Indicator {n}")


def _period_dates(period):
    """Opening on the quarter's first day, due 15 days after its end."""
    import datetime

    from strategy.services import default_due_on

    return datetime.date(period.year, period.quarter * 3 - 2, 1), default_due_on(period.year, period.quarter)


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "strategy.ReportingPeriod"

    plan = factory.SubFactory(ActionPlanFactory)
    year = 2025
    quarter = factory.Sequence(lambda n: n % 4 + 1)
    opens_on = factory.LazyAttribute(lambda p: _period_dates(p)[0])
    due_on = factory.LazyAttribute(lambda p: _period_dates(p)[1])
    status = "open"
