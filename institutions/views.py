"""Views of sign-in, the home page, institutions and users. Thin: policy, then selector or service."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView

from antitrafik import policy, security_signals
from antitrafik.policy import PolicyMixin
from antitrafik.views.generic import ConfirmActionView, ObjectFormView, ObjectHistoryView, ObjectView, ServiceFormView

from . import selectors, services
from .choices import Role
from .filters import InstitutionFilter, SecurityEventFilter, UserFilter
from .forms import AccountPasswordResetForm, InstitutionForm, LoginForm, StrongPasswordChangeForm, UserForm
from .models import Institution, User
from .security.display import event_facts
from .twofactor.flow import second_step_begin
from .twofactor.services import second_factor_device

PAGE_SIZE = 50


class LoginView(auth_views.LoginView):
    """The password step; a user with an authenticator app then gives its code (institutions.twofactor)."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if second_factor_device(user) is not None:
            second_step_begin(self.request, user, self.get_redirect_url())
            return redirect("login_code")
        return super().form_valid(form)


class ThrottledFormMixin:
    """A password form that refuses after too many attempts (its `throttled`): 429, and a security signal."""

    throttled_what = None

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if getattr(form, "throttled", False):
            user = self.request.user if self.request.user.is_authenticated else None
            security_signals.password_throttled.send(sender=type(self), request=self.request, user=user,
                                                     what=self.throttled_what)
            response.status_code = 429
        return response


class PasswordChangeView(ThrottledFormMixin, auth_views.PasswordChangeView):
    form_class = StrongPasswordChangeForm
    throttled_what = "password_change"


class PasswordResetView(ThrottledFormMixin, auth_views.PasswordResetView):
    form_class = AccountPasswordResetForm
    throttled_what = "password_reset"


def home(request):
    """Each role's home page, with real data for that role: the policy says which panels a user gets. A visitor
    who is not signed in gets the public site (which links to the sign-in page)."""
    if not request.user.is_authenticated:
        return redirect("public:root")
    policy.require(request.user, "home.view")
    user = request.user
    context = {}
    if policy.can(user, "home.unit_overview"):
        context["overview"] = selectors.director_overview()
    elif policy.can(user, "home.portfolio"):
        context["portfolio"] = selectors.coordinator_portfolio(user)
    elif policy.can(user, "home.own_institution"):
        context.update(selectors.reporter_home(user))
    return render(request, "institutions/home.html", context)


# Institutions


class InstitutionListView(PolicyMixin, FilterView):
    permission = "institution.list"
    keep_page = True
    filterset_class = InstitutionFilter
    template_name = "institutions/institution_list.html"
    paginate_by = PAGE_SIZE
    extra_context = {"title": _("Institutions")}

    def get_queryset(self):
        return selectors.institution_list(user=self.request.user)


class InstitutionDetailView(ObjectView):
    permission = "institution.view"
    model = Institution
    template_name = "institutions/institution_detail.html"
    context_object_name = "institution"

    def get_context_data(self, **kwargs):
        institution = self.object
        return super().get_context_data(
            people=selectors.institution_detail_users(institution=institution, user=self.request.user),
            can_manage=policy.can(self.request.user, "institution.manage", institution), **kwargs,
        )


INSTITUTION_FIELDS = ("code", "name", "name_en", "kind", "region", "email", "coordinator", "aliases")


class InstitutionCreateView(ServiceFormView):
    permission = "institution.manage"
    form_class = InstitutionForm
    title = _("New institution")
    success_message = _("Institution %(object)s saved.")

    def get_cancel_url(self):
        return reverse("institutions:institution_list")

    def save(self, form):
        values = {name: form.cleaned_data[name] for name in INSTITUTION_FIELDS}
        return services.institution_create(by=self.request.user, **values)


class InstitutionUpdateView(ObjectFormView):
    permission = "institution.manage"
    model = Institution
    form_class = InstitutionForm
    success_message = _("Institution %(object)s saved.")

    def get_form_kwargs(self):
        return {"instance": self.object}

    def save(self, form):
        values = {name: form.cleaned_data[name] for name in INSTITUTION_FIELDS}
        return services.institution_update(institution=self.object, by=self.request.user, **values)


class InstitutionDeactivateView(ConfirmActionView):
    permission = "institution.manage"
    model = Institution
    title = _("Deactivate %(object)s")
    question = _("Deactivate %(object)s? It will no longer be asked to report. Its users and data stay; "
                 "you can reactivate it later.")
    submit_label = _("Deactivate")
    danger = True
    success_message = _("Institution %(object)s deactivated.")

    def act(self, obj, data):
        return services.institution_deactivate(institution=obj, by=self.request.user)


class InstitutionReactivateView(ConfirmActionView):
    permission = "institution.manage"
    model = Institution
    title = _("Reactivate %(object)s")
    question = _("Reactivate %(object)s? It will be asked to report again.")
    submit_label = _("Reactivate")
    success_message = _("Institution %(object)s reactivated.")

    def act(self, obj, data):
        return services.institution_reactivate(institution=obj, by=self.request.user)


