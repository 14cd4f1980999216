"""The one way services refuse: `DomainError`, with a message for the user and a kind the views answer by.

Every app's refusals are (subclasses of) this exception: `strategy.services.StrategyError`,
`reports.models.quarterly.ReportError` (and the workflow's errors), `reports.models.committee.CommitteeReportError`,
`institutions.services.InstitutionInUse`. The generic views (antitrafik/views/generic.py) turn it into an answer:

* ``forbidden``: the user may not do this (403);
* ``conflict``: the object's state does not allow it now, e.g. a locked period or a stale form (409);
* ``invalid``: the values given cannot be accepted: the form again, with the message next to `field`.

A ValidationError raised by `full_clean()` inside a service stays a ValidationError: it is about the values of
a model, and the form views put it next to the fields in the same way.
"""


class DomainError(Exception):
    """A refused operation; `message` is for the user (one text, or a list of texts)."""

    FORBIDDEN = "forbidden"
    CONFLICT = "conflict"
    INVALID = "invalid"
    STATUS = {FORBIDDEN: 403, CONFLICT: 409, INVALID: 400}

    kind = INVALID
    # True when the refusal changes nothing the user wanted (e.g. a second click: it is already done);
    # the views show it as information rather than as an error.
    harmless = False

    def __init__(self, message, *, kind=None, field=None):
        super().__init__(message)
        self.message = message
        self.field = field
        if kind is not None:
            if kind not in self.STATUS:
                raise ValueError(f"Unknown kind of refusal: {kind!r}")
            self.kind = kind

    def __str__(self):
        return " ".join(str(m) for m in self.messages)

    @property
    def messages(self):
        """The message as a list of texts."""
        return [str(m) for m in self.message] if isinstance(self.message, list | tuple) else [str(self.message)]

    @property
    def status(self):
        """The HTTP status of a page that answers with this refusal."""
        return self.STATUS[self.kind]
