"""Open data: a publication's tables as CSV and XLSX, from the frozen (suppressed) tables only.

The column names are stable (English, lower case, whatever the language of the labels) and listed with their
meaning in `DICTIONARY`; every row carries the publication's span, version, date and the suppression rule, so
a file read on its own says what it is. Indicators and options carry their international codes.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antitrafik.spreadsheets import csv_response, xlsx_response

from . import suppression
from .pages import localise

COLUMNS = [
    ("span", gettext_lazy("The year (2025) or quarter (2025-q3) the figures cover.")),
    ("version", gettext_lazy("The publication's version: a corrected publication gets the next number.")),
    ("published_on", gettext_lazy("The day the version was published (YYYY-MM-DD).")),
    ("indicator_code", gettext_lazy("The unit's code of the indicator (e.g. VT-01).")),
    ("indicator", gettext_lazy("What the indicator counts.")),
    ("indicator_standard_code", gettext_lazy("The indicator's place in Eurostat's crim_thb tables and IOM's HTCDS.")),
    ("unit", gettext_lazy("count, percent or all (Albanian lek).")),
    ("dimension_code", gettext_lazy("The breakdown (sex, age_group, exploitation, …); empty on the total's row.")),
    ("dimension", gettext_lazy("The breakdown's name.")),
    ("option_code", gettext_lazy("The option of the breakdown (F, M, MINOR, …); NOT_STATED: reported without it.")),
    ("option", gettext_lazy("The option's name.")),
    ("option_standard_code", gettext_lazy("The option's code in HTCDS, CTDC, Eurostat crim_thb or ISO 3166.")),
    ("overlapping", gettext_lazy("yes: one person can count in several options, so they may add up to more than "
                                 "the total.")),
    ("value", gettext_lazy("The figure; empty when it is suppressed (see flag).")),
    ("flag", gettext_lazy("small: a count from 1 to the threshold, shown <5; hidden: hidden so that a small count "
                          "cannot be worked out; withheld: the breakdown is not published.")),
    ("shown_as", gettext_lazy("The figure as the public pages show it (a number, <5 or x).")),
    ("complete", gettext_lazy("yes when every quarter of the span has the reports it needs accepted; no: partial.")),
    ("suppression_rule", gettext_lazy("The rule applied to counts of persons.")),
]


def rule_text(threshold):
    return _("Counts from 1 to %(threshold)s are shown as %(small)s; other cells are hidden (x) so that they "
             "cannot be worked out from totals or other breakdowns; zero stays zero.") % {
        "threshold": threshold, "small": suppression.small_label(threshold)}


def _rows(tables, lang):
    span = tables["span"]
    slug = str(span["year"]) if not span["quarter"] else f"{span['year']}-q{span['quarter']}"
    head = [slug, tables["version"], tables["published_at"]]
    rule = rule_text(tables["threshold"])
    for section in localise(tables["statistics"], lang):
        for indicator in section["indicators"]:
            about = [indicator["code"], indicator["name"], indicator["standard"], indicator["unit"]]
            complete = _("no") if indicator["partial"] else _("yes")
            total = indicator["total"]
            yield [*head, *about, "", "", "", "", "", "", total["value"], total["flag"],
                   suppression.shown(total["value"], total["flag"]), complete, rule]
            for breakdown in indicator["breakdowns"]:
                dimension = [breakdown["code"], breakdown["name"]]
                overlapping = _("yes") if breakdown["overlapping"] else _("no")
                if breakdown["withheld"]:
                    yield [*head, *about, *dimension, "", "", "", overlapping, None, "withheld", "", complete, rule]
                for cell in breakdown["cells"]:
                    yield [*head, *about, *dimension, cell["code"], cell["name"], cell["standard"], overlapping,
                           cell["value"], cell["flag"], suppression.shown(cell["value"], cell["flag"]), complete,
                           rule]


def _filename(publication, extension):
    span = publication.year if not publication.quarter else f"{publication.year}-q{publication.quarter}"
    return f"antitrafik-{span}-v{publication.version}.{extension}"


def csv_file(publication, lang):
    return csv_response(_filename(publication, "csv"), [c for c, _d in COLUMNS], _rows(publication.tables, lang))


def xlsx_file(publication, lang):
    tables = localise(publication.tables, lang)
    implementation = tables["implementation"]
    categories = implementation["categories"]
    reporting = tables["reporting"]
    return xlsx_response(_filename(publication, "xlsx"), [
        ("data", [c for c, _d in COLUMNS], _rows(publication.tables, lang)),
        ("plan_by_pillar", ["pillar_code", "pillar", *categories, "total"],
         [[g["code"], g["name"], *[g["counts"][c] for c in categories], g["total"]] for g in implementation["pillars"]]),
        ("plan_by_institution", ["institution_code", "institution", *categories, "total"],
         [[g["code"], g["name"], *[g["counts"][c] for c in categories], g["total"]]
          for g in implementation["institutions"]]),
        ("reporting", ["institution_code", "institution", *reporting["states"]],
         [[r["code"], r["name"], *[r[s] for s in reporting["states"]]] for r in reporting["institutions"]]),
        ("dictionary", ["column", "meaning"], [[c, str(d)] for c, d in COLUMNS]),
        ("about", ["field", "value"], [
            ["span", tables["span"]["label"]], ["version", tables["version"]],
            ["published_on", tables["published_at"]], ["suppression_rule", rule_text(tables["threshold"])],
        ]),
    ])
