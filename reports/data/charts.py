"""The data viewer's chart: an indicator's national figure per quarter, drawn on the server as SVG.

Drawn with the committee report's matplotlib set-up (reports.committee.charts: fonts, colours, SVG output),
and cached under a digest of what it shows (the values, labels, completeness and language), so a chart is
drawn once per version of its figures and any change of the figures draws a new one.
"""

import hashlib
import json

import matplotlib
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from matplotlib.patches import Patch

from reports.committee.charts import RC, _figure, _svg, data_uri

CACHE_SECONDS = 24 * 3600
COMPLETE_COLOUR = "#7a1020"
INCOMPLETE_COLOUR = "#d9a7ae"


def _cached(kind, payload, draw):
    digest = hashlib.sha256(json.dumps([kind, get_language(), payload], sort_keys=True, default=str)
                            .encode("utf-8")).hexdigest()
    return cache.get_or_set(f"antitrafik:data-chart:{digest}", draw, CACHE_SECONDS)


def quarters_chart(quarters, *, unit_label=""):
    """Bars of the national figure per quarter; quarters without every expected report accepted are drawn
    lighter and the legend says so. `quarters`: [{"label", "value" (number or None), "complete" (bool)}].
    Returns {"svg", "src"} (src: a data URI for an <img>), or None when no quarter has a figure."""
    if not any(q["value"] is not None for q in quarters):
        return None
    payload = [(q["label"], None if q["value"] is None else float(q["value"]), bool(q["complete"])) for q in quarters]

    def draw():
        with matplotlib.rc_context(RC):
            figure = _figure(7.2, 3.0)
            axes = figure.subplots()
            positions = list(range(len(payload)))
            values = [0 if v is None else v for _label, v, _c in payload]
            colours = [COMPLETE_COLOUR if complete else INCOMPLETE_COLOUR for _label, _v, complete in payload]
            bars = axes.bar(positions, values, color=colours, edgecolor="white", linewidth=0.5)
            for bar, (_label, value, complete) in zip(bars, payload, strict=True):
                if value is not None and not complete:
                    bar.set_hatch("///")
            axes.set_xticks(positions, [label for label, _v, _c in payload], rotation=45, ha="right")
            axes.set_ylim(bottom=0)
            axes.yaxis.get_major_locator().set_params(integer=True)
            if unit_label:
                axes.set_ylabel(unit_label)
            if any(not complete and value is not None for _label, value, complete in payload):
                axes.legend(handles=[
                    Patch(facecolor=COMPLETE_COLOUR, label=_("complete quarter")),
                    Patch(facecolor=INCOMPLETE_COLOUR, hatch="///", label=_("incomplete quarter: not every report accepted")),
                ], loc="upper center", bbox_to_anchor=(0.5, -0.32), ncol=2, frameon=False, fontsize=8)
            return _svg(figure)

    svg = _cached("quarters", [payload, unit_label], draw)
    return {"svg": svg, "src": data_uri(svg)}
