"""The reports app's background tasks: e-mails about reports (the reminders' task is in reminders.py).

Each takes ids and an `attempt` count; a failure is tried again later (`antitrafik.tasks.retry_later`) and,
after the last attempt, recorded as failed with its reason.
"""

from django.tasks import task

from antitrafik.tasks import retry_later

from . import notifications
from .models import QuarterlyReport


@task()
def notify_report(report_id: int, event: str, only: list[int] | None = None, attempt: int = 1) -> str:
    """E-mail the people concerned by a report's `event` (submitted, returned, accepted); retry the failed ones."""
    try:
        sent, failed = notifications.notify(report_id, event, only=only)
    except QuarterlyReport.DoesNotExist:
        return "not sent: the report was deleted"
    if failed:
        return retry_later(notify_report, attempt=attempt, reason=f"the mail server did not take {len(failed)} e-mail(s)",
                           args=(report_id, event), kwargs={"only": failed})
    return f"sent {sent}"
