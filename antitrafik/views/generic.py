"""The shapes of the unit's views, used by every app (after NetBox's `netbox/views/generic/`).

* `ObjectMixin`: the object named by the URL, fetched through ``Model.objects.for_user(user)`` (404 when it is
  outside the user's scope, exactly like a missing one), then the policy asked about that object (403).
* `ObjectView`: a page about one object.
* `ServiceFormView` / `ObjectFormView`: a form whose values go to a service; the service's refusal lands on
  the form; after the write, the saved object must still be in the user's scope.
* `ConfirmActionView`: a confirmation page (GET) and an action through a service (POST), with an optional form
  (e.g. a reason).
* `ObjectHistoryView`: the recorded changes of one object (antitrafik.history).

Every view starts with `PolicyMixin`: anonymous users go to the login page, and the role-level `permission`
is asked before anything is fetched. Services refuse with `antitrafik.errors.DomainError`; these views turn
it into 403 / 409 or into an error on the form.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from antitrafik import policy
from antitrafik.errors import DomainError
from antitrafik.history import history_entries
from antitrafik.policy import PolicyMixin

OUT_OF_SCOPE = _("The result would be outside what you may see: nothing was saved.")


def apply_validation_error(form, error):
    """Put a ValidationError (of a service's `full_clean()`) next to the form's fields, or on top of the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def apply_refusal(form, error):
    """Put a DomainError on the form: next to its field when the form has it, else on top."""
    form.add_error(error.field if error.field in form.fields else None, error.messages)


def as_refusal(error):
    """A ValidationError as a DomainError (invalid), so that views answer both in one way."""
    if isinstance(error, DomainError):
        return error
    field = next(iter(error.error_dict), None) if hasattr(error, "error_dict") else None
    return DomainError(error.messages, kind=DomainError.INVALID, field=field)


def values_of(form, *names):
    """The cleaned values of these fields of `form`, to pass to a service as keyword arguments."""
    return {name: form.cleaned_data[name] for name in names}


def in_scope(obj, user):
    """True when `obj` is among the objects of its model that `user` may see (or its model has no scope)."""
    manager = type(obj)._default_manager
    if not hasattr(manager, "for_user"):
        return True
    return manager.for_user(user).filter(pk=obj.pk).exists()


def refusal_message(request, error):
    """Show a refusal as a message: information when it changed nothing the user wanted, else an error."""
    level = messages.INFO if error.harmless else messages.ERROR
    for text in error.messages:
        messages.add_message(request, level, text)


class ObjectMixin(PolicyMixin):
    """The object of the URL (`pk_url_kwarg`) through its model's `for_user` scope, then the object-level policy.

    `get_queryset()` may be shaped by subclasses (select_related, annotate) but always starts from
    ``Model.objects.for_user(user)``. `object_permission` (default: `permission`) is asked about the object.
    """

    model = None
    pk_url_kwarg = "pk"
    object_permission = None

    def get_model(self):
        return self.model

    def get_queryset(self):
        """The objects of the model that this user may see."""
        return self.get_model().objects.for_user(self.request.user)

    def get_object(self):
        if getattr(self, "_object", None) is None:
            obj = get_object_or_404(self.get_queryset(), pk=self.kwargs[self.pk_url_kwarg])
            policy.require(self.request.user, self.object_permission or self.permission, obj)
            self._object = obj
        return self._object


class ObjectView(ObjectMixin, View):
    """A page about one object: `template_name` with the object under `context_object_name` (and `object`)."""

    template_name = None
    context_object_name = "object"

    def get_context_data(self, **kwargs):
        return {"object": self.object, self.context_object_name: self.object, **kwargs}

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return render(request, self.template_name, self.get_context_data())


class ServiceFormView(PolicyMixin, View):
    """GET shows the form; POST validates it, hands its values to a service (`save`) and redirects.

    The service's ValidationError goes next to the fields; its DomainError onto the form (invalid: status
    `invalid_status`) or answers 403 / 409 (forbidden / conflict) with the form and the message. The write and
    the check that its result is still in the user's scope are one transaction.
    """

    template_name = "generic/form.html"
    form_class = None
    title = None
    submit_label = None
    success_message = _("Saved.")
    invalid_status = 200
    object = None

    def load(self):
        """Fetch the objects the URL names (through their scope); runs after the role-level permission check."""

    def check(self):
        """Raise DomainError when the form cannot be used now (e.g. the object's state does not allow it)."""

    def refused(self, error):
        """The answer to a refusal of `check`: a message on the page the user came from."""
        refusal_message(self.request, error)
        return redirect(self.get_back_url())

    def get_back_url(self):
        return self.get_cancel_url()

    def get_form_kwargs(self):
        return {}

    def get_form(self, data=None, files=None):
        return self.form_class(data=data, files=files, **self.get_form_kwargs())

    def get_title(self):
        return self.title

    def get_cancel_url(self):
        return None

    def get_context_data(self, form, **kwargs):
        return {"form": form, "title": self.get_title(), "cancel_url": self.get_cancel_url(),
                "submit_label": self.submit_label, "object": self.object, **kwargs}

    def render_form(self, form, status=200):
        return render(self.request, self.template_name, self.get_context_data(form), status=status)

    def save(self, form):
        """Call the service with the form's values; return what was saved (the success page's object)."""
        raise NotImplementedError

    def get_success_url(self, result):
        return result.get_absolute_url()

    def get_success_message(self, result):
        return self.success_message % {"object": result} if self.success_message else ""

    def get(self, request, *args, **kwargs):
        self.load()
        try:
            self.check()
        except DomainError as error:
            return self.refused(error)
        return self.render_form(self.get_form())

    def post(self, request, *args, **kwargs):
        self.load()
        try:
            self.check()
        except DomainError as error:
            return self.refused(error)
        form = self.get_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(form, status=self.invalid_status)
        try:
            with transaction.atomic():
                result = self.save(form)
                if isinstance(result, models.Model) and not in_scope(result, request.user):
                    raise DomainError(OUT_OF_SCOPE, kind=DomainError.FORBIDDEN)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render_form(form, status=self.invalid_status)
        except DomainError as error:
            apply_refusal(form, error)
            return self.render_form(form, status=self.invalid_status if error.kind == error.INVALID else error.status)
        if message := self.get_success_message(result):
            messages.success(request, message)
        return redirect(self.get_success_url(result))


class ObjectFormView(ObjectMixin, ServiceFormView):
    """A form about the object of the URL: edit it, or create something inside it (e.g. a pillar in a plan)."""

    def load(self):
        self.object = self.get_object()

    def get_title(self):
        return self.title or _("Edit %(object)s") % {"object": self.object}

    def get_cancel_url(self):
        return self.object.get_absolute_url()


class ConfirmActionView(ObjectMixin, View):
    """GET asks (generic/confirm.html); POST acts on the object through a service (`act`), then goes back.

    `check(obj)` raises a DomainError when the action cannot be taken now: then the page says why instead of
    asking. A refusal is shown as a message on the object's page, or, with `refusal_on_page`, on the
    confirmation page itself (answering 409 / 403 after a POST). An optional `form_class` (e.g. a reason)
    is validated first and its values are passed to `act`.
    """

    template_name = "generic/confirm.html"
    form_class = None
    title = None
    question = None
    submit_label = None
    success_message = None
    danger = False
    refusal_on_page = False
    invalid_status = 200

    def get_message_params(self):
        return {"object": self.object}

    def check(self, obj):
        """Raise DomainError when `obj` does not allow the action now."""

    def act(self, obj, data):
        """Do it, through a service; `data` are the form's values. Returns what the success page shows."""
        raise NotImplementedError

    def get_form_kwargs(self):
        return {}

    def get_form(self, data=None):
        return self.form_class(data, **self.get_form_kwargs()) if self.form_class else None

    def get_back_url(self):
        return self.object.get_absolute_url()

    def get_success_url(self, result):
        return self.get_back_url()

    def get_success_message(self, result):
        return self.success_message % self.get_message_params() if self.success_message else ""

    def get_context_data(self, form=None, refusal=None, **kwargs):
        params = self.get_message_params()
        return {
            "object": self.object, "form": form, "refusal": refusal,
            "title": self.title % params if self.title else "",
            "question": self.question % params if self.question else "",
            "submit_label": self.submit_label, "danger": self.danger, "cancel_url": self.get_back_url(), **kwargs,
        }

    def render_page(self, form=None, refusal=None, status=200):
        return render(self.request, self.template_name, self.get_context_data(form=form, refusal=refusal),
                      status=status)

    def form_invalid(self, form):
        return self.render_page(form=form, status=self.invalid_status)

    def act_refused(self, error, form):
        """A refusal of `act`: values that cannot be accepted go back onto the form; anything else is `refused`."""
        if form is not None and not self.refusal_on_page:
            if isinstance(error, ValidationError):
                apply_validation_error(form, error)
                return self.form_invalid(form)
            if error.kind == error.INVALID:
                apply_refusal(form, error)
                return self.form_invalid(form)
        return self.refused(as_refusal(error), form=form)

    def refused(self, error, form=None):
        if self.refusal_on_page:
            status = error.status if self.request.method == "POST" else 200
            return self.render_page(form=form, refusal=error, status=status)
        refusal_message(self.request, error)
        return redirect(self.get_back_url())

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            self.check(self.object)
        except DomainError as error:
            return self.refused(error)
        return self.render_page(form=self.get_form())

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            self.check(self.object)
        except DomainError as error:
            return self.refused(error)
        form = self.get_form(request.POST)
        if form is not None and not form.is_valid():
            return self.form_invalid(form)
        try:
            with transaction.atomic():
                result = self.act(self.object, form.cleaned_data if form is not None else {})
        except (DomainError, ValidationError) as error:
            return self.act_refused(error, form)
        if message := self.get_success_message(result):
            messages.success(request, message)
        return redirect(self.get_success_url(result))


class ActionView(ConfirmActionView):
    """An action taken by a button on the object's page (POST only, no confirmation page): whatever goes
    wrong is said in a message on the object's page."""

    http_method_names = ["post"]

    def form_invalid(self, form):
        for errors in form.errors.values():
            for text in errors:
                messages.error(self.request, text)
        return redirect(self.get_back_url())


class ObjectHistoryView(ObjectMixin, View):
    """Every recorded change of one object, newest first (generic/history.html)."""

    template_name = "generic/history.html"
    title = _("History of %(object)s")

    def get_entries(self, obj):
        return history_entries(obj)

    def get_title(self):
        return self.title % {"object": self.object}

    def get_back_url(self):
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        return {"object": self.object, "title": self.get_title(),
                "entries": self.get_entries(self.object), "back_url": self.get_back_url(), **kwargs}

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return render(request, self.template_name, self.get_context_data())
