"""Matrix rows of the strategy area."""


def build(world):
    """Add the objects the strategy URLs need to `world`."""


ROWS = []
