"""Matrix rows of the foundation: sign-in, home, health, language."""

from . import Row

ALL_SIGNED_IN = {"director": 200, "coordinator": 200, "other_coordinator": 200, "reporter": 200,
                 "other_reporter": 200, "committee": 200}


def build(world):
    """Nothing beyond the shared world."""


ROWS = [
    Row("healthz", {"anonymous": 200, **ALL_SIGNED_IN}),
    Row("home", ALL_SIGNED_IN),
    Row("login", {"anonymous": 200, **{r: 302 for r in ALL_SIGNED_IN}}),
    Row("logout", {"anonymous": 302, **{r: 302 for r in ALL_SIGNED_IN}}, method="post"),
    Row("set_language", {"anonymous": 302, **{r: 302 for r in ALL_SIGNED_IN}}, method="post",
        data=lambda w: {"language": "en", "next": "/"}),
    Row("password_change", ALL_SIGNED_IN),
    Row("password_change_done", ALL_SIGNED_IN),
    Row("password_reset", {"anonymous": 200, **ALL_SIGNED_IN}),
    Row("password_reset_done", {"anonymous": 200, **ALL_SIGNED_IN}),
    Row("password_reset_confirm", {"anonymous": 200, **ALL_SIGNED_IN},
        kwargs=lambda w: {"uidb64": "AA", "token": "bad-token"}),
    Row("password_reset_complete", {"anonymous": 200, **ALL_SIGNED_IN}),
]
