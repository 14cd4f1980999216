"""The columns of an action-plan spreadsheet: one definition for the template, the import and the export."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from . import deadlines


@dataclass(frozen=True)
class Column:
    key: str
    required: bool
    help: str
    example: object = ""


COLUMNS = [
    Column("pillar_code", True, _("Code of the pillar as the plan writes it, e.g. 2, II or A."), "2"),
    Column("pillar_title", False, _("Title of the pillar in Albanian; needed when the pillar is new."), "Mbrojtja"),
    Column("pillar_title_en", False, _("Title of the pillar in English."), "Protection"),
    Column("objective_code", True, _("Code of the specific objective as the plan writes it, e.g. 2.1, A.1 or "
                                     "I.(d)."), "2.1"),
    Column("objective_title", False, _("Title of the objective; needed when the objective is new."),
           "Përmirësimi i identifikimit të viktimave"),
    Column("objective_title_en", False, _("Title of the objective in English."), "Better identification of victims"),
    Column("activity_code", True, _("Code of the activity as the plan writes it, unique in the plan, e.g. 2.1.3, "
                                    "C.1 or I.(d).(ii): parts joined by dots, each digits, letters or a Roman "
                                    "numeral, optionally in brackets, without spaces."), "2.1.3"),
    Column("description", True, _("What the activity is."), "Trajnimi i punonjësve të policisë kufitare"),
    Column("description_en", False, _("What the activity is, in English."), "Training of border police officers"),
    Column("lead_institution", True, _("Code, name (Albanian or English), former name or abbreviation of the lead "
                                       "institution. Several leads are separated by ';': the first coordinates."),
           "PSH; MB"),
    Column("partners", False, _("Codes or names of the partner institutions, separated by ';'."), "AP; IOM"),
    Column("deadline", False, _("A date (31.12.2025 or 2025-12-31), a month (06/2026, qershor 2026 or June 2026), "
                                "a quarter (T4 2025 or Q4 2025), a year (2025), a range (2025–2027 or T1 2025 – "
                                "T4 2026) or “në vazhdim” / “ongoing”."), "T4 2025"),
    Column("output_indicator", False, _("The output indicator of the activity."), "Numri i punonjësve të trajnuar"),
    Column("target", False, _("The target of the indicator."), "120"),
    Column("estimated_cost", False, _("Estimated cost in ALL, a number not below zero; empty when not costed."),
           Decimal("1500000")),
    Column("funding_source", False, _("state_budget, donor, other or not_costed (or their names)."), "state_budget"),
    Column("resources", False, _("The resources as the plan writes them, beside the cost, e.g. who pays and "
                                 "what is needed."), "Buxheti i shtetit + IOM, 2 trajnerë"),
]
COLUMN_KEYS = [c.key for c in COLUMNS]
REQUIRED_KEYS = [c.key for c in COLUMNS if c.required]
PARTNER_SEPARATOR = ";"


def deadline_cell(activity):
    """The deadline as the spreadsheet holds it: a date as a date, else as the import reads it ('T3 2025',
    'qershor 2026', '2025–2027', 'Në vazhdim'; in the active language), a year as a number."""
    value = deadlines.text(deadlines.of(activity), dates=False)
    return int(value) if isinstance(value, str) and value.isdigit() else value


def institutions_cell(codes):
    """Institution codes as a cell: 'PSH; MB'."""
    return f"{PARTNER_SEPARATOR} ".join(codes)


def activity_row(activity):
    """One activity as a row of the spreadsheet, in COLUMNS order (objective, pillar, lead, co-leads and partners
    prefetched)."""
    objective = activity.objective
    pillar = objective.pillar
    return [
        pillar.code, pillar.title, pillar.title_en, objective.code, objective.title, objective.title_en,
        activity.code, activity.description, activity.description_en,
        institutions_cell(i.code for i in activity.leads),
        institutions_cell(sorted(p.code for p in activity.partners.all())),
        deadline_cell(activity) or None, activity.output_indicator, activity.target,
        activity.estimated_cost, activity.funding_source, activity.resources,
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