class InstitutionDeleteView(ConfirmActionView):
    """Delete an institution that nothing refers to; otherwise the page explains what refers to it (409 on POST)."""

    permission = "institution.manage"
    model = Institution
    template_name = "institutions/institution_delete.html"
    title = _("Delete %(object)s")
    question = _("Nothing refers to this institution. Deleting it cannot be undone; its history stays recorded.")
    submit_label = _("Delete")
    danger = True
    refusal_on_page = True
    success_message = _("Institution %(object)s deleted.")

    def check(self, obj):
        services.institution_check_deletable(institution=obj)

    def act(self, obj, data):
        services.institution_delete(institution=obj, by=self.request.user)

    def get_success_url(self, result):
        return reverse("institutions:institution_list")


class InstitutionHistoryView(ObjectHistoryView):
    permission = "institution.history"
    model = Institution


# Users


class UserListView(PolicyMixin, FilterView):
    permission = "user.list"
    filterset_class = UserFilter
    template_name = "institutions/user_list.html"
    paginate_by = PAGE_SIZE
    extra_context = {"title": _("Users")}

    def get_queryset(self):
        return selectors.user_list(user=self.request.user)


class UserDetailView(ObjectView):
    permission = "user.view"
    model = User
    template_name = "institutions/user_detail.html"
    context_object_name = "person"

    def get_context_data(self, **kwargs):
        person = self.object
        return super().get_context_data(portfolio=selectors.portfolio_of(person),
                                        second_factor=second_factor_device(person) is not None,
                                        can_manage=policy.can(self.request.user, "user.manage", person), **kwargs)


USER_FIELDS = ("username", "first_name", "last_name", "email", "role", "institution", "language", "phone")


class UserCreateView(ServiceFormView):
    """Create a user, who is e-mailed a link to choose a password."""

    permission = "user.manage"
    form_class = UserForm
    title = _("New user")
    success_message = _("User %(object)s saved.")

    def get_form_kwargs(self):
        if self.request.GET.get("institution", "").isdigit():
            return {"initial": {"institution": self.request.GET["institution"], "role": Role.REPORTER}}
        return {}

    def get_cancel_url(self):
        return reverse("institutions:user_list")

    def save(self, form):
        user = services.user_create(by=self.request.user, **{name: form.cleaned_data[name] for name in USER_FIELDS})
        messages.info(self.request, _("An e-mail with a link to choose a password is on its way to %(email)s.")
                      % {"email": user.email})
        return user


class UserUpdateView(ObjectFormView):
    """Edit a user's profile, role or institution."""

    permission = "user.manage"
    model = User
    form_class = UserForm
    success_message = _("User %(object)s saved.")

    def get_form_kwargs(self):
        return {"instance": self.object}

    def save(self, form):
        values = {name: form.cleaned_data[name] for name in USER_FIELDS}
        return services.user_update(user=self.object, by=self.request.user, **values)


class UserDeactivateView(ConfirmActionView):
    permission = "user.manage"
    model = User
    title = _("Deactivate %(object)s")
    question = _("Deactivate %(object)s? They will no longer be able to sign in, and their open sessions end now. "
                 "Everything they did stays recorded.")
    submit_label = _("Deactivate")
    danger = True
    success_message = _("User %(object)s deactivated.")

    def act(self, obj, data):
        return services.user_deactivate(user=obj, by=self.request.user)


class UserReactivateView(ConfirmActionView):
    permission = "user.manage"
    model = User
    title = _("Reactivate %(object)s")
    question = _("Reactivate %(object)s? They will be able to sign in again.")
    submit_label = _("Reactivate")
    success_message = _("User %(object)s reactivated.")

    def act(self, obj, data):
        return services.user_reactivate(user=obj, by=self.request.user)


class UserSendLinkView(ConfirmActionView):
    permission = "user.manage"
    model = User
    title = _("Send a password link to %(object)s")
    question = _("E-mail %(object)s a new link to choose their password? Their current password keeps "
                 "working until they choose a new one.")
    submit_label = _("Send the link")
    success_message = _("A link to choose a password has been sent to %(object)s.")

    def act(self, obj, data):
        services.user_send_link(user=obj, by=self.request.user)


class UserHistoryView(ObjectHistoryView):
    permission = "user.history"
    model = User


class SecurityLogView(PolicyMixin, FilterView):
    """The security log: sign-ins, refusals, user changes and downloads, newest first (the director only)."""

    permission = "security.log"
    filterset_class = SecurityEventFilter
    template_name = "institutions/security_log.html"
    paginate_by = PAGE_SIZE
    extra_context = {"title": _("Security log")}

    def get_queryset(self):
        return selectors.security_event_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(retention_days=settings.SECURITY_LOG_RETENTION_DAYS, **kwargs)
        for event in context["object_list"]:
            event.facts = event_facts(event.detail)
        return context
