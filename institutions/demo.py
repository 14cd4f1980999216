"""Demo institutions and users (part of `seed_demo`). Idempotent: keyed on codes and usernames."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.hashers import make_password

from .choices import InstitutionKind, Role
from .models import Institution, InstitutionAlias, User

DATA = Path(__file__).resolve().parent / "data" / "institutions.csv"
# Former names and abbreviations of today's institutions (ministries renamed or merged in 2017 and 2021).
ALIASES = Path(__file__).resolve().parent / "data" / "institution_aliases.csv"

COORDINATORS = [
    ("coordinator1", "Elira", "Hoxha"),
    ("coordinator2", "Arben", "Kola"),
    ("coordinator3", "Mirela", "Shehu"),
    ("coordinator4", "Gentian", "Dervishi"),
]
# Which coordinator's portfolio each kind of institution falls into.
PORTFOLIO_BY_KIND = {
    InstitutionKind.MINISTRY: "coordinator1",
    InstitutionKind.JUDICIARY: "coordinator1",
    InstitutionKind.OTHER: "coordinator1",
    InstitutionKind.POLICE: "coordinator2",
    InstitutionKind.PROSECUTION: "coordinator2",
    InstitutionKind.SOCIAL_SERVICES: "coordinator2",
    InstitutionKind.SHELTER: "coordinator2",
    InstitutionKind.REGIONAL_COMMITTEE: "coordinator3",
    InstitutionKind.LOCAL_GOVERNMENT: "coordinator3",
    InstitutionKind.NGO: "coordinator4",
    InstitutionKind.INTERNATIONAL_ORG: "coordinator4",
}
DEMO_DOMAIN = "demo.antitrafik.al"


@dataclass
class SeedResult:
    created: int = 0
    existing: int = 0


def _aliases():
    """The other names of the demo institutions (those already there are left as they are)."""
    with ALIASES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    institutions = {i.code: i for i in Institution.objects.filter(code__in={r["code"] for r in rows})}
    known = {name.casefold() for name in InstitutionAlias.objects.values_list("name", flat=True)}
    InstitutionAlias.objects.bulk_create([
        InstitutionAlias(institution=institutions[r["code"]], name=r["name"]) for r in rows
        if r["code"] in institutions and r["name"].casefold() not in known
    ])


def reporter_username(code):
    return f"reporter-{code.lower()}"


def _user(username, password_hash, result, **fields):
    """The demo user `username`, created with `password_hash` if missing (an existing one is left as it is)."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, email=f"{username}@{DEMO_DOMAIN}", password=password_hash, **fields)
        user.save()
        result.created += 1
    else:
        result.existing += 1
    return user


def seed(*, password, stdout=None, verbosity=1):
    """Create the unit, the institutions of the National Referral Mechanism and the demo users."""
    result = SeedResult()
    # One hash for every demo user: they share the password, and hashing it ~50 times takes long.
    password = make_password(password)
    _user("director", password, result, role=Role.DIRECTOR, first_name="Drita", last_name="Marku")
    coordinators = {
        username: _user(username, password, result, role=Role.COORDINATOR, first_name=first, last_name=last)
        for username, first, last in COORDINATORS
    }
    _user("committee", password, result, role=Role.COMMITTEE, first_name="Besnik", last_name="Leka")

    with DATA.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    existing = {i.code: i for i in Institution.objects.all()}
    for row in rows:
        institution = existing.get(row["code"])
        if institution is None:
            coordinator = coordinators.get(PORTFOLIO_BY_KIND.get(row["kind"]))
            institution = Institution.objects.create(
                code=row["code"], name=row["name_sq"], name_en=row["name_en"], kind=row["kind"],
                region=row["region"], email=f"info-{row['code'].lower()}@{DEMO_DOMAIN}",
                coordinator=coordinator,
            )
        if institution.kind != InstitutionKind.UNIT:
            _user(reporter_username(institution.code), password, result, role=Role.REPORTER,
                  institution=institution, first_name="Pika e kontaktit", last_name=institution.code)
    _aliases()
    if stdout is not None and verbosity:
        stdout.write(f"Institutions: {Institution.objects.count()}, users: {User.objects.count()} "
                     f"({result.created} new).")
    return result
