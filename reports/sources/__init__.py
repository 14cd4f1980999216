"""Public sources: figures the unit takes from published documents, with their citation."""
