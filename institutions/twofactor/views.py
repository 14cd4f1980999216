"""Pages of two-step sign-in: the second step, the account page, setting up the app, recovery codes,
switching it off, and the director's reset of a user's second factor."""

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views import View

from antitrafik import security_signals as signals
from antitrafik.errors import DomainError
from antitrafik.policy import PolicyMixin
from antitrafik.views.generic import ConfirmActionView, as_refusal, refusal_message

from ..models import User
from . import services
from .flow import announce, mark_verified, second_step_finish, second_step_user
from .forms import CodeForm, FirstCodeForm

# The key of the authenticator being set up, between the enrolment page and its form.
ENROLMENT_KEY = "_second_factor_key"


class SecondStepView(View):
    """The second step of sign-in, for a user who passed the password step in this session."""

    template_name = "registration/second_step.html"

    def dispatch(self, request, *args, **kwargs):
        self.person = second_step_user(request)
        if self.person is None:
            messages.info(request, _("Sign in with your username and password first."))
            return redirect("login")
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, form, status=200, locked=None):
        return render(self.request, self.template_name, {"form": form, "locked": locked}, status=status)

    def get(self, request):
        until = services.second_step_locked_until(self.person)
        locked = services.SecondStepLocked(until) if until else None
        return self.render_page(CodeForm(), status=429 if locked else 200, locked=locked)

    def post(self, request):
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self.render_page(form)
        code = form.cleaned_data["code"]
        kind = services.TOTP if code.replace(" ", "").isdigit() else services.RECOVERY
        try:
            method = services.second_factor_verify(user=self.person, code=code)
        except services.SecondStepLocked as error:
            if error.wrong_code:
                announce(signals.second_factor_failed, request, user=self.person, method=kind)
            announce(signals.second_factor_locked, request, user=self.person, until=error.until)
            return self.render_page(CodeForm(), status=429, locked=error)
        except DomainError as error:
            announce(signals.second_factor_failed, request, user=self.person, method=kind)
            form.add_error("code", error.messages)
            return self.render_page(form)
        redirect_to = second_step_finish(request, self.person)
        announce(signals.second_factor_verified, request, user=self.person, method=method)
        if method == services.RECOVERY:
            messages.warning(request, _("You signed in with a recovery code, which is now used up: "
                                        "%(left)d are left. Make new ones on your account page.")
                             % {"left": services.recovery_codes_left(self.person)})
        return redirect(redirect_to or "home")


class AccountView(PolicyMixin, View):
    """The signed-in user's own account: their details and their two-step sign-in."""

    permission = "account.view"

    def get(self, request):
        user = request.user
        device = services.second_factor_device(user)
        return render(request, "institutions/account.html", {
            "title": _("My account"), "second_factor": device,
            "codes_left": services.recovery_codes_left(user) if device else 0,
            "second_factor_required": services.second_factor_required(user),
        })


def _recovery_codes_page(request, codes, title):
    """The recovery codes, shown this once (the page is not stored: signed-in pages are `no-store`)."""
    return render(request, "institutions/recovery_codes.html", {"title": title, "codes": codes})


class EnrolView(PolicyMixin, View):
    """Set up the authenticator app: a QR code drawn here (and the key as text), confirmed by a first code."""

    permission = "account.view"
    template_name = "institutions/second_factor_enrol.html"

    def render_page(self, form, status=200):
        request = self.request
        try:
            device = services.enrolment_device(user=request.user, key=request.session.get(ENROLMENT_KEY, ""))
        except (DomainError, ValidationError) as error:
            request.session.pop(ENROLMENT_KEY, None)
            refusal_message(request, as_refusal(error))
            return redirect("account")
        request.session[ENROLMENT_KEY] = device.key
        secret = device.config_url.split("secret=", 1)[1].split("&", 1)[0]
        qr = segno.make(device.config_url, error="m", micro=False)
        return render(request, self.template_name, {
            "title": _("Set up two-step sign-in"), "form": form,
            "qr_svg": mark_safe(qr.svg_inline(scale=5, border=4, dark="#000", light="#fff")),  # noqa: S308 - drawn here
            "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
            "required": services.second_factor_required(request.user),
        }, status=status)

    def get(self, request):
        return self.render_page(FirstCodeForm())

    def post(self, request):
        form = FirstCodeForm(request.POST)
        key = request.session.get(ENROLMENT_KEY)
        if key is None:  # the page was not opened in this session, or it already served
            messages.info(request, _("This setup is no longer current: open the page again."))
            return redirect("second_factor_enrol")
        if not form.is_valid():
            return self.render_page(form)
        try:
            codes = services.second_factor_enrol(user=request.user, key=key, code=form.cleaned_data["code"],
                                                 keep_session=request.session.session_key or "")
        except DomainError as error:
            if error.field != "code":
                refusal_message(request, error)
                return redirect("account")
            form.add_error("code", error.messages)
            return self.render_page(form)
        request.session.pop(ENROLMENT_KEY, None)
        mark_verified(request, request.user)
        announce(signals.second_factor_enrolled, request, user=request.user)
        messages.success(request, _("Two-step sign-in is on. From now on Antitrafik asks for the app's code "
                                    "after your password."))
        return _recovery_codes_page(request, codes, _("Your recovery codes"))


