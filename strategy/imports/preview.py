"""Import of an action plan from a spreadsheet: reading the upload and the preview of what it would change.

The upload is read once into plain text cells (`read_upload`), kept in the session between the
preview and the apply, and validated again against the database when applied (strategy.imports.applying).
"""

import difflib
import hashlib
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from antitrafik.errors import DomainError
from antitrafik.spreadsheets import SpreadsheetError, read_table
from institutions.models import Institution, InstitutionAlias

from .. import deadlines
from ..choices import FundingSource
from ..columns import COLUMN_KEYS, PARTNER_SEPARATOR, REQUIRED_KEYS, cell_text
from ..models import CODE_MESSAGE, CODE_RE, Activity, Objective, Pillar, clean_code

MAX_IMPORT_ROWS = 10000
ACTIVITY_FIELDS = ["objective", "description", "description_en", "lead_institution", *deadlines.FIELDS,
                   "output_indicator", "target", "estimated_cost", "funding_source", "resources"]
CODE_KEYS = ("pillar_code", "objective_code", "activity_code")
# How many institutions an unknown name's "did you mean" offers, and how alike they must be (0–1).
SUGGESTIONS, SIMILARITY = 3, 0.6
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
    link: str = ""  # a page that helps fix it (the list of institutions for an unknown one)


@dataclass
class RowPlan:
    """One valid row: what the activity will look like after the import."""

    row: int
    code: str
    pillar_code: str
    objective_code: str
    values: dict
    partner_ids: frozenset
    co_lead_ids: frozenset = frozenset()
    lead_codes: list = field(default_factory=list)
    activity: Activity | None = None
    changes: list = field(default_factory=list)

    @property
    def deadline(self):
        """The deadline as it will read on the activity's page."""
        return deadlines.text(self.values)


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


