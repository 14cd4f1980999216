"""Two-step sign-in (TOTP with django-otp, recovery codes): services, the sign-in's second step, pages."""
