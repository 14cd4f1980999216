"""The statistics section of a report's page and form: each indicator's layout with its issues and comments, and
its HTML, kept in the process while everything it shows is the same.

The section of a report with hundreds of cells is the costliest part of its page. Its HTML depends only on what
the key below holds: the indicators' definitions (the store of strategy.definitions is emptied when they change),
the report's rows (its institution and kind, or the plan rows it was saved with), the language, whether it is the
form or the page, every value with its kind ("at least" or exact), the indicators' comments with their replies,
and the validation issues shown. Two requests with the same key get the same HTML; any difference is another key.
A form shown again after a refused save (with what was typed and its errors) is never kept.
"""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from strategy import definitions

from . import validation

KEPT_SECTIONS = 200  # per process: about 40 KB to 300 KB each


def grid_layouts(data, *, errors=None, raw=None, issues=None):
    """The layouts of the report's grids (reports.grid.IndicatorGrid.layout) with the issues and comments of each."""
    issues_by_name = validation.issues_by_input(issues or [])
    layouts = []
    for grid in data.grids:
        layout = grid.layout(data.values, errors=errors, raw=raw)
        layout["comments"] = data.comments_for_indicator(grid.pk)
        one_way_cells = [r["cell"] for table in layout["tables"] for r in table["rows"]]
        for cell in [layout["total"], *[c for row in layout["rows"] for c in row["cells"]], *one_way_cells]:
            cell["issues"] = issues_by_name.get(cell["name"], [])
        for table in layout["tables"]:
            table["issues"] = issues_by_name.get(table["anchor"], [])
        layout["issues"] = [i for name, found in issues_by_name.items() if name.startswith(f"v-{grid.pk}-") for i in found]
        layouts.append(layout)
    return layouts


def _key(data, *, editable, open_comments, replying, issues):
    report = data.report
    comments = tuple(
        (c.pk, c.indicator_id, c.body, str(c.author), c.created_at, c.round, c.reply, c.replied_at,
         getattr(c, "reply_shown", None))
        for c in data.comments if c.indicator_id)
    return (
        report.institution_id, report.institution.kind, tuple(g.pk for g in data.grids),
        tuple(tuple(o.pk for _p, _d, options in g.dimensions for o in options) for g in data.grids),
        get_language(), bool(editable), bool(open_comments), bool(replying),
        tuple(sorted((indicator, key, type(value).__name__, str(value)) for (indicator, key), value in data.values.items())),
        comments,
        tuple((i.severity, str(i.message), i.indicator_id, i.cell_key, i.dimension_id, i.indicator, i.where)
              for i in issues),
    )


def grid_section(context, *, editable):
    """The HTML of reports/_grid.html for the report of `context` (its `data`, and its `errors`, `raw`, `issues`,
    `open_comments`, `replying` when given), kept while its key is the same."""
    data = context["data"]
    errors, raw, issues = context.get("errors") or {}, context.get("raw") or {}, context.get("issues") or []
    open_comments, replying = context.get("open_comments"), context.get("replying")

    def render():
        with context.push(grids=grid_layouts(data, errors=errors, raw=raw, issues=issues), editable=editable):
            return mark_safe(render_to_string("reports/_grid.html", context.flatten()))  # noqa: S308 - our template

    if errors or raw:
        return render()
    key = _key(data, editable=editable, open_comments=open_comments, replying=replying, issues=issues)
    return definitions.kept("grid_section", key, render, limit=KEPT_SECTIONS, token=data.definitions_token)
