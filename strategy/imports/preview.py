"""Import of an action plan from a spreadsheet: reading the upload and the preview of what it would change.

The upload is read once into plain text cells (`read_upload`), kept in the session between the
preview and the apply, and validated again against the database when applied (strategy.imports.applying).
"""

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from antitrafik.errors import DomainError
from antitrafik.spreadsheets import SpreadsheetError, read_table
from institutions.models import Institution

from ..choices import FundingSource
from ..columns import COLUMN_KEYS, PARTNER_SEPARATOR, REQUIRED_KEYS, cell_text
from ..models import CODE_RE, Activity, Objective, Pillar

MAX_IMPORT_ROWS = 10000
QUARTER_RE = re.compile(r"^[TQ]\s*([1-4])\s*[/ .-]?\s*(\d{4})$", re.IGNORECASE)
YEAR_RE = re.compile(r"^\d{4}$")
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")
ACTIVITY_FIELDS = ["objective", "description", "description_en", "lead_institution", "deadline_date", "deadline_quarter",
                   "deadline_year", "output_indicator", "target", "estimated_cost", "funding_source"]
MAX_LENGTHS = {"pillar_code": 10, "pillar_title": 255, "pillar_title_en": 255, "objective_code": 20,
               "activity_code": 30, "target": 255}


class PlanImportError(DomainError):
    """The import cannot be applied; the preview explains why."""


def read_upload(uploaded):
    """(header, rows of text cells) from an uploaded XLSX/CSV. Raises SpreadsheetError for the user."""
    header, rows = read_table(uploaded)
    if len(rows) > MAX_IMPORT_ROWS:
        raise SpreadsheetError(_("The file has more than %(n)s rows.") % {"n": MAX_IMPORT_ROWS})
    return [cell_text(h).lower() for h in header], [[cell_text(c) for c in row] for row in rows]


@dataclass
class Problem:
    row: int
    column: str
    message: str


@dataclass
class RowPlan:
    """One valid row: what the activity will look like after the import."""

    row: int
    code: str
    pillar_code: str
    objective_code: str
    values: dict
    partner_ids: frozenset
    activity: Activity | None = None
    changes: list = field(default_factory=list)


@dataclass
class ImportPreview:
    """What applying the file would do, and every problem found."""

    problems: list = field(default_factory=list)
    to_create: list = field(default_factory=list)
    to_update: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    new_pillars: dict = field(default_factory=dict)
    new_objectives: dict = field(default_factory=dict)
    changed_objectives: dict = field(default_factory=dict)
    changed_pillars: dict = field(default_factory=dict)

    @property
    def ok(self):
        return not self.problems

    @property
    def has_changes(self):
        return bool(self.to_create or self.to_update or self.new_pillars or self.new_objectives
                    or self.changed_objectives or self.changed_pillars)

    @property
    def fingerprint(self):
        """A digest of what applying would change: the preview page sends it back, so that applying a preview
        that is no longer true (another import or edit came first) is refused instead of done blindly."""
        summary = repr((
            sorted(r.code for r in self.to_create), sorted((r.code, [str(c) for c in r.changes]) for r in self.to_update),
            sorted(self.new_pillars), sorted(self.new_objectives), sorted(self.changed_objectives),
            sorted(self.changed_pillars),
        ))
        return hashlib.sha256(summary.encode()).hexdigest()[:32]


class InstitutionIndex:
    """Finds an institution by code or by name in Albanian or English, without a query per row."""

    def __init__(self):
        self.by_key = {}
        for pk, code, name, name_en in Institution.objects.values_list("pk", "code", "name", "name_en"):
            for key in (code, name, name_en):
                if key:
                    self.by_key.setdefault(key.strip().casefold(), pk)
        self.codes = dict(Institution.objects.values_list("pk", "code"))

    def find(self, text):
        return self.by_key.get(text.strip().casefold())


def _funding_lookup():
    lookup = {}
    for value, label in FundingSource.choices:
        lookup[value] = value
        for language in ("sq", "en"):
            with translation.override(language):
                lookup[str(label).casefold()] = value
    return lookup


def parse_deadline(text):
    """(date, quarter, year) from '2025-12-31', '31.12.2025', 'T4 2025', 'Q4 2025' or '2025'."""
    if not text:
        return None, None, None
    match = QUARTER_RE.match(text)
    if match:
        return None, int(match.group(1)), int(match.group(2))
    if YEAR_RE.match(text):
        return None, None, int(text)
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date(), None, None  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValueError


