"""The public site: publications of figures and committee reports, with small numbers suppressed."""
