"""The institutions app's background tasks: the e-mails with a link to choose a password."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from antitrafik.tasks import retry_later

from .models import User


def password_link(user: User) -> str:
    """The absolute URL where `user` chooses a new password (valid for PASSWORD_RESET_TIMEOUT)."""
    path = reverse("password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    })
    return settings.SITE_URL.rstrip("/") + path


def password_link_send_now(*, user: User, welcome: bool = False) -> None:
    """E-mail `user`, in their own language, a link to choose their password (welcome or reset)."""
    template = "registration/welcome" if welcome else "registration/password_reset"
    with translation.override(user.language or settings.LANGUAGE_CODE):
        valid_until = timezone.localtime() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
        context = {"user": user, "link": password_link(user), "site_url": settings.SITE_URL, "valid_until": valid_until}
        subject = "".join(render_to_string(f"{template}_subject.txt", context).splitlines())
        body = render_to_string(f"{template}_email.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@task()
def send_password_link(user_id: int, welcome: bool = False, attempt: int = 1) -> str:
    """E-mail the user a link to choose their password (welcome or reset); retry when the mail server fails.

    The link is made when the e-mail is sent, so it is valid for PASSWORD_RESET_TIMEOUT from then.
    """
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return "not sent: the user was deactivated, removed or has no e-mail address"
    try:
        password_link_send_now(user=user, welcome=welcome)
    except OSError as error:
        return retry_later(send_password_link, attempt=attempt, reason=f"the mail server failed: {error}",
                           args=(user_id, welcome))
    return "sent"