def parse_cost(text):
    if not text:
        return None
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    else:
        cleaned = cleaned.replace(",", "")
    value = Decimal(cleaned)
    if not value.is_finite():
        raise InvalidOperation
    return value.quantize(Decimal("0.01"))


def build_preview(plan, header, rows):
    """Validate the rows against the plan and the database, and say what applying them would do."""
    preview = ImportPreview()
    missing = [key for key in REQUIRED_KEYS if key not in header]
    if missing:
        preview.problems.append(Problem(1, ", ".join(missing), str(
            _("Required column(s) missing. Use the columns of the template: %(columns)s.")
            % {"columns": ", ".join(COLUMN_KEYS)})))
        return preview
    if not rows:
        preview.problems.append(Problem(2, "", str(_("The file has no activities."))))
        return preview
    index = {key: header.index(key) for key in COLUMN_KEYS if key in header}
    institutions = InstitutionIndex()
    funding = _funding_lookup()
    pillars = {p.code: p for p in Pillar.objects.filter(plan=plan)}
    objectives = {o.code: o for o in Objective.objects.filter(plan=plan).select_related("pillar")}
    existing = {a.code: a for a in Activity.objects.filter(plan=plan)}
    partners_of = {}
    for activity_id, institution_id in Activity.partners.through.objects.filter(
        activity__plan=plan
    ).values_list("activity_id", "institution_id"):
        partners_of.setdefault(activity_id, set()).add(institution_id)

    seen_codes = {}
    objective_pillar = {}
    for number, raw in enumerate(rows, start=2):
        cells = {key: (raw[i] if i < len(raw) else "") for key, i in index.items()}
        for key in COLUMN_KEYS:
            cells.setdefault(key, "")
        problems = _check_row(number, cells, institutions, funding, seen_codes, objective_pillar)
        if problems:
            preview.problems.extend(problems)
            continue
        _plan_row(preview, number, cells, institutions, funding, pillars, objectives, existing, partners_of)
    return preview


def _check_row(number, cells, institutions, funding, seen_codes, objective_pillar):
    problems = []

    def problem(column, message):
        problems.append(Problem(number, column, str(message)))

    for key in REQUIRED_KEYS:
        if not cells[key]:
            problem(key, _("This cell is required."))
    for key, limit in MAX_LENGTHS.items():
        if len(cells[key]) > limit:
            problem(key, _("At most %(n)s characters.") % {"n": limit})
    for key in ("pillar_code", "objective_code", "activity_code"):
        if cells[key] and not CODE_RE.match(cells[key]):
            problem(key, _("Use numbers separated by dots, e.g. 2.1.3."))
    code = cells["activity_code"]
    if code:
        if code in seen_codes:
            problem("activity_code", _("The code %(code)s appears twice in the file (first in row %(row)s).")
                    % {"code": code, "row": seen_codes[code]})
        else:
            seen_codes[code] = number
    objective_code = cells["objective_code"]
    if objective_code and cells["pillar_code"]:
        first = objective_pillar.setdefault(objective_code, cells["pillar_code"])
        if first != cells["pillar_code"]:
            problem("pillar_code", _("Objective %(objective)s is under pillar %(pillar)s in an earlier row.")
                    % {"objective": objective_code, "pillar": first})
    if cells["lead_institution"] and institutions.find(cells["lead_institution"]) is None:
        problem("lead_institution", _("Unknown institution: %(name)s.") % {"name": cells["lead_institution"]})
    for name in _split_partners(cells["partners"]):
        if institutions.find(name) is None:
            problem("partners", _("Unknown institution: %(name)s.") % {"name": name})
    try:
        date, quarter, year = parse_deadline(cells["deadline"])
        if year is not None and not 2000 <= year <= 2100:
            problem("deadline", _("The year must be between 2000 and 2100."))
    except ValueError:
        problem("deadline", _("Not a date, quarter or year: %(value)s.") % {"value": cells["deadline"]})
    try:
        cost = parse_cost(cells["estimated_cost"])
        if cost is not None and cost < 0:
            problem("estimated_cost", _("The cost cannot be negative."))
        elif cost is not None and cost >= Decimal("1e14"):
            problem("estimated_cost", _("The cost is too large."))
    except (InvalidOperation, ValueError):
        problem("estimated_cost", _("Not a number: %(value)s.") % {"value": cells["estimated_cost"]})
    if cells["funding_source"] and cells["funding_source"].casefold() not in funding:
        problem("funding_source", _("Unknown funding source: %(value)s.") % {"value": cells["funding_source"]})
    return problems


