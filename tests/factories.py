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
