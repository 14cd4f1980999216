"""Choices of the institutions app: roles, kinds of institution and regions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The roles belong to the access policy (the bottom layer); the user's role field takes its choices from there.
from antitrafik.policy.roles import Role  # noqa: F401


class InstitutionKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    POLICE = "police", _("Police")
    PROSECUTION = "prosecution", _("Prosecution")
    JUDICIARY = "judiciary", _("Judiciary")
    SOCIAL_SERVICES = "social_services", _("Social services")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    REGIONAL_COMMITTEE = "regional_committee", _("Regional anti-trafficking committee")
    SHELTER = "shelter", _("Shelter / service provider")
    NGO = "ngo", _("NGO")
    INTERNATIONAL_ORG = "international_org", _("International organisation")
    UNIT = "unit", _("The unit itself")
    OTHER = "other", _("Other")


class Region(models.TextChoices):
    """The 12 counties (qarqe) of Albania."""

    BERAT = "Berat", "Berat"
    DIBER = "Dibër", "Dibër"
    DURRES = "Durrës", "Durrës"
    ELBASAN = "Elbasan", "Elbasan"
    FIER = "Fier", "Fier"
    GJIROKASTER = "Gjirokastër", "Gjirokastër"
    KORCE = "Korçë", "Korçë"
    KUKES = "Kukës", "Kukës"
    LEZHE = "Lezhë", "Lezhë"
    SHKODER = "Shkodër", "Shkodër"
    TIRANE = "Tiranë", "Tiranë"
    VLORE = "Vlorë", "Vlorë"


class Language(models.TextChoices):
    ALBANIAN = "sq", _("Albanian")
    ENGLISH = "en", _("English")
