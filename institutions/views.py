"""Views of sign-in, the home page, institutions and users. Thin: policy, then selector or service."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView

from antitrafik import policy
from antitrafik.history import history_entries
from antitrafik.policy import PolicyMixin

from . import selectors, services
from .choices import Role
from .filters import InstitutionFilter, UserFilter
from .forms import InstitutionForm, LoginForm, UserForm
from .models import Institution, User

PAGE_SIZE = 50


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
def home(request):
    """Each role's home page, with real data for that role."""
    policy.require(request.user, "home.view")
    user = request.user
    context = {}
    if user.role == Role.DIRECTOR:
        context["overview"] = selectors.director_overview()
    elif user.role == Role.COORDINATOR:
        context["portfolio"] = selectors.coordinator_portfolio(user)
    elif user.role == Role.REPORTER:
        context.update(selectors.reporter_home(user))
    return render(request, "institutions/home.html", context)


# Shared building blocks


class ScopedObjectMixin:
    """Fetch the object through `Model.objects.for_user(request.user)`: out of scope answers 404."""

    model = None

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(self.model.objects.for_user(self.request.user), pk=self.kwargs["pk"])
        return self._object


class ServiceFormView(PolicyMixin, ScopedObjectMixin, FormView):
    """Create (no pk in the URL) or edit (pk) through a service; the service's ValidationError lands on the form."""

    template_name = "generic/form.html"
    title = None  # of the create form
    list_url = None
    success_message = None

    def get_instance(self):
        return self.get_object() if "pk" in self.kwargs else None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_instance()}

    def get_context_data(self, **kwargs):
        obj = self.get_instance()
        return {
            **super().get_context_data(**kwargs),
            "title": _("Edit %(object)s") % {"object": obj} if obj else self.title,
            "cancel_url": obj.get_absolute_url() if obj else reverse(self.list_url),
        }

    def form_valid(self, form):
        obj = self.get_instance()
        try:
            obj = self.update(obj, form.cleaned_data) if obj else self.create(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"object": obj})
        return redirect(obj.get_absolute_url())


class ObjectActionView(PolicyMixin, ScopedObjectMixin, View):
    """A confirmation page (GET) and a state change by a service (POST), then back to the object."""

    title = None
    question = None
    submit_label = None
    danger = False
    success_message = None

    def get(self, request, pk):
        obj = self.get_object()
        return render(request, "generic/confirm.html", {
            "title": self.title % {"object": obj}, "question": self.question % {"object": obj}, "object": obj,
            "cancel_url": obj.get_absolute_url(), "submit_label": self.submit_label, "danger": self.danger,
        })

    def post(self, request, pk):
        obj = self.get_object()
        try:
            self.perform(obj)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, self.success_message % {"object": obj})
        return redirect(obj.get_absolute_url())


class HistoryView(PolicyMixin, ScopedObjectMixin, View):
    """The recorded changes of one object, newest first."""

    title = None

    def get(self, request, pk):
        obj = self.get_object()
        return render(request, "generic/history.html", {
            "title": self.title % {"object": obj}, "object": obj, "entries": history_entries(obj),
            "back_url": obj.get_absolute_url(),
        })


# Institutions


class InstitutionListView(PolicyMixin, FilterView):
    permission = "institution.list"
    filterset_class = InstitutionFilter
    template_name = "institutions/institution_list.html"
    paginate_by = PAGE_SIZE
    extra_context = {"title": _("Institutions")}

    def get_queryset(self):
        return selectors.institution_list(user=self.request.user)


class InstitutionDetailView(PolicyMixin, ScopedObjectMixin, DetailView):
    permission = "institution.view"
    model = Institution
    template_name = "institutions/institution_detail.html"

    def get_object(self, queryset=None):
        return super().get_object()

    def get_context_data(self, **kwargs):
        institution = self.object
        return {
            **super().get_context_data(**kwargs),
            "people": selectors.institution_detail_users(institution=institution, user=self.request.user),
            "can_manage": policy.can(self.request.user, "institution.manage", institution),
        }


class InstitutionFormView(ServiceFormView):
    """Create an institution, or edit one."""

    permission = "institution.manage"
    model = Institution
    form_class = InstitutionForm
    title = _("New institution")
    list_url = "institutions:institution_list"
    success_message = _("Institution %(object)s saved.")

    def create(self, data):
        return services.institution_create(by=self.request.user, data=data)

    def update(self, institution, data):
        return services.institution_update(institution=institution, by=self.request.user, data=data)


