"""Charts of a committee report, drawn on the server as SVG from the figures (the same in page and PDF).

Each chart is an SVG string; `data_uri` turns it into an <img> source, which keeps the page within
its Content Security Policy (matplotlib's SVG carries style attributes) and works in WeasyPrint.
Text is drawn as paths with DejaVu Sans, so ë and ç look the same everywhere; matplotlib also writes
each label into an SVG comment, which keeps the text findable.
"""

import base64
import hashlib
import io
import json

import matplotlib

matplotlib.use("Agg")

from django.core.cache import cache  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402
from django.utils.translation import override  # noqa: E402
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
CHARTS_VERSION = 2  # part of the cache key: change it when the drawing changes
CACHE_SECONDS = 60 * 60 * 24
MAX_BREAKDOWN_CHARTS = 6
RC = {
    "svg.hashsalt": "antitrafik",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    # Names are text: matplotlib would read a "$…$" pair in a pillar, indicator or option name as mathematics
    # (and fail on most of them, taking the committee report's page down).
    "text.parse_math": False,
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
    """Totals per quarter of the key indicators over the previous and the current span. Incomplete quarters (not
    every expected report accepted) are drawn as hollow points and their labels marked with an asterisk."""
    trend = figures["trend"]
    incomplete = trend.get("incomplete") or [False] * len(trend["labels"])
    with matplotlib.rc_context(RC):
        figure = _figure(7.2, 3.4)
        axes = figure.subplots()
        positions = list(range(len(trend["labels"])))
        for index, series in enumerate(trend["series"]):
            if all(v is None for v in series["values"]):
                continue
            colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
            values = [float("nan") if v is None else v for v in series["values"]]
            axes.plot(positions, values, marker="o", color=colour,
                      label=_shorten(f"{series['code']} {series['name']}", 48))
            complete = series.get("complete") or [True] * len(values)
            hollow = [(p, v) for p, v, ok in zip(positions, series["values"], complete, strict=True)
                      if v is not None and not ok]
            if hollow:
                axes.plot([p for p, _v in hollow], [v for _p, v in hollow], linestyle="none", marker="o",
                          markerfacecolor="white", markeredgecolor=colour, zorder=3)
        if trend["span_starts_at"]:
            axes.axvspan(trend["span_starts_at"] - 0.5, len(positions) - 0.5, color="#f3e6e8", zorder=0)
        labels = [f"{label} *" if flag else label for label, flag in zip(trend["labels"], incomplete, strict=True)]
        axes.set_xticks(positions, labels, rotation=45, ha="right")
        axes.set_ylim(bottom=0)
        axes.yaxis.get_major_locator().set_params(integer=True)
        if any(incomplete):
            axes.set_title(_("* incomplete quarter (hollow points): not every expected report was accepted"),
                           fontsize=8, loc="left", color="#b02a37")
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2, frameon=False, fontsize=8)
        return _svg(figure)


def breakdown_chart(indicator, breakdown, current_label, previous_label):
    """One indicator's breakdown by one dimension: this span beside the previous equivalent span. Drawn half a
    page wide, so that two sit side by side; the figure's caption names the indicator and the dimension."""
    options = breakdown["options"]
    with matplotlib.rc_context(RC):
        figure = _figure(4.6, 0.4 * max(len(options), 1) + 1.2)
        axes = figure.subplots()
        names = [_shorten(o["name"], 26) for o in options]
        positions = list(range(len(options)))
        height = 0.38
        axes.barh([p - height / 2 for p in positions], [o["value"] or 0 for o in options], height=height,
                  color="#7a1020", label=current_label)
        axes.barh([p + height / 2 for p in positions], [o["previous"] or 0 for o in options], height=height,
                  color="#adb5bd", label=previous_label)
        axes.set_yticks(positions, names)
        axes.invert_yaxis()
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, frameon=False, fontsize=8)
        return _svg(figure)


def data_uri(svg):
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def chart_key(kind, inputs, language):
    """The cache key of one chart: a hash of exactly what it is drawn from (not when it was compiled), its
    language and the drawing's version."""
    data = json.dumps({"chart": kind, "inputs": inputs, "language": language, "version": CHARTS_VERSION},
                      sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    return "committee-chart:" + hashlib.sha256(data).hexdigest()


def cached_report_charts(figures, language):
    """The report's charts, each drawn once per version of what it is drawn from and then read from the cache:
    a report accepted meanwhile that changes the implementation by pillar redraws that chart only."""
    with override(language):
        planned = _planned_charts(figures)
        keys = [chart_key(key, inputs, language) for key, _title, inputs, _draw in planned]
        kept, drawn, charts = cache.get_many(keys), {}, []
        for cache_key, (key, title, _inputs, draw) in zip(keys, planned, strict=True):
            svg = kept.get(cache_key)
            if svg is None:
                svg = drawn[cache_key] = draw()
            charts.append({"key": key, "title": title, "svg": svg})
    if drawn:
        cache.set_many(drawn, CACHE_SECONDS)
    return with_sources(charts)


def with_sources(charts):
    """The charts with their data URIs (kept out of the cache and the frozen copy: they are the SVG again)."""
    return [chart | {"src": data_uri(chart["svg"])} for chart in charts]


def _planned_charts(figures):
    """The report's charts as (key, title, what it is drawn from, a function drawing it). Call inside the
    report's language."""
    implementation, trend = figures["implementation"], figures["trend"]
    span, previous = figures["span"]["label"], figures["previous_span"]["label"]
    planned = [("implementation", _("Implementation of the action plan by pillar"),
                {"pillars": implementation["pillars"], "categories": implementation["categories"]},
                lambda: implementation_chart(figures))]
    if trend["series"]:
        planned.append(("trend", _("Key indicators per quarter"), trend, lambda: trend_chart(figures)))
    key_codes = {s["code"] for s in trend["series"]}
    breakdowns = [
        (indicator, breakdown)
        for indicator in figures["statistics"] if indicator["code"] in key_codes
        for breakdown in indicator["breakdowns"]
    ][:MAX_BREAKDOWN_CHARTS]
    for indicator, breakdown in breakdowns:
        planned.append((
            f"breakdown-{indicator['code']}-{breakdown['dimension']}",
            _("%(indicator)s, %(by)s") % {
                "indicator": indicator["name"],
                # Reports finalised before the phrases were stored name the dimension only.
                "by": breakdown.get("by") or _("by %(dimension)s") % {"dimension": breakdown["dimension"].lower()}},
            {"breakdown": breakdown, "span": span, "previous": previous},
            lambda i=indicator, b=breakdown: breakdown_chart(i, b, span, previous),
        ))
    return planned


def report_charts(figures):
    """All the report's charts as dicts: key, title, svg, src (data URI), drawn now. Call inside the report's
    language."""
    return with_sources([{"key": key, "title": title, "svg": draw()}
                         for key, title, _inputs, draw in _planned_charts(figures)])
