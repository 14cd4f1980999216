"""Demo public sources (part of `seed_demo`, after the indicators). Idempotent: keyed on the citation.

The US Department of State's Trafficking in Persons reports publish Albania's identified victims (official
status) and potential victims every year, with separate breakdowns; the figures below are the ones those
reports print (cross-tables such as "32 women, 48 girls" are recorded as the one-way cells they add up to,
as the note of each source says). One more source, its publisher and note saying "Demo", holds invented
figures for 2025 so that the comparison with the demo's accepted reports can be seen (one of them differs
by more than the threshold).
"""

from decimal import Decimal

from institutions.choices import Role
from institutions.models import User
from strategy.models import DimensionOption, Indicator

from ..models import PublicSource
from . import services
from .services import PublishedCell

US_STATE = "US Department of State"
# citation (title, year, url, note), then {(indicator, year): ({cell: value}, reference)}; a cell is "" for the
# total or "dimension:OPTION"; a value given as a string "≥n" is an "at least" figure.
SOURCES = [
    (("2019 Trafficking in Persons Report: Albania", 2019,
      "https://www.state.gov/reports/2019-trafficking-in-persons-report-2/albania/",
      "Country narrative, section Protection: the government and NGOs identified 95 official and potential victims "
      "in 2018 (2 official, 93 potential; 28 adults, 67 minors; 60 female, 35 male; one foreign). The type of "
      "exploitation was not known for all: at least 36 sex trafficking, 25 forced labour, 27 forced begging."),
     {("VT-01", 2018): ({"": 2}, "Protection"),
      ("VT-02", 2018): ({"": 93}, "Protection"),
      ("VT-03", 2018): ({"": 95, "victim_status:VT": 2, "victim_status:VMT": 93, "citizenship:FOREIGN": 1},
                        "Protection")}),
    (("2021 Trafficking in Persons Report: Albania", 2021,
      "https://www.state.gov/reports/2021-trafficking-in-persons-report/albania/",
      "Country narrative, section Protection: 81 potential and 5 officially recognised victims in 2020 (96 potential "
      "and 7 official in 2019); of the 86, three foreign victims."),
     {("VT-01", 2020): ({"": 5}, "Protection"),
      ("VT-02", 2020): ({"": 81}, "Protection"),
      ("VT-03", 2020): ({"": 86, "victim_status:VT": 5, "victim_status:VMT": 81, "citizenship:FOREIGN": 3},
                        "Protection"),
      ("VT-01", 2019): ({"": 7}, "Protection"),
      ("VT-02", 2019): ({"": 96}, "Protection"),
      ("VT-03", 2019): ({"": 103, "victim_status:VT": 7, "victim_status:VMT": 96}, "Protection")}),
    (("2023 Trafficking in Persons Report: Albania", 2023, "",
      "Country narrative, section Protection: 110 potential and 2 official victims in 2022 (154 potential and 5 "
      "official in 2021). Of the 110: 32 women, 4 men, 48 girls and 26 boys (recorded as female 80, male 30, "
      "minors 74, adults 36); 61 sex trafficking, 35 labour trafficking of which 26 forced begging (recorded as "
      "forced labour 9 and forced begging 26), 14 forced criminality. Three foreign victims."),
     {("VT-01", 2022): ({"": 2}, "Protection"),
      ("VT-02", 2022): ({"": 110, "sex:F": 80, "sex:M": 30, "age_group:MINOR": 74, "age_group:ADULT": 36,
                         "exploitation:SEX": 61, "exploitation:LABOUR": 9, "exploitation:BEGGING": 26,
                         "exploitation:CRIMINAL": 14}, "Protection"),
      ("VT-03", 2022): ({"": 112, "victim_status:VT": 2, "victim_status:VMT": 110, "citizenship:FOREIGN": 3},
                        "Protection"),
      ("VT-01", 2021): ({"": 5}, "Protection"),
      ("VT-02", 2021): ({"": 154}, "Protection")}),
]
DEMO_PUBLISHER = "Demo (invented figures)"
DEMO_SOURCE = (
    ("Annual report of a partner NGO", 2026, "",
     "Demo: invented figures, not a real publication. They are here to show how a published figure is set "
     "beside the institutions' accepted figures and flagged when the two differ by more than the threshold."),
    {("VT-01", 2025): ({"": 30, "sex:F": "≥20"}, "p. 4, table 1"),
     ("VT-02", 2025): ({"": 160}, "p. 4, table 1"),
     ("PR-01", 2025): ({"": 120}, "p. 9")},
)


def _say(stdout, verbosity, text):
    if stdout is not None and verbosity:
        stdout.write(text)


def _cell(value):
    if isinstance(value, str) and value.startswith("≥"):
        return PublishedCell(Decimal(value[1:]), is_lower_bound=True)
    return PublishedCell(Decimal(value))


def seed(*, stdout=None, verbosity=1):
    """Record the demo's public sources once, signed by the demo director."""
    by = User.objects.filter(role=Role.DIRECTOR, is_active=True).order_by("pk").first()
    if by is None:
        return
    indicators = {i.code: i for i in Indicator.objects.prefetch_related("indicator_dimensions")}
    options = {f"{o.dimension.code}:{o.code}": o for o in DimensionOption.objects.select_related("dimension")}
    created = 0
    for (title, year, url, note), sets in [*SOURCES, DEMO_SOURCE]:
        publisher = DEMO_PUBLISHER if sets is DEMO_SOURCE[1] else US_STATE
        if PublicSource.objects.filter(title=title, publisher=publisher, publication_year=year).exists():
            continue
        source = services.public_source_create(by=by, title=title, publisher=publisher, publication_year=year,
                                               url=url, note=note)
        created += 1
        for (code, figure_year), (cells, reference) in sets.items():
            indicator = indicators.get(code)
            if indicator is None:
                continue
            dimensions = {link.dimension_id for link in indicator.indicator_dimensions.all()}
            cells = {(options[key] if key else None): _cell(value) for key, value in cells.items()
                     if not key or (key in options and options[key].dimension_id in dimensions)}
            services.public_source_figures_save(source=source, indicator=indicator, year=figure_year, cells=cells,
                                                reference=reference, by=by)
    _say(stdout, verbosity, f"Public sources: {PublicSource.objects.count()} ({created} new).")