class InstitutionDeactivateView(ObjectActionView):
    permission = "institution.manage"
    model = Institution
    title = _("Deactivate %(object)s")
    question = _("Deactivate %(object)s? It will no longer be asked to report. Its users and data stay; "
                 "you can reactivate it later.")
    submit_label = _("Deactivate")
    danger = True
    success_message = _("Institution %(object)s deactivated.")

    def perform(self, obj):
        services.institution_deactivate(institution=obj, by=self.request.user)


class InstitutionReactivateView(ObjectActionView):
    permission = "institution.manage"
    model = Institution
    title = _("Reactivate %(object)s")
    question = _("Reactivate %(object)s? It will be asked to report again.")
    submit_label = _("Reactivate")
    success_message = _("Institution %(object)s reactivated.")

    def perform(self, obj):
        services.institution_reactivate(institution=obj, by=self.request.user)


class InstitutionDeleteView(PolicyMixin, ScopedObjectMixin, View):
    """Delete an institution that nothing refers to; otherwise explain what refers to it."""

    permission = "institution.manage"
    model = Institution
    template_name = "institutions/institution_delete.html"

    def get(self, request, pk):
        institution = self.get_object()
        return render(request, self.template_name, {
            "object": institution, "references": selectors.institution_references(institution),
        })

    def post(self, request, pk):
        institution = self.get_object()
        try:
            services.institution_delete(institution=institution, by=request.user)
        except services.InstitutionInUse as error:
            return render(request, self.template_name, {"object": institution, "references": error.references},
                          status=409)
        messages.success(request, _("Institution %(object)s deleted.") % {"object": institution})
        return redirect("institutions:institution_list")


class InstitutionHistoryView(HistoryView):
    permission = "institution.history"
    model = Institution
    title = _("History of %(object)s")


# Users


class UserListView(PolicyMixin, FilterView):
    permission = "user.list"
    filterset_class = UserFilter
    template_name = "institutions/user_list.html"
    paginate_by = PAGE_SIZE
    extra_context = {"title": _("Users")}

    def get_queryset(self):
        return selectors.user_list(user=self.request.user)


class UserDetailView(PolicyMixin, ScopedObjectMixin, DetailView):
    permission = "user.view"
    model = User
    template_name = "institutions/user_detail.html"
    context_object_name = "person"

    def get_object(self, queryset=None):
        return super().get_object()

    def get_context_data(self, **kwargs):
        person = self.object
        portfolio = person.portfolio.order_by("code") if person.role == Role.COORDINATOR else None
        return {**super().get_context_data(**kwargs), "portfolio": portfolio,
                "can_manage": policy.can(self.request.user, "user.manage", person)}


class UserFormView(ServiceFormView):
    """Create a user (who is e-mailed a link to choose a password), or edit one."""

    permission = "user.manage"
    model = User
    form_class = UserForm
    title = _("New user")
    list_url = "institutions:user_list"
    success_message = _("User %(object)s saved.")

    def get_initial(self):
        if "pk" not in self.kwargs and self.request.GET.get("institution", "").isdigit():
            return {"institution": self.request.GET["institution"], "role": Role.REPORTER}
        return {}

    def create(self, data):
        user = services.user_create(by=self.request.user, data=data)
        messages.info(self.request, _("An e-mail with a link to choose a password is on its way to %(email)s.")
                      % {"email": user.email})
        return user

    def update(self, user, data):
        return services.user_update(user=user, by=self.request.user, data=data)


class UserDeactivateView(ObjectActionView):
    permission = "user.manage"
    model = User
    title = _("Deactivate %(object)s")
    question = _("Deactivate %(object)s? They will no longer be able to sign in, and their open sessions end now. "
                 "Everything they did stays recorded.")
    submit_label = _("Deactivate")
    danger = True
    success_message = _("User %(object)s deactivated.")

    def perform(self, obj):
        services.user_deactivate(user=obj, by=self.request.user)


class UserReactivateView(ObjectActionView):
    permission = "user.manage"
    model = User
    title = _("Reactivate %(object)s")
    question = _("Reactivate %(object)s? They will be able to sign in again.")
    submit_label = _("Reactivate")
    success_message = _("User %(object)s reactivated.")

    def perform(self, obj):
        services.user_reactivate(user=obj, by=self.request.user)


class UserSendLinkView(ObjectActionView):
    permission = "user.manage"
    model = User
    title = _("Send a password link to %(object)s")
    question = _("E-mail %(object)s a new link to choose their password? Their current password keeps "
                 "working until they choose a new one.")
    submit_label = _("Send the link")
    success_message = _("A link to choose a password has been sent to %(object)s.")

    def perform(self, obj):
        services.user_send_link(user=obj, by=self.request.user)


class UserHistoryView(HistoryView):
    permission = "user.history"
    model = User
    title = _("History of %(object)s")
