"""Matrix rows of the foundation: sign-in, home, health, language, institutions and users."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories

from . import Row

ALL_SIGNED_IN = {"director": 200, "coordinator": 200, "other_coordinator": 200, "reporter": 200,
                 "other_reporter": 200, "committee": 200}
DIRECTOR = {"director": 200}
DIRECTOR_POST = {"director": 302}
UNIT = {"director": 200, "coordinator": 200, "other_coordinator": 200}


def build(world):
    """An institution nothing refers to (to delete) and a user the director may change."""
    world.spare_institution = factories.InstitutionFactory(code="SPARE", coordinator=None)
    world.target_user = factories.ReporterFactory(username="t-target", institution=world.other_institution)
    TOTPDevice.objects.create(user=world.target_user, name="Authenticator", confirmed=True)


def _institution(world):
    return {"pk": world.institution.pk}


def _spare(world):
    return {"pk": world.spare_institution.pk}


def _target(world):
    return {"pk": world.target_user.pk}


ROWS = [
    Row("healthz", {"anonymous": 200, **ALL_SIGNED_IN}),
    Row("home", ALL_SIGNED_IN),
    Row("login", {"anonymous": 200, **{r: 302 for r in ALL_SIGNED_IN}}),
    Row("logout", {"anonymous": 302, **{r: 302 for r in ALL_SIGNED_IN}}, method="post"),
    Row("set_language", {"anonymous": 302, **{r: 302 for r in ALL_SIGNED_IN}}, method="post",
        data=lambda w: {"language": "en", "next": "/"}),
    # The second step of sign-in answers only a session that passed the password step: others go to the login page.
    Row("login_code", {"anonymous": 302, **{r: 302 for r in ALL_SIGNED_IN}}),
    # One's own account and two-step sign-in: everyone signed in. Without an authenticator there are no recovery
    # codes to make and nothing to switch off: the page says so (409 on POST).
    Row("account", ALL_SIGNED_IN),
    Row("second_factor_enrol", ALL_SIGNED_IN),
    # Without the page opened first there is no key to confirm: back to the page.
    Row("second_factor_enrol", {r: 302 for r in ALL_SIGNED_IN}, method="post", data=lambda w: {"code": "000000"}),
    Row("second_factor_recovery_codes", ALL_SIGNED_IN),
    Row("second_factor_recovery_codes", {r: 409 for r in ALL_SIGNED_IN}, method="post"),
    Row("second_factor_disable", ALL_SIGNED_IN),
    Row("second_factor_disable", {r: 409 for r in ALL_SIGNED_IN}, method="post"),
    Row("password_change", ALL_SIGNED_IN),
    Row("password_change_done", ALL_SIGNED_IN),
    Row("password_reset", {"anonymous": 200, **ALL_SIGNED_IN}),
    Row("password_reset_done", {"anonymous": 200, **ALL_SIGNED_IN}),
    Row("password_reset_confirm", {"anonymous": 200, **ALL_SIGNED_IN},
        kwargs=lambda w: {"uidb64": "AA", "token": "bad-token"}),
    Row("password_reset_complete", {"anonymous": 200, **ALL_SIGNED_IN}),
    # Institutions: the unit reads all, a reporter only its own (another's answers 404), the director manages.
    Row("institutions:institution_list", UNIT),
    Row("institutions:institution_list", UNIT, query="?q=own&kind=ngo&is_active=true&ordering=-code"),
    Row("institutions:institution_detail", {**UNIT, "reporter": 200, "other_reporter": 404}, kwargs=_institution),
    Row("institutions:institution_detail", {**UNIT, "reporter": 404, "other_reporter": 200},
        kwargs=lambda w: {"pk": w.other_institution.pk}),
    Row("institutions:institution_create", DIRECTOR),
    Row("institutions:institution_update", DIRECTOR, kwargs=_institution),
    Row("institutions:institution_deactivate", DIRECTOR, kwargs=_institution),
    Row("institutions:institution_deactivate", DIRECTOR_POST, kwargs=_institution, method="post"),
    Row("institutions:institution_reactivate", DIRECTOR, kwargs=_institution),
    Row("institutions:institution_reactivate", DIRECTOR_POST, kwargs=_institution, method="post"),
    Row("institutions:institution_delete", DIRECTOR, kwargs=_spare),
    Row("institutions:institution_delete", DIRECTOR_POST, kwargs=_spare, method="post"),
    Row("institutions:institution_history", DIRECTOR, kwargs=_institution),
    # Users: the director only.
    Row("institutions:user_list", DIRECTOR),
    Row("institutions:user_list", DIRECTOR, query="?q=t-&role=reporter&is_active=true&ordering=-username"),
    Row("institutions:user_create", DIRECTOR),
    Row("institutions:user_detail", DIRECTOR, kwargs=_target),
    Row("institutions:user_update", DIRECTOR, kwargs=_target),
    Row("institutions:user_deactivate", DIRECTOR, kwargs=_target),
    Row("institutions:user_deactivate", DIRECTOR_POST, kwargs=_target, method="post"),
    Row("institutions:user_reactivate", DIRECTOR, kwargs=_target),
    Row("institutions:user_reactivate", DIRECTOR_POST, kwargs=_target, method="post"),
    Row("institutions:user_send_link", DIRECTOR, kwargs=_target),
    Row("institutions:user_send_link", DIRECTOR_POST, kwargs=_target, method="post"),
    Row("institutions:user_second_factor_reset", DIRECTOR, kwargs=_target),
    Row("institutions:user_second_factor_reset", DIRECTOR_POST, kwargs=_target, method="post"),
    Row("institutions:user_history", DIRECTOR, kwargs=_target),
    # The security log: the director only.
    Row("institutions:security_log", DIRECTOR),
    Row("institutions:security_log", DIRECTOR, query="?kind=sign_in&since=2026-01-01&until=2026-12-31&ip_address=127."),
]
