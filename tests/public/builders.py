"""A small world for the public site: victims identified in 2025 (published) and 2024 (never published).

VT-01 is reported by the Responsible Authority (AUT) with one-way breakdowns by sex and by age group:

    2025 Q1: total 12 = F 2 + M 10 = MINOR 5 + ADULT 7        (accepted)
    2025 Q2: total  8 = F 1 + M  7 = MINOR 4 + ADULT 4        (accepted)
    2025 year: 20 = F 3 ("<5") + M 17 (hidden, or 3 = 20 − 17) = MINOR 9 + ADULT 11
    2024 Q4: total 4242 (an unpublished year: the number must never appear)

One activity (lead AUT) reported implemented in 2025 Q2; a finalised committee report with a frozen PDF and a
draft one.
"""

import datetime
import hashlib
from types import SimpleNamespace

from institutions.choices import InstitutionKind
from reports.choices import CommitteeReportStatus, ProgressStatus
from reports.models import CommitteeReport
from strategy.models import ActionPlan, Activity, Indicator, Objective, Pillar, Strategy
from tests import factories
from tests.committee.builders import accepted, make_period, progress, stat
from tests.reports.builders import make_dimension, make_indicator

SECRET = 4242
PDF = b"%PDF-1.4 public committee report"


def frozen_report(by, title, status=CommitteeReportStatus.FINAL, pdf=PDF):
    return CommitteeReport.objects.create(
        title=title, created_by=by, status=status, finalised_by=by if pdf else None,
        finalised_at=datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC) if pdf else None,
        frozen_pdf=pdf, pdf_sha256=hashlib.sha256(pdf).hexdigest() if pdf else "", frozen_figures={},
    )


def build_public_world():
    w = SimpleNamespace()
    w.director = factories.DirectorFactory(username="pw-director", language="en")
    w.coordinator = factories.CoordinatorFactory(username="pw-coordinator", language="en")
    w.authority = factories.InstitutionFactory(code="AUT", name="Autoriteti Përgjegjës",
                                               name_en="Responsible Authority", coordinator=w.coordinator)
    factories.InstitutionFactory(code="NJA", name="Njësia Antitrafik", name_en="Anti-Trafficking Unit",
                                 kind=InstitutionKind.UNIT)
    strategy = Strategy.objects.create(title="Strategjia", start_year=2024, end_year=2026)
    w.plan = ActionPlan.objects.create(strategy=strategy, title="PKV", start_year=2024, end_year=2026)
    pillar = Pillar.objects.create(plan=w.plan, code="2", title="Mbrojtja", title_en="Protection", order=2)
    objective = Objective.objects.create(pillar=pillar, code="2.1", title="Identifikimi")
    w.activity = Activity.objects.create(objective=objective, code="2.1.1", description="Identifikimi i viktimave",
                                         lead_institution=w.authority, deadline_date=datetime.date(2026, 12, 31))
    sex, (w.female, w.male) = make_dimension("sex", ["F", "M"])
    w.female.standard_code = "HTCDS Gender Feminine; Eurostat F"
    w.female.save()
    age, (w.minor, w.adult) = make_dimension("age_group", ["MINOR", "ADULT"])
    w.victims = make_indicator("VT-01", dimensions=[sex, age], institutions=[w.authority], layout="separate")
    Indicator.objects.filter(pk=w.victims.pk).update(
        pillar=pillar, standard_code="Eurostat crim_thb_vsage", institution_aggregation="authoritative",
        authoritative_institution=w.authority)
    w.p24 = [make_period(w.plan, 2024, q) for q in (1, 2, 3, 4)]
    w.p25 = [make_period(w.plan, 2025, q) for q in (1, 2, 3, 4)]
    for period, (total, f, m, minor, adult) in ((w.p25[0], (12, 2, 10, 5, 7)), (w.p25[1], (8, 1, 7, 4, 4)),
                                                (w.p24[3], (SECRET, SECRET - 1, 1, SECRET - 2, 2))):
        report = accepted(w.authority, period)
        stat(report, w.victims, total)
        for option, value in ((w.female, f), (w.male, m), (w.minor, minor), (w.adult, adult)):
            stat(report, w.victims, value, option)
        if period == w.p25[1]:
            progress(report, w.activity, ProgressStatus.IMPLEMENTED)
    w.final_report = frozen_report(w.director, "Raporti vjetor 2025")
    w.other_report = frozen_report(w.director, "Raporti i tremujorit", pdf=b"%PDF-1.4 never published")
    w.draft_report = frozen_report(w.director, "Draft", status=CommitteeReportStatus.DRAFT, pdf=None)
    return w
