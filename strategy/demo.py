"""Demo data of this area (part of `seed_demo`). Idempotent."""


def seed(*, stdout=None, verbosity=1):
    """Nothing yet."""


def set_period_states(*, stdout=None, verbosity=1):
    """Nothing yet."""
