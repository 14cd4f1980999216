"""Matrix rows of the committee area."""


def build(world):
    """Add the objects the committee URLs need to `world`."""


ROWS = []