class _OwnConfirmView(PolicyMixin, View):
    """Confirm-then-act on the signed-in user's own second factor (generic/confirm.html)."""

    permission = "account.view"
    title = question = submit_label = None
    danger = False

    def check(self, user):
        """Raise DomainError when the action cannot be taken now (the page then says why)."""

    def render_page(self, refusal=None, status=200):
        return render(self.request, "generic/confirm.html", {
            "title": self.title, "question": self.question, "submit_label": self.submit_label,
            "danger": self.danger, "cancel_url": reverse("account"), "refusal": refusal,
        }, status=status)

    def get(self, request):
        try:
            self.check(request.user)
        except DomainError as error:
            return self.render_page(refusal=error)
        return self.render_page()


class RecoveryCodesView(_OwnConfirmView):
    """Make new recovery codes; the old ones stop working."""

    title = _("New recovery codes")
    question = _("Make new recovery codes? Your current ones stop working at once. The new ones are shown "
                 "only once: keep them somewhere safe, away from your phone.")
    submit_label = _("Make new codes")

    def check(self, user):
        if services.second_factor_device(user) is None:
            raise DomainError(_("Two-step sign-in is not on for your account."), kind=DomainError.CONFLICT)

    def post(self, request):
        try:
            codes = services.recovery_codes_regenerate(user=request.user)
        except DomainError as error:
            return self.render_page(refusal=error, status=error.status)
        announce(signals.recovery_codes_regenerated, request, user=request.user)
        return _recovery_codes_page(request, codes, _("Your new recovery codes"))


class DisableView(_OwnConfirmView):
    """Switch off one's own two-step sign-in (where the role does not require it)."""

    title = _("Switch off two-step sign-in")
    question = _("Switch off two-step sign-in? Your password alone will sign you in again, and your recovery "
                 "codes stop working.")
    submit_label = _("Switch off")
    danger = True

    def check(self, user):
        if services.second_factor_required(user):
            services.second_factor_disable(user=user)  # refuses, saying why
        if services.second_factor_device(user) is None:
            raise DomainError(_("Two-step sign-in is not on for your account."), kind=DomainError.CONFLICT)

    def post(self, request):
        try:
            services.second_factor_disable(user=request.user)
        except DomainError as error:
            return self.render_page(refusal=error, status=error.status)
        announce(signals.second_factor_disabled, request, user=request.user)
        messages.success(request, _("Two-step sign-in is off."))
        return redirect("account")


class UserSecondFactorResetView(ConfirmActionView):
    """The director removes a user's authenticator and recovery codes (e.g. a lost phone)."""

    permission = "user.second_factor_reset"
    model = User
    title = _("Reset the two-step sign-in of %(object)s")
    question = _("Reset the two-step sign-in of %(object)s? Their authenticator app and recovery codes stop "
                 "working and their open sessions end. Where their role requires it, they set the app up again "
                 "at their next sign-in. This is recorded in their history.")
    submit_label = _("Reset")
    danger = True
    refusal_on_page = True
    success_message = _("The two-step sign-in of %(object)s has been reset.")

    def check(self, obj):
        if obj.pk == self.request.user.pk:
            raise DomainError(_("You cannot reset your own two-step sign-in: another director can, or switch it "
                                "off on your account page."), kind=DomainError.CONFLICT)

    def act(self, obj, data):
        services.second_factor_reset(user=obj, by=self.request.user)
        announce(signals.second_factor_reset, self.request, user=obj, by=self.request.user)
