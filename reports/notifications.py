"""E-mails about quarterly reports, each rendered in its recipient's language.

The workflow services enqueue `reports.tasks.notify_report` with their transaction, and the task worker
sends them (`notify`); the reminder tasks use `render_message` for the reminders.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from institutions.choices import Role

logger = logging.getLogger(__name__)


def report_link(report):
    return settings.SITE_URL.rstrip("/") + report.get_absolute_url()


def institution_reporters(institution):
    """The active reporters of an institution that have an e-mail address."""
    from institutions.models import User

    return list(User.objects.filter(institution=institution, role=Role.REPORTER, is_active=True).exclude(email=""))


def _addressable(user):
    return user is not None and user.is_active and bool(user.email)


def render_message(user, template, context):
    """The e-mail `reports/email/<template>_subject.txt` / `_body.txt` to `user`, in the user's language."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        ctx = {**context, "recipient": user}
        subject = " ".join(render_to_string(f"reports/email/{template}_subject.txt", ctx).split())
        body = render_to_string(f"reports/email/{template}_body.txt", ctx)
    return EmailMessage(subject=subject, body=body, to=[user.email])


def send_to_users(users, template, context):
    """Send the e-mail `template` to each addressable user, in the user's language.

    Returns (number sent, [users whose message the mail server refused or could not take]).
    """
    sent, failed = 0, []
    for user in users:
        if not _addressable(user):
            continue
        try:
            render_message(user, template, context).send()
        except OSError:  # smtplib's errors are OSErrors, as are refused connections
            logger.warning("Could not send the e-mail %s to user %s", template, user.pk, exc_info=True)
            failed.append(user)
            continue
        sent += 1
    return sent, failed


def _load(report_id):
    from .models import QuarterlyReport

    return QuarterlyReport.objects.select_related("institution", "institution__coordinator", "period").get(pk=report_id)


def _latest_comments(report):
    from .models import ReviewComment

    return list(ReviewComment.objects.filter(report=report, round=report.times_returned)
                .select_related("activity", "indicator").order_by("pk"))


def _submitted(report):
    """To the coordinator of the institution's portfolio: a report waits for review."""
    return [report.institution.coordinator], {"report": report, "link": report_link(report)}


def _returned(report):
    """To the institution's reporters: the report came back with comments."""
    context = {"report": report, "link": report_link(report), "comments": _latest_comments(report)}
    return institution_reporters(report.institution), context


def _accepted(report):
    """To the institution's reporters: the report was accepted."""
    return institution_reporters(report.institution), {"report": report, "link": report_link(report)}


EVENTS = {"submitted": _submitted, "returned": _returned, "accepted": _accepted}


def notify(report_id, event, only=None):
    """E-mail the people concerned by `event` of the report (only the users with ids in `only`, when given).

    Returns (number sent, [ids of the users whose message failed]).
    """
    report = _load(report_id)
    users, context = EVENTS[event](report)
    if only is not None:
        users = [user for user in users if user is not None and user.pk in only]
    sent, failed = send_to_users(users, event, context)
    return sent, [user.pk for user in failed]
