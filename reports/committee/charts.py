"""Charts of a committee report, drawn on the server as SVG from the figures (the same in page and PDF).

Each chart is an SVG string; `data_uri` turns it into an <img> source, which keeps the page within
its Content Security Policy (matplotlib's SVG carries style attributes) and works in WeasyPrint.
Text is drawn as paths with DejaVu Sans, so ë and ç look the same everywhere; matplotlib also writes
each label into an SVG comment, which keeps the text findable.
"""

import base64
import io

import matplotlib

matplotlib.use("Agg")

from django.utils.translation import gettext as _  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from .labels import category_labels  # noqa: E402

COLOURS = {
    "implemented": "#146c43",
    "partial": "#20c997",
    "in_progress": "#0b5ed7",
    "not_started": "#adb5bd",
    "delayed": "#b02a37",
    "not_applicable": "#e9ecef",
}
SERIES_COLOURS = ["#7a1020", "#0b5ed7", "#146c43", "#b35c00", "#6f42c1", "#495057"]
MAX_BREAKDOWN_CHARTS = 6
RC = {
    "svg.hashsalt": "antitrafik",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _svg(figure):
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    return buffer.getvalue()


def _figure(width, height):
    with matplotlib.rc_context(RC):
        return Figure(figsize=(width, height), dpi=100)


def _shorten(text, length=38):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def implementation_chart(figures):
    """Implementation by pillar: one stacked horizontal bar per pillar, one colour per category."""
    implementation = figures["implementation"]
    pillars = implementation["pillars"]
    labels = category_labels()
    with matplotlib.rc_context(RC):
        figure = _figure(7.2, 0.55 * max(len(pillars), 1) + 1.4)
        axes = figure.subplots()
        names = [_shorten(f"{p['code']}. {p['title']}") for p in pillars]
        left = [0] * len(pillars)
        for category in implementation["categories"]:
            values = [p["counts"][category] for p in pillars]
            if not any(values):
                continue
            axes.barh(names, values, left=left, color=COLOURS[category], label=str(labels[category]),
                      edgecolor="white", linewidth=0.5)
            left = [a + b for a, b in zip(left, values, strict=True)]
        axes.invert_yaxis()
        axes.set_xlabel(_("Activities"))
        axes.xaxis.get_major_locator().set_params(integer=True)
        if axes.get_legend_handles_labels()[0]:
            axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=3, frameon=False, fontsize=8)
        return _svg(figure)


def trend_chart(figures):
    """Totals per quarter of the key indicators over the previous and the current span."""
    trend = figures["trend"]
    with matplotlib.rc_context(RC):
        figure = _figure(7.2, 3.2)
        axes = figure.subplots()
        positions = list(range(len(trend["labels"])))
        for index, series in enumerate(trend["series"]):
            if all(v is None for v in series["values"]):
                continue
            values = [float("nan") if v is None else v for v in series["values"]]
            axes.plot(positions, values, marker="o",
                      color=SERIES_COLOURS[index % len(SERIES_COLOURS)], label=_shorten(f"{series['code']} {series['name']}", 48))
        if trend["span_starts_at"]:
            axes.axvspan(trend["span_starts_at"] - 0.5, len(positions) - 0.5, color="#f3e6e8", zorder=0)
        axes.set_xticks(positions, trend["labels"], rotation=45, ha="right")
        axes.set_ylim(bottom=0)
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2, frameon=False, fontsize=8)
        return _svg(figure)


def breakdown_chart(indicator, breakdown, current_label, previous_label):
    """One indicator's breakdown by one dimension: this span beside the previous equivalent span."""
    options = breakdown["options"]
    with matplotlib.rc_context(RC):
        figure = _figure(7.2, 0.42 * max(len(options), 1) + 1.3)
        axes = figure.subplots()
        names = [_shorten(o["name"], 32) for o in options]
        positions = list(range(len(options)))
        height = 0.38
        axes.barh([p - height / 2 for p in positions], [o["value"] or 0 for o in options], height=height,
                  color="#7a1020", label=current_label)
        axes.barh([p + height / 2 for p in positions], [o["previous"] or 0 for o in options], height=height,
                  color="#adb5bd", label=previous_label)
        axes.set_yticks(positions, names)
        axes.invert_yaxis()
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.set_title(_shorten(f"{indicator['code']} {indicator['name']} · {breakdown['dimension']}", 70),
                       fontsize=9, loc="left")
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False, fontsize=8)
        return _svg(figure)


def data_uri(svg):
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def report_charts(figures):
    """All the report's charts as dicts: key, title, svg, src (data URI). Call inside the report's language."""
    charts = [{"key": "implementation", "title": _("Implementation of the action plan by pillar"),
               "svg": implementation_chart(figures)}]
    if figures["trend"]["series"]:
        charts.append({"key": "trend", "title": _("Key indicators per quarter"), "svg": trend_chart(figures)})
    key_codes = {s["code"] for s in figures["trend"]["series"]}
    breakdowns = [
        (indicator, breakdown)
        for indicator in figures["statistics"] if indicator["code"] in key_codes
        for breakdown in indicator["breakdowns"]
    ][:MAX_BREAKDOWN_CHARTS]
    for indicator, breakdown in breakdowns:
        charts.append({
            "key": f"breakdown-{indicator['code']}-{breakdown['dimension']}",
            "title": _("%(indicator)s by %(dimension)s") % {"indicator": indicator["name"],
                                                             "dimension": breakdown["dimension"].lower()},
            "svg": breakdown_chart(indicator, breakdown, figures["span"]["label"], figures["previous_span"]["label"]),
        })
    for chart in charts:
        chart["src"] = data_uri(chart["svg"])
    return charts
