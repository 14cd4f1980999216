"""Views of sign-in, the home page, institutions and users."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .forms import LoginForm


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
def home(request):
    """Each role's home page."""
    return render(request, "institutions/home.html", {})