def name_key(text):
    """A name as institutions are looked up by: case, accents (ë/e, ç/c), spaces and a final dot ignored."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("\u2013", "-").replace("\u2014", "-").split()).rstrip(".")


class InstitutionIndex:
    """Finds an institution by code, by name in Albanian or English, or by another name it is known by (a former
    name, an abbreviation: InstitutionAlias), case and accents ignored, without a query per row; and suggests
    the closest ones for a name it does not know."""

    def __init__(self):
        self.by_key = {}
        self.labels = {}
        for pk, code, name, name_en in Institution.objects.values_list("pk", "code", "name", "name_en"):
            self.labels[pk] = f"{code} – {name}"
            for key in (code, name, name_en):
                if key:
                    self.by_key.setdefault(name_key(key), pk)
        for pk, alias in InstitutionAlias.objects.values_list("institution_id", "name"):
            self.by_key.setdefault(name_key(alias), pk)
        self.codes = dict(Institution.objects.values_list("pk", "code"))

    def find(self, text):
        return self.by_key.get(name_key(text))

    def suggestions(self, text):
        """Up to SUGGESTIONS institutions whose code or names are closest to `text`, as 'CODE – name'."""
        found = []
        for key in difflib.get_close_matches(name_key(text), list(self.by_key), n=SUGGESTIONS * 4, cutoff=SIMILARITY):
            pk = self.by_key[key]
            if pk not in found:
                found.append(pk)
        return [self.labels[pk] for pk in found[:SUGGESTIONS]]

    def split(self, text):
        """The institution names of a cell: separated by ';' (or by ',' when that makes known names, since some
        names hold a comma: 'Ministria e Arsimit, Sportit dhe Rinisë')."""
        names = []
        for part in (text or "").split(PARTNER_SEPARATOR):
            part = part.strip()
            if not part:
                continue
            pieces = [p.strip() for p in part.split(",") if p.strip()]
            if len(pieces) > 1 and self.find(part) is None and any(self.find(p) is not None for p in pieces):
                names.extend(pieces)
            else:
                names.append(part)
        return names

    def problem(self, number, column, name):
        """The problem of an unknown institution: the closest names, and a link to the list of institutions."""
        close = self.suggestions(name)
        if close:
            message = _("Unknown institution: %(name)s. Did you mean: %(suggestions)s?") % {
                "name": name, "suggestions": "; ".join(close)}
        else:
            message = _("Unknown institution: %(name)s.") % {"name": name}
        return Problem(number, column, str(message), link=reverse("institutions:institution_list"))


def _funding_lookup():
    lookup = {}
    for value, label in FundingSource.choices:
        lookup[value] = value
        for language in ("sq", "en"):
            with translation.override(language):
                lookup[str(label).casefold()] = value
    return lookup


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
    co_leads_of = {}
    for activity_id, institution_id in Activity.co_leads.through.objects.filter(
        activity__plan=plan
    ).values_list("activity_id", "institution_id"):
        co_leads_of.setdefault(activity_id, set()).add(institution_id)
    absent = set(COLUMN_KEYS) - set(index)

    seen_codes = {}
    objective_pillar = {}
    for number, raw in enumerate(rows, start=2):
        cells = {key: (raw[i] if i < len(raw) else "") for key, i in index.items()}
        for key in COLUMN_KEYS:
            cells.setdefault(key, "")
        for key in CODE_KEYS:
            cells[key] = clean_code(cells[key])
        problems = _check_row(number, cells, institutions, funding, seen_codes, objective_pillar)
        if problems:
            preview.problems.extend(problems)
            continue
        _plan_row(preview, number, cells, institutions, funding, pillars, objectives, existing,
                  (partners_of, co_leads_of), absent)
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
    for key in CODE_KEYS:
        if cells[key] and not CODE_RE.match(cells[key]):
            problem(key, CODE_MESSAGE)
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
    if cells["lead_institution"] and not institutions.split(cells["lead_institution"]):
        problem("lead_institution", _("This cell is required."))
    for column in ("lead_institution", "partners"):
        for name in institutions.split(cells[column]):
            if institutions.find(name) is None:
                problems.append(institutions.problem(number, column, name))
    try:
        deadlines.parse(cells["deadline"])
    except deadlines.DeadlineError as exc:
        problem("deadline", str(exc))
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


def _plan_row(preview, number, cells, institutions, funding, pillars, objectives, existing, links, absent):
    pillar_code, objective_code, code = cells["pillar_code"], cells["objective_code"], cells["activity_code"]
    if not _plan_parents(preview, number, cells, pillars, objectives):
        return
    objective = objectives.get(objective_code)
    partners_of, co_leads_of = links

    cost = parse_cost(cells["estimated_cost"])
    source = funding.get(cells["funding_source"].casefold()) if cells["funding_source"] else FundingSource.NOT_COSTED
    # The first lead coordinates; the others lead too (co-leads); partners are the institutions that do not lead.
    lead_ids = list(dict.fromkeys(institutions.find(n) for n in institutions.split(cells["lead_institution"])))
    lead_id = lead_ids[0]
    co_lead_ids = frozenset(lead_ids[1:])
    partner_ids = frozenset(institutions.find(n) for n in institutions.split(cells["partners"])) - set(lead_ids)
    values = {
        "description": cells["description"], "description_en": cells["description_en"], "lead_institution_id": lead_id,
        **deadlines.parse(cells["deadline"]),
        "output_indicator": cells["output_indicator"], "target": cells["target"],
        "estimated_cost": cost, "funding_source": source, "resources": cells["resources"],
    }
    activity = existing.get(code)
    if activity is not None and not values["description_en"]:
        values["description_en"] = activity.description_en  # a file without English keeps the English text
    if activity is not None and "resources" in absent:
        values["resources"] = activity.resources  # a file of the older template keeps the resources text
    row = RowPlan(number, code, pillar_code, objective_code, values, partner_ids, co_lead_ids,
                  [institutions.codes[pk] for pk in lead_ids])
    if activity is None:
        preview.to_create.append(row)
        return
    row.activity = activity
    if objective is None or activity.objective_id != objective.pk:
        row.changes.append(_field_label("objective"))
    for name, value in values.items():
        if name not in deadlines.FIELDS and getattr(activity, name) != value:
            row.changes.append(_field_label(name.removesuffix("_id")))
    if any(getattr(activity, name) != values[name] for name in deadlines.FIELDS):
        row.changes.append(capfirst(str(_("deadline"))))
    if co_lead_ids != frozenset(co_leads_of.get(activity.pk, ())):
        row.changes.append(_field_label("co_leads"))
    if partner_ids != frozenset(partners_of.get(activity.pk, ())):
        row.changes.append(_field_label("partners"))
    (preview.to_update if row.changes else preview.unchanged).append(row)


def _field_label(name):
    return capfirst(str(Activity._meta.get_field(name).verbose_name))
