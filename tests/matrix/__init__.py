"""The permission matrix: every URL name × every role × the expected answer.

Each domain has a module here with

* ``build(world)``: adds the objects its URLs need to `world` (a SimpleNamespace that
  already holds `users`, `institution` (the reporter's, in the coordinator's portfolio)
  and `other_institution` (the other reporter's, in the other coordinator's portfolio));
* ``ROWS``: a list of ``Row``.

``tests/test_permission_matrix.py`` fails when a URL name has no row. The `world` fixture of
``tests/conftest.py`` builds the world of every module (``build_world``).
"""

from dataclasses import dataclass, field
from types import SimpleNamespace


@dataclass
class Row:
    """One URL name, how to build its kwargs from the world, and the status each role gets.

    ``expect`` maps role → status; missing roles take ``default``. For POST rows
    (method="post") the data is built by ``data(world)``; a POST that succeeds usually
    answers 302. Anonymous users are always expected to be sent to the login page (302)
    unless the row says otherwise.
    """

    name: str
    expect: dict
    kwargs: object = None  # callable(world) -> dict
    method: str = "get"
    data: object = None  # callable(world) -> dict
    default: int = 403
    query: str = ""
    note: str = field(default="")

    def status_for(self, role):
        if role in self.expect:
            return self.expect[role]
        if role == "anonymous":
            return 302
        return self.default


# Namespaces that are not the unit's interface: the superuser's admin.
EXCLUDED_NAMESPACES = {"admin"}
# Every row is tried as each of these (anonymous: a client without a signed-in user).
ROLES = ["anonymous", "director", "coordinator", "other_coordinator", "reporter", "other_reporter", "committee"]

from tests.matrix import (  # noqa: E402 - they import Row from here
    committee,
    data,
    institutions,
    public,
    reports,
    secretariat,
    strategy,
)

MODULES = [institutions, strategy, reports, committee, data, secretariat, public]
ROWS = [row for module in MODULES for row in module.ROWS]


def build_world(users, institution, other_institution):
    """The objects every row's URL needs, built by each module on top of the users and the two institutions."""
    world = SimpleNamespace(users=users, institution=institution, other_institution=other_institution)
    for module in MODULES:
        module.build(world)
    return world
