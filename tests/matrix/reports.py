"""Matrix rows of the reports area."""


def build(world):
    """Add the objects the reports URLs need to `world`."""


ROWS = []
