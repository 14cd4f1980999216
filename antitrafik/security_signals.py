"""Security events that a security log may record: connect receivers to these signals.

Each is sent once the event has happened (after its transaction committed where it writes), with
``request`` (or None outside a request), ``user`` (whose account it concerns) and, where someone else
acted, ``by``. They carry no secret: never a code, a password or a key.

Sign-in itself is Django's ``user_logged_in`` / ``user_login_failed`` / ``user_logged_out``: for a user
with a second factor ``user_logged_in`` is sent only after the second step.
"""

from django.dispatch import Signal

# The second step of sign-in: a right code (method: "totp" or "recovery"), a wrong one (method), and the
# refusal of the step while too many wrong codes lock it (until: the time it opens again).
second_factor_verified = Signal()  # request, user, method
second_factor_failed = Signal()  # request, user, method
second_factor_locked = Signal()  # request, user, until

# The second factor of an account: enrolled (confirmed with a first code), new recovery codes made,
# switched off by its user, or reset by the director (by).
second_factor_enrolled = Signal()  # request, user
recovery_codes_regenerated = Signal()  # request, user
second_factor_disabled = Signal()  # request, user
second_factor_reset = Signal()  # request, user, by

# The password pages refused because of too many attempts (what: "password_change" or "password_reset").
password_throttled = Signal()  # request, user (None when unknown), what

# A session ended on its own (reason: "idle" or "expired").
session_timed_out = Signal()  # request, user, reason
