"""The generic views (antitrafik/views/generic.py): how a service's refusal and an out-of-scope result are answered."""

import pytest
from django import forms
from django.test import RequestFactory
from django.urls import reverse

from antitrafik.errors import DomainError
from antitrafik.views.generic import ServiceFormView
from institutions.models import Institution

pytestmark = pytest.mark.django_db


class NameForm(forms.Form):
    name = forms.CharField()


def refusing_view(error):
    class RefusingView(ServiceFormView):
        permission = "home.view"
        form_class = NameForm
        title = "Test"

        def save(self, form):
            raise error

    return RefusingView.as_view()


@pytest.mark.parametrize("kind,field,status", [
    (DomainError.INVALID, "name", 200), (DomainError.INVALID, None, 200),
    (DomainError.CONFLICT, None, 409), (DomainError.FORBIDDEN, None, 403),
])
def test_a_refusal_lands_on_the_form_with_its_status(kind, field, status, reporter):
    request = RequestFactory().post("/", {"name": "x"})
    request.user = reporter
    response = refusing_view(DomainError("Not like this.", kind=kind, field=field))(request)
    assert response.status_code == status
    body = response.content.decode()
    assert "Not like this." in body
    next_to_the_field = 'id="error_1_id_name"' in body
    assert next_to_the_field == (field == "name")


def test_a_write_whose_result_leaves_the_scope_is_undone(director, client_for, monkeypatch):
    from institutions.models import InstitutionQuerySet

    monkeypatch.setattr(InstitutionQuerySet, "for_user", lambda self, user: self.none())
    response = client_for(director).post(reverse("institutions:institution_create"),
                                         {"code": "NEW", "name": "E re", "kind": "ngo"})
    assert response.status_code == 403
    assert "nothing was saved" in response.content.decode()
    assert not Institution.objects.filter(code="NEW").exists()


def test_a_refusal_says_its_messages_and_status():
    error = DomainError(["First.", "Second."], kind=DomainError.CONFLICT)
    assert error.messages == ["First.", "Second."] and str(error) == "First. Second." and error.status == 409
    assert DomainError("x").kind == DomainError.INVALID and not DomainError("x").harmless
    with pytest.raises(ValueError):
        DomainError("x", kind="unknown")
