"""After the load test: nothing lost, nothing twice. Reads what locust saw confirmed (saves.json) and the database."""

import datetime
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(saves_path, started_at):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antitrafik.settings")
    import django

    django.setup()
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from reports.choices import EventKind
    from reports.models import ActivityProgress, CommitteeReport, ReportEvent

    seen = json.loads(Path(saves_path).read_text(encoding="utf-8"))
    since = datetime.datetime.fromtimestamp(started_at, tz=datetime.UTC)
    problems = []
    lost = [pk for pk, token in seen["last_saved"].items()
            if not ActivityProgress.objects.filter(report_id=pk, narrative=token).exists()]
    if lost:
        problems.append(f"lost saves (the last confirmed save is not in the database): reports {lost}")
    submitted = dict(ReportEvent.objects.filter(kind=EventKind.SUBMITTED, at__gte=since)
                     .values_list("report_id").annotate(n=Count("id")))
    confirmed = {int(pk): n for pk, n in seen["submitted"].items()}
    if submitted != confirmed:
        problems.append(f"submissions in the database {submitted} differ from those confirmed to reporters {confirmed}")
    twice = (ReportEvent.objects.filter(at__gte=since, kind__in=[EventKind.SUBMITTED, EventKind.ACCEPTED])
             .values("report_id", "kind").annotate(n=Count("id")).filter(n__gt=1))
    if twice:
        problems.append(f"events recorded twice: {list(twice)}")
    accepted = ReportEvent.objects.filter(kind=EventKind.ACCEPTED, at__gte=since).count()
    failed_tasks = DBTaskResult.objects.failed().count()
    waiting = DBTaskResult.objects.exclude(status__in=["SUCCESSFUL", "FAILED"]).count()
    if failed_tasks:
        problems.append(f"{failed_tasks} task(s) failed")
    final = CommitteeReport.objects.filter(finalised_at__gte=since).count()
    print(f"saves confirmed: {len(seen['last_saved'])} reports, none lost: {not lost}; submissions: {sum(confirmed.values())} "
          f"(database: {sum(submitted.values())}); accepted during the run: {accepted}; committee reports finalised: "
          f"{final}; tasks: {DBTaskResult.objects.successful().count()} done, {waiting} waiting, {failed_tasks} failed")
    for problem in problems:
        print("PROBLEM:", problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
