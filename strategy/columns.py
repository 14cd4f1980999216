"""The columns of an action-plan spreadsheet: one definition for the template, the import and the export."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .quarters import quarter_label


@dataclass(frozen=True)
class Column:
    key: str
    required: bool
    help: str
    example: object = ""


COLUMNS = [
    Column("pillar_code", True, _("Code of the pillar, e.g. 2."), "2"),
    Column("pillar_title", False, _("Title of the pillar in Albanian; needed when the pillar is new."), "Mbrojtja"),
    Column("pillar_title_en", False, _("Title of the pillar in English."), "Protection"),
    Column("objective_code", True, _("Code of the specific objective, e.g. 2.1."), "2.1"),
    Column("objective_title", False, _("Title of the objective; needed when the objective is new."),
           "Përmirësimi i identifikimit të viktimave"),
    Column("objective_title_en", False, _("Title of the objective in English."), "Better identification of victims"),
    Column("activity_code", True, _("Code of the activity, unique in the plan, e.g. 2.1.3."), "2.1.3"),
    Column("description", True, _("What the activity is."), "Trajnimi i punonjësve të policisë kufitare"),
    Column("description_en", False, _("What the activity is, in English."), "Training of border police officers"),
    Column("lead_institution", True, _("Code or name (Albanian or English) of the lead institution."), "PSH"),
    Column("partners", False, _("Codes or names of the partner institutions, separated by ';'."), "AP; IOM"),
    Column("deadline", False, _("A date (31.12.2025 or 2025-12-31), a quarter (T4 2025 or Q4 2025) or a year (2025)."),
           "T4 2025"),
    Column("output_indicator", False, _("The output indicator of the activity."), "Numri i punonjësve të trajnuar"),
    Column("target", False, _("The target of the indicator."), "120"),
    Column("estimated_cost", False, _("Estimated cost in ALL, a number not below zero; empty when not costed."),
           Decimal("1500000")),
    Column("funding_source", False, _("state_budget, donor, other or not_costed (or their names)."), "state_budget"),
]
COLUMN_KEYS = [c.key for c in COLUMNS]
REQUIRED_KEYS = [c.key for c in COLUMNS if c.required]
PARTNER_SEPARATOR = ";"


def deadline_cell(activity):
    """The deadline as the spreadsheet holds it: a date, a quarter ('T3 2025', 'Q3 2025' in English) or a year."""
    if activity.deadline_date:
        return activity.deadline_date
    if activity.deadline_year and activity.deadline_quarter:
        return quarter_label(activity.deadline_year, activity.deadline_quarter)
    return activity.deadline_year


def activity_row(activity, partner_codes):
    """One activity as a row of the spreadsheet, in COLUMNS order."""
    objective = activity.objective
    pillar = objective.pillar
    return [
        pillar.code, pillar.title, pillar.title_en, objective.code, objective.title, objective.title_en,
        activity.code, activity.description, activity.description_en, activity.lead_institution.code,
        f"{PARTNER_SEPARATOR} ".join(sorted(partner_codes)),
        deadline_cell(activity), activity.output_indicator, activity.target,
        activity.estimated_cost, activity.funding_source,
    ]


def cell_text(value):
    """A cell from XLSX or CSV as a trimmed string; dates as ISO, whole floats without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()

