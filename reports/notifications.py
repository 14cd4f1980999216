"""E-mails about quarterly reports, each rendered in its recipient's language.

The workflow services call the notify_* functions after their transaction commits; `send_reminders`
uses `send_to_users` for the reminders.
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


def send_to_users(users, template, context):
    """Send `reports/email/<template>_subject.txt` / `_body.txt` to each user, in the user's language.

    Returns the number of messages sent.
    """
    sent = 0
    for user in users:
        if not _addressable(user):
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            ctx = {**context, "recipient": user}
            subject = " ".join(render_to_string(f"reports/email/{template}_subject.txt", ctx).split())
            body = render_to_string(f"reports/email/{template}_body.txt", ctx)
        message = EmailMessage(subject=subject, body=body, to=[user.email])
        try:
            message.send()
        except OSError:
            logger.exception("Could not send the e-mail %s to %s", template, user.email)
            continue
        sent += 1
    return sent


def _load(report_id):
    from .models import QuarterlyReport

    return QuarterlyReport.objects.select_related("institution", "institution__coordinator", "period").get(pk=report_id)


def _latest_comments(report):
    from .models import ReviewComment

    return list(ReviewComment.objects.filter(report=report, round=report.times_returned)
                .select_related("activity", "indicator").order_by("pk"))


def notify_submitted(report_id):
    """To the coordinator of the institution's portfolio: a report waits for review."""
    report = _load(report_id)
    return send_to_users([report.institution.coordinator], "submitted", {"report": report, "link": report_link(report)})


def notify_returned(report_id):
    """To the institution's reporters: the report came back with comments."""
    report = _load(report_id)
    context = {"report": report, "link": report_link(report), "comments": _latest_comments(report)}
    return send_to_users(institution_reporters(report.institution), "returned", context)


def notify_accepted(report_id):
    """To the institution's reporters: the report was accepted."""
    report = _load(report_id)
    return send_to_users(institution_reporters(report.institution), "accepted", {"report": report, "link": report_link(report)})
