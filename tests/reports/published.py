"""An indicator as official sources publish it: a total of victims and potential victims with one-way
breakdowns by sex, by age and by form of exploitation (forms overlap), each with an "unknown" option."""

from reports import services
from strategy.choices import BreakdownLayout, RuleKind
from tests.reports.builders import make_dimension, make_indicator, make_period, make_plan, make_rule


class Published:
    """A plan, an open period and the indicator VT (sex × age × form) of `institution`, laid out as `layout`."""

    def __init__(self, institution, *, layout=BreakdownLayout.SEPARATE, year=2026, quarter=2):
        self.institution = institution
        self.plan = make_plan()
        self.period = make_period(self.plan, year, quarter)
        self.sex, (self.female, self.male, self.sex_unknown) = make_dimension("p-sex", ["F", "M", "UNK"])
        self.age, (self.minor, self.adult, self.age_unknown) = make_dimension("p-age", ["MINOR", "ADULT", "UNK"])
        self.form, forms = make_dimension("p-form", ["SEX", "LABOUR", "BEGGING", "MARRIAGE", "UNK"])
        self.sexual, self.labour, self.begging, self.marriage, self.form_unknown = forms
        self.victims = make_indicator("VT", dimensions=[self.sex, self.age, self.form], institutions=[institution],
                                      layout=layout, overlapping=[self.form], order=1)
        for dimension in (self.sex, self.age, self.form):
            make_rule(self.victims, RuleKind.BREAKDOWN_SUM, dimension=dimension)

    def start(self, reporter):
        return services.report_start(institution=self.institution, period=self.period, by=reporter)

    def key(self, *options):
        return "-".join(str(o.pk) for o in options)

    def one_way(self, total, *, sex=(), age=(), form=()):
        """{(indicator id, key): value} of a total and one-way tables given as option → value pairs."""
        values = {(self.victims.pk, ""): total}
        for option, value in (*sex, *age, *form):
            values[(self.victims.pk, self.key(option))] = value
        return values

    @staticmethod
    def post_data(report, values, action="save", **extra):
        data = {"version": str(report.version), "institution": str(report.institution_id),
                "period": str(report.period_id), "action": action, **extra}
        for (indicator_id, key), value in values.items():
            data[f"v-{indicator_id}-{key}"] = "" if value is None else str(value)
        return data
