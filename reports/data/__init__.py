"""The data viewer: every indicator's accepted figures, by quarter and year, with their breakdowns,
coverage and the public sources beside them; and the URLs of the data area (namespace 'data')."""