def _split_partners(text):
    return [part.strip() for part in (text or "").replace(",", PARTNER_SEPARATOR).split(PARTNER_SEPARATOR)
            if part.strip()]


def _titled(preview, number, cells, column, message, code):
    """A pillar or objective new to the plan needs its title in the row: False (and the problem noted) without."""
    if cells[column]:
        return True
    preview.problems.append(Problem(number, column, str(message % {"code": code})))
    return False


def _plan_parents(preview, number, cells, pillars, objectives):
    """Note the row's new or changed pillar and objective; False when the row cannot be imported."""
    pillar_code, objective_code = cells["pillar_code"], cells["objective_code"]
    pillar = pillars.get(pillar_code)
    if pillar is None:
        if pillar_code not in preview.new_pillars:
            if not _titled(preview, number, cells, "pillar_title", _("Pillar %(code)s is new: give its title."),
                           pillar_code):
                return False
            preview.new_pillars[pillar_code] = {"title": cells["pillar_title"], "title_en": cells["pillar_title_en"]}
    elif cells["pillar_title"] and (cells["pillar_title"], cells["pillar_title_en"] or pillar.title_en) != (
        pillar.title, pillar.title_en
    ):
        preview.changed_pillars.setdefault(pillar_code, {
            "title": cells["pillar_title"], "title_en": cells["pillar_title_en"] or pillar.title_en})
    objective = objectives.get(objective_code)
    if objective is None:
        if objective_code not in preview.new_objectives:
            if not _titled(preview, number, cells, "objective_title",
                           _("Objective %(code)s is new: give its title."), objective_code):
                return False
            preview.new_objectives[objective_code] = {"title": cells["objective_title"],
                                                      "title_en": cells["objective_title_en"], "pillar": pillar_code}
        return True
    if objective.pillar.code != pillar_code:
        preview.problems.append(Problem(number, "pillar_code", str(
            _("Objective %(objective)s belongs to pillar %(pillar)s in the plan.")
            % {"objective": objective_code, "pillar": objective.pillar.code})))
        return False
    title, title_en = cells["objective_title"] or objective.title, cells["objective_title_en"] or objective.title_en
    if (title, title_en) != (objective.title, objective.title_en):
        preview.changed_objectives.setdefault(objective_code, {"title": title, "title_en": title_en})
    return True


def _plan_row(preview, number, cells, institutions, funding, pillars, objectives, existing, partners_of):
    pillar_code, objective_code, code = cells["pillar_code"], cells["objective_code"], cells["activity_code"]
    if not _plan_parents(preview, number, cells, pillars, objectives):
        return
    objective = objectives.get(objective_code)

    date, quarter, year = parse_deadline(cells["deadline"])
    cost = parse_cost(cells["estimated_cost"])
    source = funding.get(cells["funding_source"].casefold()) if cells["funding_source"] else FundingSource.NOT_COSTED
    lead_id = institutions.find(cells["lead_institution"])
    partner_ids = frozenset(institutions.find(n) for n in _split_partners(cells["partners"])) - {lead_id}
    values = {
        "description": cells["description"], "description_en": cells["description_en"], "lead_institution_id": lead_id,
        "deadline_date": date, "deadline_quarter": quarter, "deadline_year": year,
        "output_indicator": cells["output_indicator"], "target": cells["target"],
        "estimated_cost": cost, "funding_source": source,
    }
    activity = existing.get(code)
    if activity is not None and not values["description_en"]:
        values["description_en"] = activity.description_en  # a file without English keeps the English text
    row = RowPlan(number, code, pillar_code, objective_code, values, partner_ids)
    if activity is None:
        preview.to_create.append(row)
        return
    row.activity = activity
    if objective is None or activity.objective_id != objective.pk:
        row.changes.append(_field_label("objective"))
    for name, value in values.items():
        if getattr(activity, name) != value:
            row.changes.append(_field_label(name.removesuffix("_id")))
    if partner_ids != frozenset(partners_of.get(activity.pk, ())):
        row.changes.append(_field_label("partners"))
    (preview.to_update if row.changes else preview.unchanged).append(row)


def _field_label(name):
    return capfirst(str(Activity._meta.get_field(name).verbose_name))
