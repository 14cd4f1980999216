"""Matrix rows of the reports area (quarterly reports, review and follow-up)."""

from tests.matrix import Row


def build(world):
    """Add the objects the reports URLs need to `world`: an open period and reports in every state."""
    from reports import services
    from tests.reports.builders import Setup, make_period

    users = world.users
    reporter, coordinator = users["reporter"], users["coordinator"]
    setup = Setup(world.institution, world.other_institution)
    world.quarterly = setup
    world.q_period = setup.period
    world.draft = services.report_start(institution=world.institution, period=setup.period, by=reporter)

    def filled(period):
        report = services.report_start(institution=world.institution, period=period, by=reporter)
        services.report_save(report=report, by=reporter, version=report.version, values=setup.valid_values(),
                             progress=setup.answered_progress())
        return report

    world.filled = filled(make_period(setup.plan, 2026, 1))
    world.submitted = services.report_submit(report=filled(make_period(setup.plan, 2025, 4)), by=reporter)
    world.accepted = services.report_accept(
        report=services.report_submit(report=filled(make_period(setup.plan, 2025, 3)), by=reporter), by=coordinator
    )


def pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


UNIT = {"director": 200, "coordinator": 200, "other_coordinator": 200}
VIEWERS = {**UNIT, "reporter": 200, "other_reporter": 404}
REPORTER_ONLY = {"reporter": 200, "other_reporter": 404}
REVIEWERS = {"director": 200, "coordinator": 200}

ROWS = [
    Row("reports:my_reports", {"reporter": 200, "other_reporter": 200}),
    Row("reports:board", UNIT),
    Row("reports:review_queue", UNIT),
    Row("reports:overview", {"director": 200}),
    Row("reports:report_open", {"reporter": 302, "other_reporter": 200}, kwargs=lambda w: {"period_pk": w.q_period.pk},
        note="GET goes to the existing report, or asks to start one"),
    Row("reports:report_open", {"reporter": 302, "other_reporter": 302}, kwargs=lambda w: {"period_pk": w.q_period.pk},
        method="post"),
    Row("reports:report_detail", VIEWERS, kwargs=pk("draft")),
    Row("reports:report_history", VIEWERS, kwargs=pk("draft")),
    Row("reports:report_xlsx", VIEWERS, kwargs=pk("draft")),
    Row("reports:report_edit", REPORTER_ONLY, kwargs=pk("draft")),
    Row("reports:report_edit", {"reporter": 302, "other_reporter": 404}, kwargs=pk("draft"), method="post",
        data=lambda w: w.quarterly.post_data(w.draft), note="a valid save redirects to the form"),
    Row("reports:report_upload", REPORTER_ONLY, kwargs=pk("draft")),
    Row("reports:report_submit", {"reporter": 302, "other_reporter": 404}, kwargs=pk("filled"), method="post"),
    Row("reports:report_return", REVIEWERS, kwargs=pk("submitted")),
    Row("reports:report_return", {"director": 302, "coordinator": 302}, kwargs=pk("submitted"), method="post",
        data=lambda w: {"comment": "Plotësoni shpenzimet."}, note="the second reviewer finds it returned: message"),
    Row("reports:report_accept", {"director": 302, "coordinator": 302}, kwargs=pk("submitted"), method="post"),
    Row("reports:report_reopen", {"director": 200}, kwargs=pk("accepted")),
    Row("reports:report_reopen", {"director": 302}, kwargs=pk("accepted"), method="post",
        data=lambda w: {"reason": "Shifrat e V01 duhen rishikuar."}),
]
